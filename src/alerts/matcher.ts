/**
 * Indexed alert matching. Identical queries are stored once (a group with its member
 * subscriptions); their terms are interned and their words turned into vocabulary ids. An
 * inverted index from words and bigrams to groups picks the candidates for a paper,
 * tokenised once, and each candidate is then evaluated exactly, from its compiled form
 * (`query-code.ts`). Answers are identical to `naiveMatch`.
 */
import type { Paper } from '../model.ts';
import type { QueryNode } from './ast.ts';
import { queryKeys } from './index-keys.ts';
import type { IndexKey } from './index-keys.ts';
import { paperText } from './paper-text.ts';
import { PaperWords } from './paper-words.ts';
import { compileQuery, explainQuery, runQuery, type QueryCode } from './query-code.ts';
import { QueryIndex } from './query-index.ts';
import type { AlertMatch, PaperMatches, Subscription } from './subscription.ts';
import { type InternedTerm, TermTable, querySignature } from './term-table.ts';
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

/** One distinct query and the subscriptions that share it. */
interface Group {
  readonly signature: string;
  /** The query with interned (shared) terms. */
  readonly query: QueryNode;
  /** A query that is one term: that term's id (no code to run); else -1. */
  readonly term: number;
  /** The compiled query, when it is more than one term. */
  readonly code: QueryCode;
  readonly keys: readonly IndexKey[] | null;
  stamp: number;
  /** Reasons for the current paper, when it matched (shared by the group's members). */
  why: readonly string[];
  /** In insertion order. */
  readonly members: Entry[];
}

interface Entry {
  readonly id: string;
  /** Insertion order, for a deterministic answer order. */
  readonly seq: number;
  readonly group: Group;
}

const SLOT = 2 ** 21;

/**
 * The answers in insertion order. Sorting (order, position) pairs packed into numbers
 * with the native typed-array sort is several times faster than a comparator.
 */
function inOrder(hits: readonly Entry[]): AlertMatch[] {
  if (hits.length >= SLOT) return [...hits].sort((a, b) => a.seq - b.seq).map((e) => ({ subscriptionId: e.id, why: e.group.why }));
  const keys = new Float64Array(hits.length);
  for (let i = 0; i < hits.length; i++) keys[i] = (hits[i] as Entry).seq * SLOT + i;
  keys.sort();
  const answers: AlertMatch[] = [];
  for (const key of keys) {
    const e = hits[key % SLOT] as Entry;
    answers.push({ subscriptionId: e.id, why: e.group.why });
  }
  return answers;
}

export function createMatcher(subs: Iterable<Subscription> = []): Matcher {
  const byId = new Map<string, Entry>();
  const groups = new Map<string, Group>();
  const vocabulary = new Vocabulary();
  const words = new PaperWords(vocabulary);
  const terms = new TermTable(vocabulary, words);
  const index = new QueryIndex<Group>(vocabulary);
  let seq = 0;

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
      const term = query.type === 'term' ? (query as InternedTerm).id : -1;
      group = { signature, query, term, code: term >= 0 ? [] : compileQuery(query), keys: queryKeys(query), stamp: -1, why: [], members: [] };
      groups.set(signature, group);
      index.add(group);
    }
    const entry: Entry = { id: sub.id, seq: seq++, group };
    group.members.push(entry);
    byId.set(sub.id, entry);
  }

  function match(paper: Paper): AlertMatch[] {
    words.load(paperText(paper));
    const hits: Entry[] = [];
    for (const group of index.candidates(words)) {
      if (group.term >= 0) {
        if (terms.fields(group.term) === 0) continue;
        group.why = terms.why(group.term);
      } else {
        if (!runQuery(group.code, 0, terms, paper.upvotes)) continue;
        group.why = explainQuery(group.code, terms, paper.upvotes);
      }
      for (const member of group.members) hits.push(member);
    }
    return inOrder(hits);
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
