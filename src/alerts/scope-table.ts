/**
 * The distinct scopes of a matcher's groups, with small reusable ids, and which papers of the current batch each
 * admits (one bit per paper, in two halves, like `TermBatch`). Scopes are few (sources × category lists), so they are
 * checked once per paper and batch, before any term work: a paper no live scope admits is not even tokenised, and a
 * candidate group whose scope admits none of the batch is not run.
 */
import type { Paper } from '../model.ts';
import { HALF } from './term-batch.ts';
import { admits, scopeKey, type AlertScope } from './scope.ts';

export class ScopeTable {
  private readonly ids = new Map<string, number>();
  private readonly scopes: Array<AlertScope | undefined> = [];
  private readonly refs: number[] = [];
  private readonly free: number[] = [];
  /** By scope id: the papers of the batch it admits, at `2 · id + half`. */
  private bits = new Int32Array(8);
  /** Papers of the batch that some live scope admits, by half. */
  readonly any = new Int32Array(2);

  /** The id of `scope`, counting one more user. */
  intern(scope: AlertScope): number {
    const key = scopeKey(scope);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.free.pop() ?? this.scopes.length;
      this.ids.set(key, id);
      this.scopes[id] = scope;
      this.refs[id] = 0;
      if (this.bits.length < 2 * (id + 1)) {
        const bigger = new Int32Array(Math.max(2 * (id + 1), this.bits.length * 2));
        bigger.set(this.bits);
        this.bits = bigger;
      }
    }
    this.refs[id] = (this.refs[id] ?? 0) + 1;
    return id;
  }

  /** One user fewer for scope `id`; the id is reused once it has none. */
  release(id: number): void {
    const left = (this.refs[id] ?? 1) - 1;
    this.refs[id] = left;
    if (left > 0) return;
    const scope = this.scopes[id];
    if (scope) this.ids.delete(scopeKey(scope));
    this.scopes[id] = undefined;
    this.free.push(id);
  }

  /** Works out which papers each live scope admits. */
  start(papers: readonly Paper[]): void {
    this.any[0] = 0;
    this.any[1] = 0;
    for (let id = 0; id < this.scopes.length; id++) {
      const scope = this.scopes[id];
      let low = 0;
      let high = 0;
      if (scope) {
        for (let j = 0; j < papers.length; j++) {
          if (!admits(scope, papers[j] as Paper)) continue;
          if (j < HALF) low |= 1 << j;
          else high |= 1 << (j - HALF);
        }
      }
      this.bits[2 * id] = low;
      this.bits[2 * id + 1] = high;
      this.any[0] |= low;
      this.any[1] |= high;
    }
  }

  /** The papers of half `half` of the batch that scope `id` admits. */
  admitted(id: number, half: number): number {
    return this.bits[2 * id + half] ?? 0;
  }

  /** Whether some live scope admits paper `j` of the batch. */
  anyAdmits(j: number): boolean {
    return (((this.any[j >>> 5] ?? 0) >>> (j & 31)) & 1) === 1;
  }
}
