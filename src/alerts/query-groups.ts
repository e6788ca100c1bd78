/**
 * The distinct queries of a matcher. Subscriptions with identical queries share one group;
 * groups have small reusable ids and are stored as arrays indexed by id rather than as
 * objects, so evaluating thousands of candidates per paper reads a few compact arrays
 * instead of chasing pointers across a large heap. Compiled queries (`query-code.ts`) live
 * one after the other in a single `Int32Array`.
 */
import type { QueryNode } from './ast.ts';
import type { IndexKey } from './index-keys.ts';
import { compileQuery, reasonsFollowFields } from './query-code.ts';
import type { InternedTerm } from './term-table.ts';
import { grown } from './vocabulary.ts';

/** The reasons key of a group whose reasons must always be computed again. */
export const NO_KEY = -1;

export class QueryGroups {
  private readonly ids = new Map<string, number>();
  private readonly free: number[] = [];
  private readonly signatures: string[] = [];
  private readonly queries: Array<QueryNode | undefined> = [];
  private readonly keys: Array<readonly IndexKey[] | null> = [];
  /** By group id: the term id of a one-term query, else -1 (the query then has code). */
  term = new Int32Array(0);
  /** By group id: where its compiled query starts in {@link code}. */
  codeAt = new Int32Array(0);
  /** Compiled queries; each node carries its length, so a query's code ends where it says. */
  code = new Int32Array(1024);
  /** By group id: the reasons of its last match (shared, read-only). */
  readonly why: Array<readonly string[]> = [];
  /**
   * By group id: what its last reasons were computed from (term fields, see
   * `reasonKey`); 0 before any, {@link NO_KEY} if its reasons depend on more than fields.
   */
  whyKey = new Int32Array(0);
  private used = 0;
  private garbage = 0;

  /** The id of the group with this query signature, if any. */
  idOf(signature: string): number | undefined {
    return this.ids.get(signature);
  }

  /** A new group for an interned query, indexed under `keys`; its id. */
  add(signature: string, query: QueryNode, keys: readonly IndexKey[] | null): number {
    const id = this.free.pop() ?? this.signatures.length;
    this.ids.set(signature, id);
    this.signatures[id] = signature;
    this.queries[id] = query;
    this.keys[id] = keys;
    this.why[id] = [];
    this.term = grown(this.term, id + 1);
    this.codeAt = grown(this.codeAt, id + 1);
    this.whyKey = grown(this.whyKey, id + 1);
    this.whyKey[id] = reasonsFollowFields(query) ? 0 : NO_KEY;
    if (query.type === 'term') this.term[id] = (query as InternedTerm).id;
    else {
      this.term[id] = -1;
      this.codeAt[id] = this.append(compileQuery(query));
    }
    return id;
  }

  /** Removes group `id`; its interned query and index keys, for the caller to release. */
  delete(id: number): { query: QueryNode; keys: readonly IndexKey[] | null } {
    const query = this.queries[id] as QueryNode;
    const keys = this.keys[id] ?? null;
    this.ids.delete(this.signatures[id] ?? '');
    this.signatures[id] = '';
    this.queries[id] = undefined;
    this.keys[id] = null;
    this.why[id] = [];
    if (this.term[id] === -1) this.garbage += this.code[(this.codeAt[id] ?? 0) + 1] ?? 0;
    this.term[id] = 0;
    this.free.push(id);
    if (this.garbage > 4096 && this.garbage * 2 > this.used) this.compact();
    return { query, keys };
  }

  private append(code: ArrayLike<number>): number {
    const at = this.used;
    this.code = grown(this.code, at + code.length);
    this.code.set(code, at);
    this.used += code.length;
    return at;
  }

  /** Copies the live queries' code into a fresh pool, dropping that of deleted groups. */
  private compact(): void {
    const old = this.code;
    this.code = new Int32Array(Math.max(1024, this.used - this.garbage));
    this.used = 0;
    this.garbage = 0;
    for (const id of this.ids.values()) {
      if (this.term[id] !== -1) continue;
      const at = this.codeAt[id] ?? 0;
      this.codeAt[id] = this.append(old.subarray(at, at + (old[at + 1] ?? 0)));
    }
  }
}
