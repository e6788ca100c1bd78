/**
 * The distinct queries of a matcher. Subscriptions with identical queries share one group;
 * groups have small reusable ids and are stored as arrays indexed by id rather than as
 * objects, so evaluating thousands of candidates per paper reads a few compact arrays
 * instead of chasing pointers across a large heap. Compiled queries (`query-code.ts`) live
 * one after the other in a single `Int32Array`. Each group is indexed by its anchor terms
 * (`anchorTerms`): it is a candidate for the papers that contain one of them.
 */
import type { QueryNode } from './ast.ts';
import { GroupReasons } from './group-reasons.ts';
import { compileQuery } from './query-code.ts';
import { PostingLists, drop } from './posting-lists.ts';
import type { InternedTerm } from './term-table.ts';
import { grown } from './vocabulary.ts';

export class QueryGroups {
  private readonly ids = new Map<string, number>();
  private readonly free: number[] = [];
  private readonly signatures: string[] = [];
  private readonly queries: Array<QueryNode | undefined> = [];
  private readonly anchors: Array<readonly number[] | null> = [];
  /** Term id → the groups it anchors (a posting); groups without anchors are candidates for every paper. */
  private byAnchor = new Int32Array(1024);
  private readonly postings = new PostingLists();
  private readonly unanchored: number[] = [];
  /** By group id: the last batch (stamp) it was a candidate for. */
  private stamps = new Int32Array(0);
  private found = new Int32Array(1024);
  /** By group id: the term id of a one-term query, else -1 (the query then has code). */
  term = new Int32Array(0);
  /** By group id: where its compiled query starts in {@link code}. */
  codeAt = new Int32Array(0);
  /** Compiled queries; each node carries its length, so a query's code ends where it says. */
  code = new Int32Array(1024);
  /** Reasons of the groups with code. */
  readonly reasons = new GroupReasons();
  private used = 0;
  private garbage = 0;

  /** The id of the group with this query signature, if any. */
  idOf(signature: string): number | undefined {
    return this.ids.get(signature);
  }

  /** A new group for an interned query, indexed under its anchor terms (`null`: none); its id. */
  add(signature: string, query: QueryNode, anchors: readonly number[] | null): number {
    const id = this.free.pop() ?? this.signatures.length;
    this.ids.set(signature, id);
    this.signatures[id] = signature;
    this.queries[id] = query;
    this.anchors[id] = anchors;
    if (anchors === null) this.unanchored.push(id);
    for (const term of anchors ?? []) {
      this.byAnchor = grown(this.byAnchor, term + 1);
      this.byAnchor[term] = this.postings.with(this.byAnchor[term] ?? 0, id);
    }
    this.stamps = grown(this.stamps, id + 1);
    this.stamps[id] = 0;
    this.reasons.reset(id, query);
    this.term = grown(this.term, id + 1);
    this.codeAt = grown(this.codeAt, id + 1);
    if (query.type === 'term') this.term[id] = (query as InternedTerm).id;
    else {
      this.term[id] = -1;
      this.codeAt[id] = this.append(compileQuery(query));
    }
    return id;
  }

  /** Removes group `id`; its interned query, for the caller to release. */
  delete(id: number): QueryNode {
    const query = this.queries[id] as QueryNode;
    const anchors = this.anchors[id] ?? null;
    if (anchors === null) drop(this.unanchored, id);
    for (const term of anchors ?? []) this.byAnchor[term] = this.postings.without(this.byAnchor[term] ?? 0, id);
    this.ids.delete(this.signatures[id] ?? '');
    this.signatures[id] = '';
    this.queries[id] = undefined;
    this.anchors[id] = null;
    this.reasons.reset(id);
    if (this.term[id] === -1) this.garbage += this.code[(this.codeAt[id] ?? 0) + 1] ?? 0;
    this.term[id] = 0;
    this.free.push(id);
    if (this.garbage > 4096 && this.garbage * 2 > this.used) this.compact();
    return query;
  }

  /**
   * The groups anchored by one of `terms` (the terms of a batch) or by none, each once, in
   * increasing id order so that their arrays are read front to back; a view of a buffer,
   * valid until the next call.
   */
  candidates(terms: readonly number[], stamp: number): Int32Array {
    const { stamps, byAnchor, unanchored, postings } = this;
    let found = this.found;
    let n = 0;
    for (const term of terms) {
      const posting = byAnchor[term] ?? 0;
      if (posting > 0) {
        if (stamps[posting - 1] === stamp) continue;
        stamps[posting - 1] = stamp;
        if (n === found.length) this.found = found = grown(found, n + 1);
        found[n++] = posting - 1;
      } else if (posting < 0) {
        const list = postings.list(posting);
        if (n + list.length > found.length) this.found = found = grown(found, n + list.length);
        for (const group of list) {
          if (stamps[group] !== stamp) {
            stamps[group] = stamp;
            found[n++] = group;
          }
        }
      }
    }
    if (n + unanchored.length > found.length) this.found = found = grown(found, n + unanchored.length);
    for (const group of unanchored) found[n++] = group;
    return found.subarray(0, n).sort();
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
