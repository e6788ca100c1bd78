/**
 * The subscriptions of a matcher by rank, and the answers for a batch of papers in insertion
 * order without sorting. A subscription's rank is its place in insertion order (removals
 * leave holes until ranks are given again). Each group's members form a list through the
 * ranks, kept in typed arrays; matching marks ranks in a bitmap, with the papers of the batch
 * they match, read back in rank order. Answers are new objects (short-lived, cheap to
 * collect); their reasons arrays are shared.
 */
import type { AlertMatch } from './subscription.ts';
import { BATCH_SIZE, HALF } from './term-batch.ts';
import { grown } from './vocabulary.ts';

const NONE = -1;

/** `array` grown to at least `capacity` entries, the new ones {@link NONE}. */
function grownNone<A extends Int32Array>(array: A, capacity: number): A {
  if (array.length >= capacity) return array;
  const bigger = grown(array, capacity);
  bigger.fill(NONE, array.length);
  return bigger;
}

export class AnswerOrder {
  /** By rank: the subscription id (undefined once removed). */
  private ids: Array<string | undefined> = [];
  /** By rank: its group, and the next and previous member rank of that group. */
  private groups = new Int32Array(0);
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  /** By group: its first and last member rank ({@link NONE}: no members). */
  private first = new Int32Array(0);
  private last = new Int32Array(0);
  /** One bit per rank marked for the current batch; cleared as it is read. */
  private marks = new Int32Array(0);
  /**
   * By marked rank, side by side: the papers of each half of the batch it matches (one bit
   * each, at `3·rank` and `3·rank + 1`) and where their reasons start (at `3·rank + 2`).
   */
  private matched = new Int32Array(0);
  /** Answers marked so far for each paper of the batch. */
  private readonly counts = new Int32Array(BATCH_SIZE);
  private live = 0;

  /** Appends subscription `id` of group `group` at the end of the order; its rank. */
  add(id: string, group: number): number {
    const rank = this.ids.length;
    this.ids.push(id);
    this.live++;
    this.groups = grown(this.groups, rank + 1);
    this.next = grown(this.next, rank + 1);
    this.prev = grown(this.prev, rank + 1);
    this.first = grownNone(this.first, group + 1);
    this.last = grownNone(this.last, group + 1);
    const tail = this.last[group] ?? NONE;
    this.groups[rank] = group;
    this.next[rank] = NONE;
    this.prev[rank] = tail;
    if (tail === NONE) this.first[group] = rank;
    else this.next[tail] = rank;
    this.last[group] = rank;
    return rank;
  }

  /** Each live subscription id (the order's own string) with its rank. */
  *ranks(): IterableIterator<[string, number]> {
    const { ids } = this;
    for (let rank = 0; rank < ids.length; rank++) {
      const id = ids[rank];
      if (id !== undefined) yield [id, rank];
    }
  }

  /** The group of a live rank. */
  groupOf(rank: number): number {
    return this.groups[rank] ?? NONE;
  }

  /** Removes the subscription at `rank`; whether its group has no members left. */
  remove(rank: number): boolean {
    const group = this.groups[rank] ?? NONE;
    const before = this.prev[rank] ?? NONE;
    const after = this.next[rank] ?? NONE;
    if (before === NONE) this.first[group] = after;
    else this.next[before] = after;
    if (after === NONE) this.last[group] = before;
    else this.prev[after] = before;
    this.ids[rank] = undefined;
    this.live--;
    return this.first[group] === NONE;
  }

  /** Whether removals left so many holes that ranks should be given again (see {@link drain}). */
  get sparse(): boolean {
    return this.ids.length > 2 * this.live + 1024;
  }

  /** Forgets every rank; the live subscriptions, in order, with their groups, to be added again. */
  drain(): Array<[string, number]> {
    const live: Array<[string, number]> = [];
    this.ids.forEach((id, rank) => {
      if (id !== undefined) live.push([id, this.groups[rank] ?? NONE]);
    });
    this.ids = [];
    this.live = 0;
    this.first.fill(NONE);
    this.last.fill(NONE);
    return live;
  }

  /** Prepares the bitmap for a batch (call before {@link markGroup}). */
  start(): void {
    const ranks = this.ids.length;
    this.marks = grown(this.marks, (ranks + 31) >>> 5);
    this.matched = grown(this.matched, 3 * ranks);
  }

  /**
   * Every member of `group` matches papers `low` (one bit per paper of the batch's first half)
   * and `high` (its second half); the reasons for those papers, in paper order, start at
   * `whyAt` (see {@link collect}).
   */
  markGroup(group: number, low: number, high: number, whyAt: number): void {
    const { marks, next, matched, counts } = this;
    let members = 0;
    for (let rank = this.first[group] ?? NONE; rank !== NONE; rank = next[rank] ?? NONE) {
      members++;
      marks[rank >>> 5] = (marks[rank >>> 5] as number) | (1 << (rank & 31));
      matched[3 * rank] = low;
      matched[3 * rank + 1] = high;
      matched[3 * rank + 2] = whyAt;
    }
    for (let bits = low; bits !== 0; bits &= bits - 1) {
      const paper = 31 - Math.clz32(bits & -bits);
      counts[paper] = (counts[paper] ?? 0) + members;
    }
    for (let bits = high; bits !== 0; bits &= bits - 1) {
      const paper = HALF + 31 - Math.clz32(bits & -bits);
      counts[paper] = (counts[paper] ?? 0) + members;
    }
  }

  /**
   * For each of the `count` papers of the batch, the marked subscriptions' answers in rank
   * order (arrays allocated at their final length, counted while marking), with their reasons from `why` (those of a group's papers one after the other, from
   * where {@link markGroup} said). Clears the marks.
   */
  collect(count: number, why: ReadonlyArray<readonly string[]>): AlertMatch[][] {
    const { marks, ids, matched } = this;
    const out: AlertMatch[][] = [];
    const fill = new Int32Array(count);
    for (let j = 0; j < count; j++) out.push(new Array<AlertMatch>(this.counts[j] ?? 0));
    this.counts.fill(0);
    const words = (ids.length + 31) >>> 5;
    for (let w = 0; w < words; w++) {
      let bits = marks[w] ?? 0;
      if (bits === 0) continue;
      marks[w] = 0;
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const rank = (w << 5) + 31 - Math.clz32(low);
        let at = matched[3 * rank + 2] ?? 0;
        for (let half = 0; half < 2; half++) {
          let papers = matched[3 * rank + half] ?? 0;
          while (papers !== 0) {
            const paper = half * HALF + 31 - Math.clz32(papers & -papers);
            papers &= papers - 1;
            const reasons = why[at++] ?? [];
            const place = fill[paper] ?? 0;
            fill[paper] = place + 1;
            (out[paper] as AlertMatch[])[place] = { subscriptionId: ids[rank] ?? '', why: reasons };
          }
        }
      }
    }
    return out;
  }
}
