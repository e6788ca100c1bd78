/**
 * The reasons of the matcher's groups with compiled code, kept so that equal reasons share
 * one array. Reasons that depend only on the fields each term occurs in are kept per group
 * by reasons key (`reasonKey`), the last two keys checked before the map; others are
 * computed again and the last array is given back when they read the same.
 */
import { type QueryCode, explainQuery, reasonKey } from './query-code.ts';
import type { TermBatch } from './term-batch.ts';
import type { TermTable } from './term-table.ts';
import { grown } from './vocabulary.ts';

/** Reasons kept per group at most, by reasons key. */
const KEPT_REASONS = 16;
/** The reasons of a group that has not matched yet: one array shared by all of them. */
const NO_REASONS: readonly string[] = Object.freeze([]);

/**
 * What a group that has matched keeps: the reasons of its last match (shared, read-only) and, if they follow fields,
 * their key (0: none yet); the reasons and key it had before those; and reasons by key.
 */
interface KeptWhy {
  lastWhy: readonly string[];
  lastKey: number;
  earlierWhy: readonly string[] | undefined;
  earlierKey: number;
  byKey: Map<number, readonly string[]> | undefined;
}

export class GroupReasons {
  /** By group id, only for groups that have matched since they were made: most never do (docs/decisions/106). */
  private readonly kept: Array<KeptWhy | undefined> = [];
  /** By group id: 1 when its reasons depend on its terms' fields only. */
  private followsFields = new Uint8Array(0);

  /** Forgets what group `id` had; `followsFields`: whether its (new) query's reasons follow fields (`reasonsFollowFields`). */
  reset(id: number, followsFields: boolean): void {
    this.kept[id] = undefined;
    this.followsFields = grown(this.followsFields, id + 1);
    this.followsFields[id] = followsFields ? 1 : 0;
  }

  /** The reasons of group `id`, whose code is at `at`, known to match paper `j` of the batch. */
  of(id: number, code: QueryCode, at: number, terms: TermTable, batch: TermBatch, j: number): readonly string[] {
    let kept = this.kept[id];
    if (kept === undefined) this.kept[id] = kept = { lastWhy: NO_REASONS, lastKey: 0, earlierWhy: undefined, earlierKey: 0, byKey: undefined };
    const last = kept.lastWhy;
    if (this.followsFields[id] === 1) {
      const key = reasonKey(code, at, batch, j);
      if (key === kept.lastKey) return last;
      // Papers often alternate between two keys: swap with the one before before asking the map.
      let why = key === kept.earlierKey ? kept.earlierWhy : undefined;
      if (why === undefined) {
        const byKey = (kept.byKey ??= new Map());
        why = byKey.get(key);
        if (why === undefined) {
          if (byKey.size >= KEPT_REASONS) byKey.clear();
          byKey.set(key, (why = explainQuery(code, at, terms, batch, j)));
        }
      }
      kept.earlierKey = kept.lastKey;
      kept.earlierWhy = last;
      kept.lastKey = key;
      kept.lastWhy = why;
      return why;
    }
    const why = explainQuery(code, at, terms, batch, j);
    if (sameWhy(why, last)) return last;
    kept.lastWhy = why;
    return why;
  }
}

/** Whether two reason lists say the same. */
function sameWhy(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
