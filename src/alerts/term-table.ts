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
import type { Paper } from '../model.ts';
import { TermIndex } from './term-index.ts';
import { grown, type Vocabulary } from './vocabulary.ts';

/** Words of a term kept inline, see `TermTable.inlineKeys`. */
const INLINE = 4;
/** `keyIds` of the terms whose words are all inline. */
const NO_KEYS: readonly number[] = Object.freeze([]);

const sameWords = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((w, i) => w === b[i]);

/** A term node shared by every query that uses the term; `id` indexes the table's arrays. */
export interface InternedTerm extends TermNode {
  readonly id: number;
}

/**
 * Identifies a term exactly (field, words and keys) as a short flat string. Words are runs of letters and digits
 * (`text.ts`), so a space and `|` cannot occur in them; keys are left out when they are the words.
 */
const signatureOf = (t: TermNode): string => {
  const words = t.words.join(' ');
  const keys = t.keys.join(' ');
  // Joined, not a template literal: a flat string, not a concatenation kept as a tree.
  return (keys === words ? [t.field ?? '', words] : [t.field ?? '', words, keys]).join('|');
};

/**
 * `copy` with any other field of `node` added. The kept nodes are built as literals, not with `{ ...node }`: V8 gave
 * each spread copy its own hidden class (about 250 bytes more per node; 140,000 nodes at 100,000 subscriptions).
 */
function withFields<T extends QueryNode>(copy: T, node: QueryNode): T {
  const from = node as unknown as Record<string, unknown>;
  const to = copy as unknown as Record<string, unknown>;
  for (const key of Object.keys(from)) if (!(key in to)) to[key] = from[key];
  return copy;
}

export class TermTable {
  private readonly bySignature = new Map<string, InternedTerm>();
  private readonly free: number[] = [];
  /** By term id: the node, its users, its words (vocabulary ids) and the fields it searches. */
  private readonly nodes: Array<InternedTerm | undefined> = [];
  private readonly refs: number[] = [];
  private readonly keyIds: Array<readonly number[]> = [];
  /**
   * The same, for checking terms in papers without chasing pointers: by term id, the number
   * of words (0 once released), the fields searched, and the first {@link INLINE} word ids
   * at `id · INLINE` (longer terms read `keyIds`).
   */
  private keyCount = new Int32Array(0);
  private searched = new Uint8Array(0);
  private inlineKeys = new Int32Array(0);
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
        return withFields({ type: node.type, operand: this.intern(node.operand), pos: node.pos }, node);
      default:
        return withFields({ type: node.type, operands: node.operands.map((o) => this.intern(o)), pos: node.pos }, node);
    }
  }

  /**
   * After a snapshot is read (`engine-snapshot.ts`; V8 reads each occurrence of a string back as its own copy): each
   * kept term's keys (its words too, when they are one array) hold the vocabulary's one copy of each word again.
   */
  shareStrings(): void {
    const { vocabulary } = this;
    vocabulary.shareStrings();
    for (const term of this.nodes) {
      const keys = term?.keys as string[] | undefined;
      if (keys) for (let k = 0; k < keys.length; k++) keys[k] = vocabulary.word(vocabulary.id(keys[k] ?? '')) || (keys[k] ?? '');
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
  why(id: number, fields: number, paper: Paper): readonly string[] {
    const term = this.nodes[id] as InternedTerm;
    // Reasons naming people fold the names they quote (`authorWords` left empty).
    if (namesPeople(fields)) return [termReason(term, fields, { paper, authorWords: [] })];
    const byMask = (this.whyByMask[id] ??= []);
    return (byMask[fields] ??= [fieldReason(term, fields)]);
  }

  /** Bitmask of the fields (among those term `id` searches) in which it occurs in the current paper. */
  fieldsInPaper(id: number): number {
    const n = this.keyCount[id] ?? 0;
    if (n === 0) return 0;
    // Words from the inline array, or from `keyIds` for long terms (offset 0); no closures
    // here: this runs for every term of every paper.
    const keys: ArrayLike<number> = n <= INLINE ? this.inlineKeys : (this.keyIds[id] ?? []);
    const base = n <= INLINE ? id * INLINE : 0;
    const w = this.words;
    let mask = this.searched[id] ?? 0;
    for (let k = 0; k < n && mask !== 0; k++) mask &= w.fieldsOf(keys[base + k] ?? 0);
    if (n === 1 || mask === 0) return mask;
    // A phrase: its words must also be consecutive, within one field.
    const { tokenIds, fieldAt, nextAt } = w;
    let found = 0;
    outer: for (let p = w.firstAt[keys[base] ?? 0] ?? -1; p !== -1; p = nextAt[p] ?? -1) {
      const bit = fieldAt[p] ?? 0;
      if ((bit & mask) === 0 || (bit & found) !== 0) continue;
      for (let k = 1; k < n; k++) if (tokenIds[p + k] !== keys[base + k]) continue outer;
      found |= bit;
    }
    return found;
  }

  private internTerm(node: TermNode): InternedTerm {
    const signature = signatureOf(node);
    let term = this.bySignature.get(signature);
    if (term === undefined) {
      const id = this.free.pop() ?? this.nodes.length;
      const keyIds = node.keys.map((k) => this.vocabulary.acquire(k));
      // Kept arrays at their exact length (the parser's grew by push: 152 bytes for two words), holding the
      // vocabulary's one copy of each word; most terms' keys are their words: one array for both.
      const keys = keyIds.map((k) => this.vocabulary.word(k));
      const words = sameWords(node.words, keys) ? keys : node.words.slice();
      term = withFields({ type: node.type, field: node.field, words, keys, pos: node.pos, id }, node);
      this.bySignature.set(signature, term);
      this.nodes[id] = term;
      this.refs[id] = 0;
      this.keyIds[id] = keyIds.length > INLINE ? keyIds : NO_KEYS;
      this.keyCount = grown(this.keyCount, id + 1);
      this.searched = grown(this.searched, id + 1);
      this.inlineKeys = grown(this.inlineKeys, (id + 1) * INLINE);
      this.keyCount[id] = keyIds.length;
      this.searched[id] = fieldMask(node.field);
      this.inlineKeys.set(keyIds.slice(0, INLINE), id * INLINE);
      this.index.add(id, termKey(node).key);
    }
    this.refs[term.id] = (this.refs[term.id] ?? 0) + 1;
    return term;
  }

  /** Drops one reference to term `id` (as {@link release} does for each term of a query). */
  releaseId(id: number): void {
    const term = this.nodes[id];
    if (term !== undefined) this.releaseTerm(term);
  }

  private releaseTerm(term: InternedTerm): void {
    const { id } = term;
    const left = (this.refs[id] ?? 0) - 1;
    this.refs[id] = left;
    if (left > 0) return;
    this.bySignature.delete(signatureOf(term));
    this.index.delete(id, termKey(term).key);
    const n = this.keyCount[id] ?? 0;
    const keyIds = n > INLINE ? (this.keyIds[id] ?? NO_KEYS) : this.inlineKeys.subarray(id * INLINE, id * INLINE + n);
    for (const word of keyIds) this.vocabulary.release(word);
    this.nodes[id] = undefined;
    this.keyIds[id] = NO_KEYS;
    this.keyCount[id] = 0;
    this.whyByMask[id] = undefined;
    this.free.push(id);
  }
}
