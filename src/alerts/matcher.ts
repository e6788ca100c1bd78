/**
 * Indexed alert matching: an inverted index from words and bigrams to the subscriptions
 * that need them, so a paper is tokenised once and only the subscriptions sharing a key
 * with it are evaluated (exactly, by `evaluate.ts`). Answers are identical to `naiveMatch`.
 */
import type { Paper } from '../model.ts';
import type { QueryNode } from './ast.ts';
import { matches, reasons } from './evaluate.ts';
import { AUTHOR_SPACE, ORG_SPACE, queryKeys } from './index-keys.ts';
import type { IndexKey } from './index-keys.ts';
import { AUTHORS, DEFAULT_FIELDS, GAP, ORG, paperText } from './paper-text.ts';
import type { PaperText } from './paper-text.ts';
import type { AlertMatch, PaperMatches, Subscription } from './subscription.ts';
import { createTermTable } from './term-table.ts';

/** A set of subscriptions matched against papers. */
export interface Matcher {
  /** Adds a subscription; one with the same id is replaced (and moves to the end of the order). */
  add(sub: Subscription): void;
  /** Removes a subscription; returns whether it was there. */
  remove(id: string): boolean;
  has(id: string): boolean;
  readonly size: number;
  /** Matching subscriptions in the order they were added, with reasons. */
  match(paper: Paper): AlertMatch[];
  /** `match` for each paper, in the same order. */
  matchMany(papers: readonly Paper[]): PaperMatches[];
}

interface Entry {
  readonly id: string;
  /** The subscription's query with interned (shared) terms. */
  readonly query: QueryNode;
  /** Insertion order, for a deterministic answer order. */
  readonly seq: number;
  /** Index keys, or `null` when the entry is tried on every paper. */
  readonly keys: readonly IndexKey[] | null;
  /** The last paper (stamp) this entry became a candidate for. */
  stamp: number;
}

type Postings = Map<string, Set<Entry>>;

/**
 * `entries` sorted by insertion order. Sorts numbers `seq * 2^21 + index` in a typed array
 * (native numeric sort, no comparator calls); exact while seq < 2^32 and length < 2^21.
 */
function inSeqOrder(entries: Entry[]): Entry[] {
  const n = entries.length;
  if (n < 2 || n >= SORT_SPAN) return entries.sort((a, b) => a.seq - b.seq);
  const order = new Float64Array(n);
  for (let i = 0; i < n; i++) order[i] = (entries[i]?.seq ?? 0) * SORT_SPAN + i;
  order.sort();
  return Array.from(order, (x) => entries[x % SORT_SPAN] as Entry);
}
const SORT_SPAN = 2 ** 21;

const spaceOfBit = (bit: number): string => (bit === AUTHORS ? AUTHOR_SPACE : bit === ORG ? ORG_SPACE : '');

export function createMatcher(subs: Iterable<Subscription> = []): Matcher {
  const byId = new Map<string, Entry>();
  /** Word → entries. */
  const words: Postings = new Map();
  /** First word → second word → entries. */
  const bigrams = new Map<string, Postings>();
  const always = new Set<Entry>();
  const terms = createTermTable();
  let seq = 0;
  let epoch = 0;

  function remove(id: string): boolean {
    const entry = byId.get(id);
    if (entry === undefined) return false;
    byId.delete(id);
    terms.release(entry.query);
    if (entry.keys === null) always.delete(entry);
    for (const { head, tail } of entry.keys ?? []) {
      const postings = tail === null ? words : bigrams.get(head);
      const key = tail ?? head;
      const set = postings?.get(key);
      set?.delete(entry);
      if (set?.size !== 0) continue;
      postings?.delete(key);
      if (postings?.size === 0 && tail !== null) bigrams.delete(head);
    }
    return true;
  }

  function add(sub: Subscription): void {
    remove(sub.id);
    const query = terms.intern(sub.query);
    const entry: Entry = { id: sub.id, query, seq: seq++, keys: queryKeys(query), stamp: -1 };
    byId.set(sub.id, entry);
    if (entry.keys === null) always.add(entry);
    for (const { head, tail } of entry.keys ?? []) {
      let postings = words;
      if (tail !== null) {
        postings = bigrams.get(head) ?? new Map();
        bigrams.set(head, postings);
      }
      const key = tail ?? head;
      let set = postings.get(key);
      if (set === undefined) postings.set(key, (set = new Set()));
      set.add(entry);
    }
  }

  function collect(set: Iterable<Entry> | undefined, stamp: number, found: Entry[]): void {
    if (set === undefined) return;
    for (const e of set) {
      if (e.stamp !== stamp) {
        e.stamp = stamp;
        found.push(e);
      }
    }
  }

  function candidates(text: PaperText, stamp: number): Entry[] {
    const found: Entry[] = [];
    for (const [word, { mask }] of text.words) {
      if (mask & DEFAULT_FIELDS) collect(words.get(word), stamp, found);
      if (mask & AUTHORS) collect(words.get(AUTHOR_SPACE + word), stamp, found);
      if (mask & ORG) collect(words.get(ORG_SPACE + word), stamp, found);
    }
    if (bigrams.size > 0) {
      const { tokens, fieldAt } = text;
      for (let i = 0; i + 1 < tokens.length; i++) {
        const a = tokens[i] ?? GAP;
        const b = tokens[i + 1] ?? GAP;
        if (a === GAP || b === GAP) continue;
        const bit = fieldAt[i] ?? 0;
        const second = bigrams.get(bit & DEFAULT_FIELDS ? a : spaceOfBit(bit) + a);
        if (second !== undefined) collect(second.get(b), stamp, found);
      }
    }
    collect(always, stamp, found);
    return found;
  }

  function match(paper: Paper): AlertMatch[] {
    const text = paperText(paper);
    const stamp = ++epoch;
    const results = terms.results(text, stamp);
    const hits: Entry[] = [];
    for (const e of candidates(text, stamp)) if (matches(e.query, results)) hits.push(e);
    return inSeqOrder(hits).map((e) => ({ subscriptionId: e.id, why: reasons(e.query, results) }));
  }

  for (const sub of subs) add(sub);
  return {
    add,
    remove,
    has: (id) => byId.has(id),
    get size() {
      return byId.size;
    },
    match,
    matchMany: (papers) => papers.map((paper) => ({ paper, matches: match(paper) })),
  };
}
