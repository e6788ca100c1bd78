/**
 * Interned query terms. Subscriptions often share terms ("large language models" may be in
 * thousands of them); the matcher stores one shared node per distinct term and computes
 * each term's fields and reason at most once per paper.
 */
import type { QueryNode, TermNode } from './ast.ts';
import { fieldReason, namesPeople, termFields, termReason } from './evaluate.ts';
import type { TermResults } from './evaluate.ts';
import type { PaperText } from './paper-text.ts';

/** Per-paper memo of one interned term. */
interface Memo {
  /** The paper (stamp) `fields` and `reason` were computed for. */
  stamp: number;
  fields: number;
  /** This paper's reason, when it names people (it depends on the paper). */
  reason: string | undefined;
  /** Other reasons depend on the fields only, so they are kept across papers, by fields mask. */
  byMask: Array<string | undefined> | undefined;
}

/** An interned term node carries its memo, saving a lookup per evaluation. */
interface MemoTerm extends TermNode {
  readonly memo: Memo;
}

interface Slot {
  readonly signature: string;
  readonly term: MemoTerm;
  refs: number;
}

/** Shared term nodes with reference counts and a per-paper memo. */
export interface TermTable {
  /** A copy of `query` whose terms are the shared nodes (counted as one more reference). */
  intern(query: QueryNode): QueryNode;
  /** Drops the references an interned query holds. */
  release(query: QueryNode): void;
  /** Term results for one paper, memoised under `stamp` (a new stamp for each paper). */
  results(text: PaperText, stamp: number): TermResults;
  readonly size: number;
}

const signatureOf = (t: TermNode): string => JSON.stringify([t.field, t.words, t.keys]);

/** Identifies a query tree exactly (structure, words and keys), so identical queries can be shared. */
export function querySignature(node: QueryNode): string {
  switch (node.type) {
    case 'term':
      return signatureOf(node);
    case 'upvotes':
      return `upvotes${node.op}${node.value}`;
    case 'not':
      return `-${querySignature(node.operand)}`;
    default:
      return `${node.type}(${node.operands.map(querySignature).join(',')})`;
  }
}

export function createTermTable(): TermTable {
  const bySignature = new Map<string, Slot>();

  const intern = (node: QueryNode): QueryNode => {
    switch (node.type) {
      case 'term': {
        const signature = signatureOf(node);
        let slot = bySignature.get(signature);
        if (slot === undefined) {
          const term: MemoTerm = { ...node, memo: { stamp: -1, fields: 0, reason: undefined, byMask: undefined } };
          slot = { signature, term, refs: 0 };
          bySignature.set(signature, slot);
        }
        slot.refs++;
        return slot.term;
      }
      case 'upvotes':
        return node;
      case 'not':
        return { ...node, operand: intern(node.operand) };
      default:
        return { ...node, operands: node.operands.map(intern) };
    }
  };

  const release = (node: QueryNode): void => {
    switch (node.type) {
      case 'term': {
        const slot = bySignature.get(signatureOf(node));
        if (slot !== undefined && --slot.refs === 0) bySignature.delete(slot.signature);
        return;
      }
      case 'upvotes':
        return;
      case 'not':
        return release(node.operand);
      default:
        for (const o of node.operands) release(o);
    }
  };

  const results = (text: PaperText, stamp: number): TermResults => {
    /** The memo of an interned term, brought up to date for this paper; else undefined. */
    const fresh = (term: TermNode): Memo | undefined => {
      const memo = (term as Partial<MemoTerm>).memo;
      if (memo !== undefined && memo.stamp !== stamp) {
        memo.stamp = stamp;
        memo.fields = termFields(term, text);
        memo.reason = undefined;
      }
      return memo;
    };
    return {
      text,
      fields: (term) => fresh(term)?.fields ?? termFields(term, text),
      reason: (term) => {
        const memo = fresh(term);
        if (memo === undefined) return termReason(term, termFields(term, text), text);
        if (namesPeople(memo.fields)) return (memo.reason ??= termReason(term, memo.fields, text));
        return ((memo.byMask ??= [])[memo.fields] ??= fieldReason(term, memo.fields));
      },
    };
  };

  return {
    intern,
    release,
    results,
    get size() {
      return bySignature.size;
    },
  };
}
