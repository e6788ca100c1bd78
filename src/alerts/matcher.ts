/**
 * Indexed alert matching. Identical queries are stored once (a group with its member
 * subscriptions); their terms are interned and their words turned into vocabulary ids. An
 * inverted index from words and bigrams to groups picks the candidates for a paper,
 * tokenised once, and each candidate is then evaluated exactly, from its compiled form
 * (`query-code.ts`). Answers are identical to `naiveMatch`.
 */
import type { Paper } from '../model.ts';
import { queryKeys } from './index-keys.ts';
import { AnswerOrder } from './answer-order.ts';
import { PaperWords } from './paper-words.ts';
import { explainQuery, reasonKey, runQuery } from './query-code.ts';
import { NO_KEY, QueryGroups } from './query-groups.ts';
import { QueryIndex } from './query-index.ts';
import type { AlertMatch, PaperMatches, Subscription } from './subscription.ts';
import { TermTable, querySignature } from './term-table.ts';
import { Vocabulary } from './vocabulary.ts';

/** A set of subscriptions matched against papers. */
export interface Matcher {
  /** Adds a subscription; one with the same id is replaced (and moves to the end of the order). */
  add(sub: Subscription): void;
  /** Removes a subscription; returns whether it was there. */
  remove(id: string): boolean;
  has(id: string): boolean;
  readonly size: number;
  /** Matching subscriptions in the order they were added, with reasons (shared by subscriptions with one query). */
  match(paper: Paper): AlertMatch[];
  /** `match` for each paper, in the same order. */
  matchMany(papers: readonly Paper[]): PaperMatches[];
}

/** Whether two reason lists say the same. */
function sameWhy(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function createMatcher(subs: Iterable<Subscription> = []): Matcher {
  /** Subscription id → its rank in `order`. */
  const byId = new Map<string, number>();
  const vocabulary = new Vocabulary();
  const words = new PaperWords(vocabulary);
  const terms = new TermTable(vocabulary, words);
  const index = new QueryIndex(vocabulary);
  const groups = new QueryGroups();
  const order = new AnswerOrder();

  function remove(id: string): boolean {
    const rank = byId.get(id);
    if (rank === undefined) return false;
    byId.delete(id);
    const group = order.groupOf(rank);
    if (order.remove(rank)) {
      const { query, keys } = groups.delete(group);
      index.delete(group, keys);
      terms.release(query);
    }
    if (order.sparse) for (const [live, g] of order.drain()) byId.set(live, order.add(live, g));
    return true;
  }

  function add(sub: Subscription): void {
    remove(sub.id);
    const signature = querySignature(sub.query);
    let group = groups.idOf(signature);
    if (group === undefined) {
      const query = terms.intern(sub.query);
      const keys = queryKeys(query);
      group = groups.add(signature, query, keys);
      index.add(group, keys);
    }
    byId.set(sub.id, order.add(sub.id, group));
  }

  function match(paper: Paper): AlertMatch[] {
    words.read(paper);
    order.start();
    const { term, codeAt, code, why, whyKey } = groups;
    const { upvotes } = paper;
    for (const group of index.candidates(words)) {
      const t = term[group] ?? -1;
      const at = codeAt[group] ?? 0;
      let key: number;
      if (t >= 0) {
        key = terms.fields(t);
        if (key === 0) continue;
      } else {
        if (!runQuery(code, at, terms, upvotes)) continue;
        key = reasonKey(code, at, terms);
      }
      const lastKey = whyKey[group] ?? NO_KEY;
      let changed = false;
      if (lastKey === NO_KEY || key !== lastKey) {
        // Reasons computed again; the same words keep the same array (and answers).
        const reasons = t >= 0 ? terms.why(t) : explainQuery(code, at, terms, upvotes);
        const old = why[group] ?? [];
        changed = reasons !== old && !sameWhy(reasons, old);
        if (changed) why[group] = reasons;
        if (lastKey !== NO_KEY) whyKey[group] = key;
      }
      order.markGroup(group, changed);
    }
    return order.collect(why);
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
