/**
 * The reasons of the matcher's groups with compiled code, kept so that equal reasons share
 * one array. Reasons that depend only on the fields each term occurs in are kept per group
 * by reasons key (`reasonKey`), the last two keys checked before the map; others are
 * computed again and the last array is given back when they read the same.
 */
import type { QueryNode } from './ast.ts';
import { type QueryCode, explainQuery, reasonKey, reasonsFollowFields } from './query-code.ts';
import type { TermBatch } from './term-batch.ts';
import type { TermTable } from './term-table.ts';
import { grown } from './vocabulary.ts';

/** Reasons kept per group at most, by reasons key. */
const KEPT_REASONS = 16;

export class GroupReasons {
  /**
   * By group id: the reasons of its last match (shared, read-only) and, if they follow
   * fields, their key (0: none yet); and the reasons and key it had before those.
   */
  private readonly lastWhy: Array<readonly string[]> = [];
  private lastKey = new Int32Array(0);
  private readonly earlierWhy: Array<readonly string[] | undefined> = [];
  private earlierKey = new Int32Array(0);
  /** By group id: 1 when its reasons depend on its terms' fields only. */
  private followsFields = new Uint8Array(0);
  private readonly whyByKey: Array<Map<number, readonly string[]> | undefined> = [];

  /** Forgets what group `id` had; `query` is its new query (none: the group is gone). */
  reset(id: number, query?: QueryNode): void {
    this.lastWhy[id] = [];
    this.earlierWhy[id] = undefined;
    this.whyByKey[id] = undefined;
    this.followsFields = grown(this.followsFields, id + 1);
    this.lastKey = grown(this.lastKey, id + 1);
    this.earlierKey = grown(this.earlierKey, id + 1);
    this.lastKey[id] = 0;
    this.earlierKey[id] = 0;
    this.followsFields[id] = query !== undefined && reasonsFollowFields(query) ? 1 : 0;
  }

  /** The reasons of group `id`, whose code is at `at`, known to match paper `j` of the batch. */
  of(id: number, code: QueryCode, at: number, terms: TermTable, batch: TermBatch, j: number): readonly string[] {
    const last = this.lastWhy[id] ?? [];
    if (this.followsFields[id] === 1) {
      const key = reasonKey(code, at, batch, j);
      if (key === this.lastKey[id]) return last;
      // Papers often alternate between two keys: swap with the one before before asking the map.
      let why = key === this.earlierKey[id] ? this.earlierWhy[id] : undefined;
      if (why === undefined) {
        const byKey = (this.whyByKey[id] ??= new Map());
        why = byKey.get(key);
        if (why === undefined) {
          if (byKey.size >= KEPT_REASONS) byKey.clear();
          byKey.set(key, (why = explainQuery(code, at, terms, batch, j)));
        }
      }
      this.earlierKey[id] = this.lastKey[id] ?? 0;
      this.earlierWhy[id] = last;
      this.lastKey[id] = key;
      this.lastWhy[id] = why;
      return why;
    }
    const why = explainQuery(code, at, terms, batch, j);
    if (sameWhy(why, last)) return last;
    this.lastWhy[id] = why;
    return why;
  }
}

/** Whether two reason lists say the same. */
function sameWhy(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
