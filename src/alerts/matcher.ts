/**
 * Indexed alert matching. Identical queries are stored once (a group with its member
 * subscriptions) and their terms are interned; an inverted index from words and bigrams
 * to groups picks the candidates for a paper, tokenised once, and each candidate is then
 * evaluated exactly by `evaluate.ts`. Answers are identical to `naiveMatch`.
 */
import type { Paper } from '../model.ts';
import type { QueryNode } from './ast.ts';
import { matches, reasons } from './evaluate.ts';
import { queryKeys } from './index-keys.ts';
import type { IndexKey } from './index-keys.ts';
import { paperText } from './paper-text.ts';
import { QueryIndex } from './query-index.ts';
import type { AlertMatch, PaperMatches, Subscription } from './subscription.ts';
import { createTermTable, querySignature } from './term-table.ts';

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

/** One distinct query and the subscriptions that share it. */
interface Group {
  readonly signature: string;
  /** The query with interned (shared) terms. */
  readonly query: QueryNode;
  readonly keys: readonly IndexKey[] | null;
  stamp: number;
  /** In insertion order. */
  readonly members: Entry[];
  /** Reasons for the current paper, when it matched. */
  why: string[];
}

interface Entry {
  readonly id: string;
  /** Insertion order, for a deterministic answer order. */
  readonly seq: number;
  readonly group: Group;
}

const bySeq = (a: Entry, b: Entry): number => a.seq - b.seq;

export function createMatcher(subs: Iterable<Subscription> = []): Matcher {
  const byId = new Map<string, Entry>();
  const groups = new Map<string, Group>();
  const index = new QueryIndex<Group>();
  const terms = createTermTable();
  let seq = 0;
  let epoch = 0;

  function remove(id: string): boolean {
    const entry = byId.get(id);
    if (entry === undefined) return false;
    byId.delete(id);
    const { group } = entry;
    group.members.splice(group.members.indexOf(entry), 1);
    if (group.members.length === 0) {
      groups.delete(group.signature);
      index.delete(group);
      terms.release(group.query);
    }
    return true;
  }

  function add(sub: Subscription): void {
    remove(sub.id);
    const signature = querySignature(sub.query);
    let group = groups.get(signature);
    if (group === undefined) {
      const query = terms.intern(sub.query);
      group = { signature, query, keys: queryKeys(query), stamp: -1, members: [], why: [] };
      groups.set(signature, group);
      index.add(group);
    }
    const entry: Entry = { id: sub.id, seq: seq++, group };
    group.members.push(entry);
    byId.set(sub.id, entry);
  }

  function match(paper: Paper): AlertMatch[] {
    const text = paperText(paper);
    const stamp = ++epoch;
    const results = terms.results(text, stamp);
    const hits: Entry[] = [];
    for (const group of index.candidates(text, stamp)) {
      if (!matches(group.query, results)) continue;
      group.why = reasons(group.query, results);
      for (const member of group.members) hits.push(member);
    }
    return hits.sort(bySeq).map((e) => ({ subscriptionId: e.id, why: [...e.group.why] }));
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
