/**
 * Exact evaluation of a query against one tokenised paper, with the reasons it matched.
 * Both the indexed matcher and the naive reference use this, so they agree by design on
 * everything but the choice of candidates.
 */
import type { CompareOp, QueryNode, TermNode } from './ast.ts';
import type { Paper } from '../model.ts';
import { AUTHORS, FIELD_BITS, FIELD_NAMES, ORG, fieldMask, hasSequence, paperText } from './paper-text.ts';
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
  let mask = fieldMask(term.field);
  for (const key of term.keys) {
    mask &= text.words.get(key) ?? 0;
    if (mask === 0) return 0;
  }
  if (term.keys.length < 2) return term.keys.length === 1 ? mask : 0;
  let found = 0;
  for (const bit of FIELD_BITS) {
    if (mask & bit && hasSequence(text.sequences.get(bit) ?? [], term.keys)) found |= bit;
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

/** Whether `node` matches, short-circuiting; no reasons. */
export function test(node: QueryNode, text: PaperText): boolean {
  switch (node.type) {
    case 'term':
      return termFields(node, text) !== 0;
    case 'upvotes':
      return compare(text.paper.upvotes, node.op, node.value);
    case 'not':
      return !test(node.operand, text);
    case 'and':
      return node.operands.every((o) => test(o, text));
    case 'or':
      return node.operands.some((o) => test(o, text));
  }
}

/** Evaluates `query` on an already tokenised paper. */
export function evaluate(query: QueryNode, text: PaperText): Evaluation {
  if (!test(query, text)) return { matched: false, why: [] };
  const why: string[] = [];
  explain(query, text, why);
  return { matched: true, why: [...new Set(why)] };
}

/** Convenience: tokenises `paper` and evaluates `query` on it. */
export function matchPaper(query: QueryNode, paper: Paper): Evaluation {
  return evaluate(query, paperText(paper));
}

const OP_SYMBOL: Record<CompareOp, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' };

/** Appends the reasons of a node known to match. */
function explain(node: QueryNode, text: PaperText, why: string[]): void {
  switch (node.type) {
    case 'term':
      why.push(termReason(node, text));
      return;
    case 'upvotes':
      why.push(`upvotes ${text.paper.upvotes} ${OP_SYMBOL[node.op]} ${node.value}`);
      return;
    case 'not':
      return;
    case 'and':
      for (const o of node.operands) explain(o, text, why);
      return;
    case 'or':
      for (const o of node.operands) if (test(o, text)) explain(o, text, why);
      return;
  }
}

function termReason(term: TermNode, text: PaperText): string {
  const shown = `"${term.words.join(' ')}"`;
  const mask = termFields(term, text);
  if (mask === AUTHORS || mask === ORG) {
    const names = mask === AUTHORS ? text.paper.authors : [text.paper.organization ?? ''];
    const hits = names.filter((n) => hasSequence(foldedWords(n), term.keys)).map((n) => `"${n}"`);
    const label = mask === ORG ? 'org' : hits.length > 1 ? 'authors' : 'author';
    return `${label} ${hits.join(', ')}`;
  }
  const fields = FIELD_BITS.filter((bit) => mask & bit).map((bit) => FIELD_NAMES[bit]);
  return `${shown} in ${fields.join(', ')}`;
}
