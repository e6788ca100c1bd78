/**
 * A batch of up to 64 papers as the matcher's queries see it: for each term, the set of
 * papers it occurs in (one bit per paper, in two 32-bit halves: papers 0-31 and 32-63) and
 * the fields it occurs in within each. The
 * matcher reads the papers one after the other to fill it, then runs each candidate query
 * once for the whole batch on these bitsets (`query-code.ts`).
 */
import type { Paper } from '../model.ts';
import { grown } from './vocabulary.ts';

export const BATCH_SIZE = 64;
/** Papers per half of a batch: one bit each in a 32-bit integer. */
export const HALF = 32;

export class TermBatch {
  /** Identifies the current batch; a term's entries are current when `seen[term] === stamp`. */
  stamp = 0;
  papers: readonly Paper[] = [];
  /** Halves in use (1 or 2), and one bit per paper of each. */
  halves = 1;
  readonly all = new Int32Array(2);
  /** The terms recorded in this batch, each once. */
  readonly present: number[] = [];
  private seen = new Int32Array(0);
  /** By term: the papers of each half it occurs in, at `2 · term + half`. */
  private papersOf = new Int32Array(0);
  /** By term: its row in {@link fieldsAt}, which holds its fields in paper `j` at `row · 64 + j`. */
  private rowOf = new Int32Array(0);
  private fieldsAt = new Uint8Array(BATCH_SIZE * 1024);
  private rows = 0;

  /** Starts a batch of at most {@link BATCH_SIZE} papers; `terms` bounds the term ids to come. */
  start(papers: readonly Paper[], terms: number): void {
    this.stamp++;
    this.papers = papers;
    this.halves = papers.length > HALF ? 2 : 1;
    for (let h = 0; h < 2; h++) {
      const n = Math.min(HALF, Math.max(0, papers.length - h * HALF));
      this.all[h] = n === HALF ? -1 : (1 << n) - 1;
    }
    this.rows = 0;
    this.present.length = 0;
    this.seen = grown(this.seen, terms);
    this.papersOf = grown(this.papersOf, 2 * terms);
    this.rowOf = grown(this.rowOf, terms);
  }

  /** Records that `term` occurs in paper `j` of the batch, in `fields` (not 0). */
  record(term: number, j: number, fields: number): void {
    let row: number;
    if (this.seen[term] !== this.stamp) {
      this.seen[term] = this.stamp;
      this.papersOf[2 * term] = 0;
      this.papersOf[2 * term + 1] = 0;
      this.present.push(term);
      row = this.rows++;
      this.rowOf[term] = row;
      this.fieldsAt = grown(this.fieldsAt, this.rows * BATCH_SIZE);
    } else row = this.rowOf[term] ?? 0;
    const at = 2 * term + (j >>> 5);
    this.papersOf[at] = (this.papersOf[at] ?? 0) | (1 << (j & 31));
    this.fieldsAt[row * BATCH_SIZE + j] = fields;
  }

  /** The papers of half `half` of the batch that `term` occurs in, one bit each. */
  papersWith(term: number, half: number): number {
    return this.seen[term] === this.stamp ? (this.papersOf[2 * term + half] ?? 0) : 0;
  }

  /** The fields `term` occurs in within paper `j`; 0 when it does not. */
  fields(term: number, j: number): number {
    return (this.papersWith(term, j >>> 5) >>> (j & 31)) & 1 ? (this.fieldsAt[(this.rowOf[term] ?? 0) * BATCH_SIZE + j] ?? 0) : 0;
  }
}
