/**
 * A query compiled for the matcher: its tree flattened into one array of numbers, with
 * interned term ids in place of term nodes, so evaluating it walks a compact array rather
 * than a graph of objects. It runs on a whole batch of papers at once (`term-batch.ts`):
 * each value is a bitset of papers, AND is `&`, OR is `|` and NOT is the complement, which
 * gives for every paper what `matches()` in `evaluate.ts` gives for it alone.
 *
 * Each node is `[op, length, ...]`, `length` covering the node and its operands:
 *   TERM [0, 3, termId] · UPVOTES [1, 4, comparison, value] · NOT [2, n, operand] ·
 *   AND [3, n, operands...] · OR [4, n, operands...]
 */
import type { CompareOp, QueryNode } from './ast.ts';
import { compare, upvotesReason, withoutRepeats } from './evaluate.ts';
import type { Paper } from '../model.ts';
import { HALF, type TermBatch } from './term-batch.ts';
import type { InternedTerm, TermTable } from './term-table.ts';

const TERM = 0;
const UPVOTES = 1;
const NOT = 2;
const AND = 3;
const OR = 4;
const COMPARISONS: readonly CompareOp[] = ['>=', '>', '<=', '<', '='];

/** Compiled queries; the matcher keeps many of them in one `Int32Array`. */
export type QueryCode = ArrayLike<number>;

/** Compiles a query whose terms were interned by `TermTable.intern`. */
export function compileQuery(query: QueryNode): number[] {
  const out: number[] = [];
  const emit = (node: QueryNode): void => {
    const start = out.length;
    switch (node.type) {
      case 'term':
        out.push(TERM, 3, (node as InternedTerm).id);
        return;
      case 'upvotes':
        out.push(UPVOTES, 4, COMPARISONS.indexOf(node.op), node.value);
        return;
      case 'not':
        out.push(NOT, 0);
        emit(node.operand);
        break;
      default:
        out.push(node.type === 'and' ? AND : OR, 0);
        for (const o of node.operands) emit(o);
    }
    out[start + 1] = out.length - start;
  };
  emit(query);
  return out;
}

/**
 * The reasons of the query at `pc`, known to match paper `j` of the batch, exactly as
 * `reasons()` in `evaluate.ts` gives them: positive terms and filters that hold, in query
 * order, without repeats; of an OR only the branches that match.
 */
export function explainQuery(code: QueryCode, pc: number, terms: TermTable, batch: TermBatch, j: number): string[] {
  const why: string[] = [];
  explainAt(code, pc, terms, batch, j, why);
  return withoutRepeats(why);
}

function explainAt(code: QueryCode, pc: number, terms: TermTable, batch: TermBatch, j: number, why: string[]): void {
  switch (code[pc]) {
    case TERM: {
      const term = code[pc + 2] ?? 0;
      why.push(terms.why(term, batch.fields(term, j), batch.papers[j] as Paper)[0] ?? '');
      return;
    }
    case UPVOTES:
      why.push(upvotesReason(batch.papers[j]?.upvotes ?? 0, COMPARISONS[code[pc + 2] ?? 0] ?? '=', code[pc + 3] ?? 0));
      return;
    case NOT:
      return;
    default: {
      const all = code[pc] === AND;
      const end = pc + (code[pc + 1] ?? 0);
      for (let q = pc + 2; q < end; q += code[q + 1] ?? end)
        if (all || (runQuery(code, q, batch, j >>> 5) >>> (j & 31)) & 1) explainAt(code, q, terms, batch, j, why);
    }
  }
}

/** The papers of half `half` of the batch (one bit each) that the node at `pc` matches. */
export function runQuery(code: QueryCode, pc: number, batch: TermBatch, half: number): number {
  switch (code[pc]) {
    case TERM:
      return batch.papersWith(code[pc + 2] ?? 0, half);
    case UPVOTES: {
      const op = COMPARISONS[code[pc + 2] ?? 0] ?? '=';
      const limit = code[pc + 3] ?? 0;
      const { papers } = batch;
      const from = half * HALF;
      const to = Math.min(papers.length, from + HALF);
      let found = 0;
      for (let j = from; j < to; j++) if (compare(papers[j]?.upvotes ?? 0, op, limit)) found |= 1 << (j - from);
      return found;
    }
    case NOT:
      return (batch.all[half] ?? 0) & ~runQuery(code, pc + 2, batch, half);
    case AND: {
      const end = pc + (code[pc + 1] ?? 0);
      let found = batch.all[half] ?? 0;
      for (let q = pc + 2; q < end && found !== 0; q += code[q + 1] ?? end) found &= runQuery(code, q, batch, half);
      return found;
    }
    default: {
      const end = pc + (code[pc + 1] ?? 0);
      const all = batch.all[half] ?? 0;
      let found = 0;
      for (let q = pc + 2; q < end && found !== all; q += code[q + 1] ?? end) found |= runQuery(code, q, batch, half);
      return found;
    }
  }
}

/**
 * Whether the reasons of `query` depend only on the fields each of its terms occurs in, so
 * that {@link reasonKey} identifies them: no upvotes filter (its reason quotes the paper's
 * upvotes), no `author:`/`org:` term (its reason names the paper's people), at most five terms.
 */
export function reasonsFollowFields(query: QueryNode): boolean {
  let terms = 0;
  const plain = (node: QueryNode): boolean => {
    switch (node.type) {
      case 'term':
        terms++;
        return node.field !== 'author' && node.field !== 'org';
      case 'upvotes':
        return false;
      case 'not':
        return plain(node.operand);
      default:
        return node.operands.every(plain);
    }
  };
  return plain(query) && terms <= 5;
}

/** The term ids of the query at `pc`, once per occurrence, in query order. */
export function termIdsOf(code: QueryCode, pc: number): number[] {
  const out: number[] = [];
  const end = pc + (code[pc + 1] ?? 0);
  while (pc < end) {
    const op = code[pc] ?? TERM;
    if (op === TERM) out.push(code[pc + 2] ?? 0);
    pc += op === TERM || op === UPVOTES ? (code[pc + 1] ?? 3) : 2;
  }
  return out;
}

/**
 * The fields of every term of the query at `pc` in paper `j` of the batch, packed into one
 * positive number (six bits a term): equal keys mean equal reasons, for a query for which
 * {@link reasonsFollowFields} holds and that matches.
 */
export function reasonKey(code: QueryCode, pc: number, batch: TermBatch, j: number): number {
  let key = 0;
  const end = pc + (code[pc + 1] ?? 0);
  while (pc < end) {
    const op = code[pc] ?? TERM;
    if (op === TERM) key = (key << 6) | batch.fields(code[pc + 2] ?? 0, j);
    pc += op === TERM || op === UPVOTES ? (code[pc + 1] ?? 3) : 2;
  }
  return key;
}
