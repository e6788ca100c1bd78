/**
 * Exact evaluation of a query against one tokenised paper, with the reasons it matched:
 * the reference semantics. The naive matcher and the subscribe preview use it directly;
 * the indexed matcher compiles queries (`query-code.ts`) but shares the term primitives
 * (`compare`, `termReason`, `fieldReason`) and is property-tested to give the same answers.
 */
import type { CompareOp, QueryNode, TermNode } from './ast.ts';
import type { Paper } from '../model.ts';
import { AUTHORS, FIELD_BITS, FIELD_NAMES, GAP, ORG, fieldMask, hasSequence, paperText } from './paper-text.ts';
import type { PaperText } from './paper-text.ts';
import { foldedWords } from './text.ts';

/** The outcome of evaluating a query on a paper. */
export interface Evaluation {
  matched: boolean;
  /**
   * Why it matched, one human-readable reason per satisfied positive term or filter, in
   * query order, without duplicates: `"diffusion" in title, abstract`, `author "Yann LeCun"`,
   * `upvotes 42 ≥ 20`. Empty when it did not match. Exclusions give no reason.
   */
  why: string[];
}

/** Bitmask of the fields (among those the term searches) in which the term occurs. */
export function termFields(term: TermNode, text: PaperText): number {
  const keys = term.keys;
  const first = text.words.get(keys[0] ?? GAP);
  if (first === undefined) return 0;
  let mask = fieldMask(term.field) & first.mask;
  for (let k = 1; k < keys.length && mask !== 0; k++) mask &= text.words.get(keys[k] ?? GAP)?.mask ?? 0;
  if (keys.length === 1 || mask === 0) return mask;
  let found = 0;
  outer: for (const p of first.at) {
    const bit = text.fieldAt[p] ?? 0;
    if ((bit & mask) === 0 || (bit & found) !== 0) continue;
    for (let k = 1; k < keys.length; k++) if (text.tokens[p + k] !== keys[k]) continue outer;
    found |= bit;
  }
  return found;
}

export function compare(value: number, op: CompareOp, limit: number): boolean {
  switch (op) {
    case '>=':
      return value >= limit;
    case '>':
      return value > limit;
    case '<=':
      return value <= limit;
    case '<':
      return value < limit;
    case '=':
      return value === limit;
  }
}

/**
 * What the boolean logic needs to know about each term on one paper, computed on demand by
 * {@link directResults}. (The indexed matcher does not use this reference path: it runs
 * compiled queries over memoised term results, `query-code.ts`, and must agree with it.)
 */
export interface TermResults {
  readonly text: PaperText;
  fields(term: TermNode): number;
  reason(term: TermNode): string;
}

/** Term results computed on demand, without memoisation. */
export function directResults(text: PaperText): TermResults {
  return {
    text,
    fields: (term) => termFields(term, text),
    reason: (term) => termReason(term, termFields(term, text), text),
  };
}

/** Whether `node` matches, short-circuiting; no reasons. */
export function matches(node: QueryNode, r: TermResults): boolean {
  switch (node.type) {
    case 'term':
      return r.fields(node) !== 0;
    case 'upvotes':
      return compare(r.text.paper.upvotes, node.op, node.value);
    case 'not':
      return !matches(node.operand, r);
    case 'and':
      for (const o of node.operands) if (!matches(o, r)) return false;
      return true;
    case 'or':
      for (const o of node.operands) if (matches(o, r)) return true;
      return false;
  }
}

/** The reasons of a node known to match: positive terms and filters that hold, in query order, deduplicated. */
export function reasons(node: QueryNode, r: TermResults): string[] {
  const why: string[] = [];
  explain(node, r, why);
  return withoutRepeats(why);
}

/** `why` without its later repeats. */
export const withoutRepeats = (why: string[]): string[] =>
  why.length > 1 ? why.filter((w, i) => why.indexOf(w) === i) : why;

/** Evaluates `query` on an already tokenised paper. */
export function evaluate(query: QueryNode, text: PaperText, r: TermResults = directResults(text)): Evaluation {
  return matches(query, r) ? { matched: true, why: reasons(query, r) } : { matched: false, why: [] };
}

/** Convenience: tokenises `paper` and evaluates `query` on it. */
export function matchPaper(query: QueryNode, paper: Paper): Evaluation {
  return evaluate(query, paperText(paper));
}

const OP_SYMBOL: Record<CompareOp, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' };

/** `upvotes 42 ≥ 20`: the reason an upvotes filter gives. */
export const upvotesReason = (upvotes: number, op: CompareOp, limit: number): string =>
  `upvotes ${upvotes} ${OP_SYMBOL[op]} ${limit}`;

function explain(node: QueryNode, r: TermResults, why: string[]): void {
  switch (node.type) {
    case 'term':
      why.push(r.reason(node));
      return;
    case 'upvotes':
      why.push(upvotesReason(r.text.paper.upvotes, node.op, node.value));
      return;
    case 'not':
      return;
    case 'and':
      for (const o of node.operands) explain(o, r, why);
      return;
    case 'or':
      for (const o of node.operands) if (matches(o, r)) explain(o, r, why);
      return;
  }
}

/** Whether the reason of a term found in these fields names the paper's authors or organization. */
export const namesPeople = (mask: number): boolean => mask === AUTHORS || mask === ORG;

/** The reason a matching term gives, given the fields it occurs in (`termFields`). */
export function termReason(term: TermNode, mask: number, text: Pick<PaperText, 'paper' | 'authorWords'>): string {
  if (!namesPeople(mask)) return fieldReason(term, mask);
  const names = mask === AUTHORS ? text.paper.authors : [text.paper.organization ?? ''];
  const folded = (n: number): readonly string[] => (mask === AUTHORS ? text.authorWords[n] : undefined) ?? foldedWords(names[n] ?? '');
  const hits = names.filter((_, n) => hasSequence(folded(n), term.keys)).map((n) => `"${n}"`);
  const label = mask === ORG ? 'org' : hits.length > 1 ? 'authors' : 'author';
  return `${label} ${hits.join(', ')}`;
}

/** `"diffusion" in title, abstract`: depends on the term and the fields only. */
export function fieldReason(term: TermNode, mask: number): string {
  const fields = FIELD_BITS.filter((bit) => mask & bit).map((bit) => FIELD_NAMES[bit]);
  return `"${term.words.join(' ')}" in ${fields.join(', ')}`;
}
