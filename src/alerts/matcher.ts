/**
 * Indexed alert matching. Identical queries are stored once (a group with its member
 * subscriptions); their terms are interned and their words turned into vocabulary ids.
 * Papers are matched in batches of up to 64. Each paper is tokenised once; an index from
 * words and bigrams to terms says which terms to check in it (`term-index.ts`), and the
 * batch records where each term occurs (`term-batch.ts`). The groups anchored by a term of
 * the batch are the candidates; each is evaluated once for the whole batch, from its
 * compiled form on bitsets of papers (`query-code.ts`). Scopes come first: a group is its query and
 * its scope, each batch works out which papers each scope admits (`scope-table.ts`), a paper that
 * no scope admits is not read, and a group's answer is masked by its scope's papers (a group
 * whose scope admits none of the batch is not run). Answers are identical to `naiveMatch`.
 */
import type { Paper } from '../model.ts';
import { anchorTerms } from './index-keys.ts';
import { AnswerOrder } from './answer-order.ts';
import { PaperWords } from './paper-words.ts';
import { compileQuery, reasonsFollowFields, runQuery } from './query-code.ts';
import { QueryGroups } from './query-groups.ts';
import { HF_SCOPE } from './scope.ts';
import { ScopeTable } from './scope-table.ts';
import type { AlertMatch, PaperMatches, Subscription } from './subscription.ts';
import { BATCH_SIZE, HALF, TermBatch } from './term-batch.ts';
import { type InternedTerm, TermTable } from './term-table.ts';
import { Vocabulary } from './vocabulary.ts';
import { AsciiWordIds } from './ascii-word-ids.ts';
import { GroupReasons } from './group-reasons.ts';
import { PairTable } from './pair-table.ts';
import { PostingLists } from './posting-lists.ts';
import { TermIndex } from './term-index.ts';

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
  /** The live tables, for a snapshot (`engine-snapshot.ts`); not to be changed. */
  state(): MatcherState;
}

/** What a matcher holds between batches: given back to {@link createMatcher}, the same matcher again. */
export interface MatcherState {
  /** Subscription id → its rank in `order`. */
  byId: Map<string, number>;
  words: PaperWords;
  terms: TermTable;
  groups: QueryGroups;
  order: AnswerOrder;
  scopes: ScopeTable;
  /** The batch being matched: its stamp goes on counting (group and term stamps name earlier batches). */
  batch: TermBatch;
}

/** The classes a {@link MatcherState} holds instances of (what a snapshot must give their prototypes back to). */
export const MATCHER_CLASSES = [Vocabulary, PaperWords, AsciiWordIds, TermTable, TermIndex, PairTable, PostingLists, QueryGroups, GroupReasons, AnswerOrder, ScopeTable, TermBatch];

function emptyState(): MatcherState {
  const vocabulary = new Vocabulary();
  const words = new PaperWords(vocabulary);
  const terms = new TermTable(vocabulary, words);
  return { byId: new Map(), words, terms, groups: new QueryGroups(), order: new AnswerOrder(), scopes: new ScopeTable(), batch: new TermBatch() };
}

/** A matcher of `subs`, or the one whose {@link Matcher.state} `from` is. */
export function createMatcher(subs: Iterable<Subscription> = [], from: MatcherState = emptyState()): Matcher {
  const { byId, words, terms, groups, order, scopes, batch } = from;
  /** The reasons of the batch's matching groups, one per (group, paper), a group's papers one after the other. */
  const why: Array<readonly string[]> = [];

  function remove(id: string): boolean {
    const rank = byId.get(id);
    if (rank === undefined) return false;
    byId.delete(id);
    const group = order.groupOf(rank);
    if (order.remove(rank)) {
      for (const t of groups.termsOf(group)) terms.releaseId(t);
      groups.delete(group);
      scopes.release(groups.scopeOf[group] ?? 0);
    }
    if (order.sparse) for (const [live, g] of order.drain()) byId.set(live, order.add(live, g));
    return true;
  }

  function add(sub: Subscription): void {
    remove(sub.id);
    // Interned first: a group is found by its scope id and its code, which names term ids. A query that joins an
    // existing group gives back what it took; a new group keeps only its code (docs/decisions/106).
    const scope = scopes.intern(sub.scope ?? HF_SCOPE);
    const query = terms.intern(sub.query);
    const code = compileQuery(query);
    let group = groups.idOf(scope, code);
    if (group === undefined) {
      const anchors = anchorTerms<InternedTerm>(query)?.map((t) => t.id) ?? null;
      group = groups.add(scope, code, anchors, reasonsFollowFields(query));
    } else {
      terms.release(query);
      scopes.release(scope);
    }
    byId.set(sub.id, order.add(sub.id, group));
  }

  /** The reasons of `group`, known to match paper `j` of the batch. */
  function reasonsOf(group: number, j: number): readonly string[] {
    const t = groups.term[group] ?? -1;
    if (t >= 0) return terms.why(t, batch.fields(t, j), batch.papers[j] as Paper);
    return groups.reasons.of(group, groups.code, groups.codeAt[group] ?? 0, terms, batch, j);
  }

  /** Matches up to {@link BATCH_SIZE} papers: the answers of each. */
  function matchBatch(papers: readonly Paper[]): AlertMatch[][] {
    batch.start(papers, terms.capacity);
    scopes.start(papers);
    for (let j = 0; j < papers.length; j++) {
      if (!scopes.anyAdmits(j)) continue;
      words.read(papers[j] as Paper);
      for (const t of terms.index.termsIn(words)) {
        const fields = terms.fieldsInPaper(t);
        if (fields !== 0) batch.record(t, j, fields);
      }
    }
    order.start();
    const { term, codeAt, code, scopeOf } = groups;
    let used = 0;
    const two = batch.halves === 2;
    for (const group of groups.candidates(batch.present, batch.stamp)) {
      const s = scopeOf[group] ?? 0;
      const inLow = scopes.admitted(s, 0);
      const inHigh = two ? scopes.admitted(s, 1) : 0;
      if ((inLow | inHigh) === 0) continue;
      const t = term[group] ?? -1;
      const at = codeAt[group] ?? 0;
      const low = inLow === 0 ? 0 : inLow & (t >= 0 ? batch.papersWith(t, 0) : runQuery(code, at, batch, 0));
      const high = inHigh === 0 ? 0 : inHigh & (t >= 0 ? batch.papersWith(t, 1) : runQuery(code, at, batch, 1));
      if ((low | high) === 0) continue;
      order.markGroup(group, low, high, used);
      for (let bits = low; bits !== 0; bits &= bits - 1) why[used++] = reasonsOf(group, 31 - Math.clz32(bits & -bits));
      for (let bits = high; bits !== 0; bits &= bits - 1) why[used++] = reasonsOf(group, HALF + 31 - Math.clz32(bits & -bits));
    }
    return order.collect(papers.length, why);
  }

  function matchMany(papers: readonly Paper[]): PaperMatches[] {
    const out: PaperMatches[] = [];
    for (let from = 0; from < papers.length; from += BATCH_SIZE) {
      const slice = papers.slice(from, from + BATCH_SIZE);
      matchBatch(slice).forEach((matches, j) => out.push({ paper: slice[j] as Paper, matches }));
    }
    return out;
  }

  for (const sub of subs) add(sub);
  return {
    add,
    remove,
    has: (id) => byId.has(id),
    get size() {
      return byId.size;
    },
    match: (paper) => matchBatch([paper])[0] ?? [],
    matchMany,
    state: () => from,
  };
}
