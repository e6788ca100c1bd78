/**
 * The distinct queries of a matcher. Subscriptions with identical queries share one group;
 * groups have small reusable ids and are stored as arrays indexed by id rather than as
 * objects, so evaluating thousands of candidates per paper reads a few compact arrays
 * instead of chasing pointers across a large heap. Compiled queries (`query-code.ts`) live
 * one after the other in a single `Int32Array`, and are all a group keeps of its query: no
 * tree, no anchor list (docs/decisions/106). A group is found by its scope id and its code:
 * the code names interned term ids, so equal codes mean equal queries. Groups are indexed by
 * a hash of those numbers (no key string per group), equal hashes chained and told apart by
 * their code.
 * Each group is indexed by its anchor terms (`anchorTerms`): it is a candidate for the
 * papers that contain one of them.
 */
import { GroupReasons } from './group-reasons.ts';
import { PostingLists, drop } from './posting-lists.ts';
import { termIdsOf } from './query-code.ts';
import { grown } from './vocabulary.ts';

/** Code of a one-term query (`query-code.ts`: TERM, length 3, term id). */
const TERM = 0;

const NONE = -1;

/** A small-integer hash (FNV-1a over 32-bit words) of scope `scope` and compiled query `code[from, to)`. */
function hashOf(scope: number, code: ArrayLike<number>, from: number, to: number): number {
  let h = Math.imul(0x811c9dc5 ^ scope, 0x01000193);
  for (let i = from; i < to; i++) h = Math.imul(h ^ (code[i] ?? 0), 0x01000193);
  return h & 0x3fffffff;
}

/** How a group's scope and code are hashed; {@link hashOf} unless a test needs collisions. */
export type GroupHash = (scope: number, code: ArrayLike<number>, from: number, to: number) => number;

export class QueryGroups {
  /** A test's own hash, else undefined ({@link hashOf}): a function field would keep the groups out of a snapshot. */
  private readonly customHash: GroupHash | undefined;
  constructor(hash?: GroupHash) {
    this.customHash = hash;
  }

  private hash(scope: number, code: ArrayLike<number>, from: number, to: number): number {
    return (this.customHash ?? hashOf)(scope, code, from, to);
  }

  /** Hash of scope and code → the first group with it; further ones follow in {@link sameHash}. */
  private readonly byHash = new Map<number, number>();
  /** By group id: the next group with the same hash ({@link NONE}: the last), and its hash. */
  private sameHash = new Int32Array(0);
  private hashes = new Int32Array(0);
  private readonly free: number[] = [];
  /** One more than the largest group id ever given. */
  private count = 0;
  /** By group id: its scope id (part of what identifies it). */
  scopeOf = new Int32Array(0);
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

  /** The id of the group of scope `scope` and compiled query `code` (terms interned), if any. */
  idOf(scope: number, code: readonly number[]): number | undefined {
    for (let g = this.byHash.get(this.hash(scope, code, 0, code.length)) ?? NONE; g !== NONE; g = this.sameHash[g] ?? NONE) {
      if (this.scopeOf[g] === scope && this.hasCode(g, code)) return g;
    }
    return undefined;
  }

  private hasCode(id: number, code: readonly number[]): boolean {
    const t = this.term[id] ?? -1;
    if (t >= 0) return code.length === 3 && code[0] === TERM && code[2] === t;
    const at = this.codeAt[id] ?? 0;
    if ((this.code[at + 1] ?? 0) !== code.length) return false;
    for (let i = 0; i < code.length; i++) if (this.code[at + i] !== code[i]) return false;
    return true;
  }

  /**
   * A new group of scope `scope` for a compiled query (terms interned), indexed under its anchor terms (`null`: none);
   * `followsFields`: whether its reasons depend on its terms' fields only (`reasonsFollowFields`). Its id.
   */
  add(scope: number, code: readonly number[], anchors: readonly number[] | null, followsFields: boolean): number {
    const id = this.free.pop() ?? this.count++;
    const hash = this.hash(scope, code, 0, code.length);
    this.sameHash = grown(this.sameHash, id + 1);
    this.hashes = grown(this.hashes, id + 1);
    this.sameHash[id] = this.byHash.get(hash) ?? NONE;
    this.hashes[id] = hash;
    this.byHash.set(hash, id);
    if (anchors === null) this.unanchored.push(id);
    for (const term of anchors ?? []) {
      this.byAnchor = grown(this.byAnchor, term + 1);
      this.byAnchor[term] = this.postings.with(this.byAnchor[term] ?? 0, id);
    }
    this.stamps = grown(this.stamps, id + 1);
    this.stamps[id] = 0;
    this.reasons.reset(id, followsFields);
    this.scopeOf = grown(this.scopeOf, id + 1);
    this.scopeOf[id] = scope;
    this.term = grown(this.term, id + 1);
    this.codeAt = grown(this.codeAt, id + 1);
    if (code[0] === TERM) this.term[id] = code[2] ?? 0;
    else {
      this.term[id] = -1;
      this.codeAt[id] = this.append(code);
    }
    return id;
  }

  /** The term ids group `id` uses, once per use (what its interning acquired). */
  termsOf(id: number): number[] {
    const t = this.term[id] ?? -1;
    if (t >= 0) return [t];
    return termIdsOf(this.code, this.codeAt[id] ?? 0);
  }

  /** Removes group `id` (its terms, from {@link termsOf}, are for the caller to release). */
  delete(id: number): void {
    drop(this.unanchored, id);
    // Its anchors are among its terms; a term's posting holds only the groups it anchors, so removing `id` from the
    // others changes nothing.
    for (const term of this.termsOf(id)) this.byAnchor[term] = this.postings.without(this.byAnchor[term] ?? 0, id);
    this.unlink(id);
    this.reasons.reset(id, false);
    if (this.term[id] === -1) this.garbage += this.code[(this.codeAt[id] ?? 0) + 1] ?? 0;
    this.term[id] = 0;
    this.free.push(id);
    if (this.garbage > 4096 && this.garbage * 2 > this.used) this.compact();
  }

  /** Takes group `id` out of its hash chain. */
  private unlink(id: number): void {
    const hash = this.hashes[id] ?? 0;
    const next = this.sameHash[id] ?? NONE;
    let g = this.byHash.get(hash) ?? NONE;
    if (g === id) {
      if (next === NONE) this.byHash.delete(hash);
      else this.byHash.set(hash, next);
      return;
    }
    while (g !== NONE && this.sameHash[g] !== id) g = this.sameHash[g] ?? NONE;
    if (g !== NONE) this.sameHash[g] = next;
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
    for (const first of this.byHash.values()) {
      for (let id = first; id !== NONE; id = this.sameHash[id] ?? NONE) {
        if (this.term[id] !== -1) continue;
        const at = this.codeAt[id] ?? 0;
        this.codeAt[id] = this.append(old.subarray(at, at + (old[at + 1] ?? 0)));
      }
    }
  }
}
