/**
 * Interned query terms. Subscriptions often share terms ("large language models" may be in
 * thousands of them); the matcher stores one node per distinct term, gives it a small
 * integer id, and checks each term at most once per paper (the term index says which to
 * check). A term's words are vocabulary ids, so checking it is array work. Reasons depend
 * on the term and its fields only (except those naming people) and are kept.
 */
import type { QueryNode, TermNode } from './ast.ts';
import { fieldReason, namesPeople, termReason } from './evaluate.ts';
import { fieldMask } from './paper-text.ts';
import { termKey } from './index-keys.ts';
import type { PaperWords } from './paper-words.ts';
import type { PeopleText } from './term-batch.ts';
import { TermIndex } from './term-index.ts';
import type { Vocabulary } from './vocabulary.ts';

/** A term node shared by every query that uses the term; `id` indexes the table's arrays. */
export interface InternedTerm extends TermNode {
  readonly id: number;
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

export class TermTable {
  private readonly bySignature = new Map<string, InternedTerm>();
  private readonly free: number[] = [];
  /** By term id: the node, its users, its words (vocabulary ids) and the fields it searches. */
  private readonly nodes: Array<InternedTerm | undefined> = [];
  private readonly refs: number[] = [];
  private readonly keyIds: Array<readonly number[]> = [];
  private readonly searched: number[] = [];
  /** Reasons that depend on the fields only, kept across papers: term id → fields mask → `[reason]`. */
  private readonly whyByMask: Array<Array<readonly string[] | undefined> | undefined> = [];
  /** Every term by its key. */
  readonly index: TermIndex;

  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly words: PaperWords,
  ) {
    this.index = new TermIndex(vocabulary);
  }

  get size(): number {
    return this.bySignature.size;
  }

  /** A copy of `query` whose terms are the shared nodes (counted as one more reference). */
  intern(node: QueryNode): QueryNode {
    switch (node.type) {
      case 'term':
        return this.internTerm(node);
      case 'upvotes':
        return node;
      case 'not':
        return { ...node, operand: this.intern(node.operand) };
      default:
        return { ...node, operands: node.operands.map((o) => this.intern(o)) };
    }
  }

  /** Drops the references an interned query holds. */
  release(node: QueryNode): void {
    switch (node.type) {
      case 'term':
        return this.releaseTerm(node as InternedTerm);
      case 'upvotes':
        return;
      case 'not':
        return this.release(node.operand);
      default:
        for (const o of node.operands) this.release(o);
    }
  }

  /** One more than the largest term id in use: the length per-term arrays need. */
  get capacity(): number {
    return this.nodes.length;
  }

  /**
   * `[reason]` of term `id` found in `fields` of `paper` (as `termReason` gives it); shared,
   * not to be modified, unless it names people.
   */
  why(id: number, fields: number, paper: PeopleText): readonly string[] {
    const term = this.nodes[id] as InternedTerm;
    if (namesPeople(fields)) return [termReason(term, fields, paper)];
    const byMask = (this.whyByMask[id] ??= []);
    return (byMask[fields] ??= [fieldReason(term, fields)]);
  }

  /** Bitmask of the fields (among those term `id` searches) in which it occurs in the current paper. */
  fieldsInPaper(id: number): number {
    const keys = this.keyIds[id];
    if (keys === undefined || keys.length === 0) return 0;
    const w = this.words;
    let mask = this.searched[id] ?? 0;
    for (let k = 0; k < keys.length && mask !== 0; k++) mask &= w.fieldsOf(keys[k] ?? 0);
    if (keys.length === 1 || mask === 0) return mask;
    // A phrase: its words must also be consecutive, within one field.
    const { tokenIds, fieldAt, nextAt } = w;
    let found = 0;
    outer: for (let p = w.firstAt[keys[0] ?? 0] ?? -1; p !== -1; p = nextAt[p] ?? -1) {
      const bit = fieldAt[p] ?? 0;
      if ((bit & mask) === 0 || (bit & found) !== 0) continue;
      for (let k = 1; k < keys.length; k++) if (tokenIds[p + k] !== keys[k]) continue outer;
      found |= bit;
    }
    return found;
  }

  private internTerm(node: TermNode): InternedTerm {
    const signature = signatureOf(node);
    let term = this.bySignature.get(signature);
    if (term === undefined) {
      const id = this.free.pop() ?? this.nodes.length;
      term = { ...node, id };
      this.bySignature.set(signature, term);
      this.nodes[id] = term;
      this.refs[id] = 0;
      this.keyIds[id] = node.keys.map((k) => this.vocabulary.acquire(k));
      this.searched[id] = fieldMask(node.field);
      this.index.add(id, termKey(node).key);
    }
    this.refs[term.id] = (this.refs[term.id] ?? 0) + 1;
    return term;
  }

  private releaseTerm(term: InternedTerm): void {
    const { id } = term;
    const left = (this.refs[id] ?? 0) - 1;
    this.refs[id] = left;
    if (left > 0) return;
    this.bySignature.delete(signatureOf(term));
    this.index.delete(id, termKey(term).key);
    for (const word of this.keyIds[id] ?? []) this.vocabulary.release(word);
    this.nodes[id] = undefined;
    this.keyIds[id] = [];
    this.whyByMask[id] = undefined;
    this.free.push(id);
  }
}
