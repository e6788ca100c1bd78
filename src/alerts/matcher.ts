/**
 * Indexed alert matching: an inverted index from words and bigrams to the subscriptions
 * that need them, so a paper is tokenised once and only the subscriptions sharing a key
 * with it are evaluated (exactly, by `evaluate`). Answers are identical to `naiveMatch`.
 */
import type { Paper } from '../model.ts';
import { evaluate } from './evaluate.ts';
import { AUTHOR_SPACE, ORG_SPACE, bigramHead, queryKeys } from './index-keys.ts';
import { AUTHORS, DEFAULT_FIELDS, GAP, ORG, paperText } from './paper-text.ts';
import type { PaperText } from './paper-text.ts';
import type { AlertMatch, PaperMatches, Subscription } from './subscription.ts';

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
  readonly sub: Subscription;
  /** Insertion order, for a deterministic answer order. */
  readonly seq: number;
  /** Index keys, or `null` when the entry is tried on every paper. */
  readonly keys: readonly string[] | null;
  /** The last paper (epoch) this entry became a candidate for. */
  stamp: number;
}

export function createMatcher(subs: Iterable<Subscription> = []): Matcher {
  const byId = new Map<string, Entry>();
  const postings = new Map<string, Set<Entry>>();
  /** How many bigram keys start with each head, so papers only build bigram keys that exist. */
  const heads = new Map<string, number>();
  const always = new Set<Entry>();
  let seq = 0;
  let epoch = 0;

  function remove(id: string): boolean {
    const entry = byId.get(id);
    if (entry === undefined) return false;
    byId.delete(id);
    if (entry.keys === null) always.delete(entry);
    for (const key of entry.keys ?? []) {
      const set = postings.get(key);
      set?.delete(entry);
      if (set?.size === 0) postings.delete(key);
      const head = bigramHead(key);
      if (head === null) continue;
      const left = (heads.get(head) ?? 1) - 1;
      if (left === 0) heads.delete(head);
      else heads.set(head, left);
    }
    return true;
  }

  function add(sub: Subscription): void {
    remove(sub.id);
    const entry: Entry = { sub, seq: seq++, keys: queryKeys(sub.query), stamp: -1 };
    byId.set(sub.id, entry);
    if (entry.keys === null) always.add(entry);
    for (const key of entry.keys ?? []) {
      let set = postings.get(key);
      if (set === undefined) postings.set(key, (set = new Set()));
      set.add(entry);
      const head = bigramHead(key);
      if (head !== null) heads.set(head, (heads.get(head) ?? 0) + 1);
    }
  }

  function candidates(text: PaperText): Entry[] {
    const stamp = ++epoch;
    const found: Entry[] = [];
    const visit = (key: string): void => {
      const set = postings.get(key);
      if (set === undefined) return;
      for (const e of set) {
        if (e.stamp !== stamp) {
          e.stamp = stamp;
          found.push(e);
        }
      }
    };
    for (const [word, mask] of text.words) {
      if (mask & DEFAULT_FIELDS) visit(word);
      if (mask & AUTHORS) visit(AUTHOR_SPACE + word);
      if (mask & ORG) visit(ORG_SPACE + word);
    }
    if (heads.size > 0) {
      for (const [bit, seqOfField] of text.sequences) {
        const space = bit === AUTHORS ? AUTHOR_SPACE : bit === ORG ? ORG_SPACE : '';
        for (let i = 0; i + 1 < seqOfField.length; i++) {
          const a = seqOfField[i] ?? GAP;
          const b = seqOfField[i + 1] ?? GAP;
          if (a === GAP || b === GAP) continue;
          const head = space + a;
          if (heads.has(head)) visit(`${head} ${b}`);
        }
      }
    }
    for (const e of always) {
      if (e.stamp !== stamp) {
        e.stamp = stamp;
        found.push(e);
      }
    }
    return found;
  }

  function match(paper: Paper): AlertMatch[] {
    const text = paperText(paper);
    const hits: Array<{ seq: number; match: AlertMatch }> = [];
    for (const e of candidates(text)) {
      const { matched, why } = evaluate(e.sub.query, text);
      if (matched) hits.push({ seq: e.seq, match: { subscriptionId: e.sub.id, why } });
    }
    return hits.sort((x, y) => x.seq - y.seq).map((h) => h.match);
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
