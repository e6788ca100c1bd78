import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import type { Paper } from '../model.ts';
import { indexTerms } from './search-terms.ts';
import { createTermStats } from './term-stats.ts';

/** Field weights of the ranking (docs/decisions/102). */
export const FIELD_BOOST = { title: 3, keywords: 2, authors: 2, summary: 1 } as const;
type Field = keyof typeof FIELD_BOOST;

/** One hit: the paper id, its day (for newest-first among ties), its score and the query terms it matched. */
export interface IndexHit {
  id: string;
  day: string;
  score: number;
  terms: string[];
}

export interface SearchIndexOptions {
  /** Index the AI keywords (default true; the similarity bench turns it off to judge against them). */
  keywords?: boolean;
  /** How many of the abstract's most distinctive terms are indexed (default {@link ABSTRACT_TERMS}; docs/decisions/105). */
  abstractTerms?: number;
  /** Free query words held by more than this share of the papers are left out of a search (default {@link COMMON_SHARE}). */
  commonShare?: number;
  /** Terms held by this share of the papers or more are never distinctive (default {@link DISTINCTIVE_SHARE}). */
  distinctiveShare?: number;
  /** Common words are left out of searches once this many papers are indexed (default {@link PRUNE_FROM}). */
  pruneFrom?: number;
  /** A search keeps at least this many of its words, the rarest, even common ones (default {@link MIN_WORDS}). */
  minWords?: number;
}

/** The abstract is indexed sparsely: its most distinctive terms only (count × idf), not every word. */
export const ABSTRACT_TERMS = 16;
/** Query words in more than this share of papers rank almost nothing and cost the most; free-text search drops them. */
export const COMMON_SHARE = 0.03;
/** Below this many papers every search is fast enough whole: common words stay in (their shares are rough, too). */
export const PRUNE_FROM = 2_000;
/** A search keeps at least this many of its words (the rarest), even when they are common. */
export const MIN_WORDS = 2;
/** Terms in at least this share of papers are never "distinctive" (for similar papers). */
export const DISTINCTIVE_SHARE = 0.03;

/** What MiniSearch holds for one paper: each field's terms, space-separated; the abstract's distinctive ones only. */
type IndexedDoc = { id: string; day: string; title: string; summary: string; keywords: string; authors: string };

const joined = (v: unknown): string => (Array.isArray(v) ? v.join(' ') : typeof v === 'string' ? v : '');

/** Scores equal to this precision count as a tie (sorted newest first). */
const TIE = 1e-9;
const tied = (a: number, b: number) => Math.abs(b - a) <= TIE * Math.max(1, a);
const byScoreThenNewest = (a: IndexHit, b: IndexHit): number =>
  !tied(a.score, b.score) ? b.score - a.score : b.day < a.day ? -1 : b.day > a.day ? 1 : 0;

/** The best `limit` of MiniSearch's results (already best first), with ties at the cut ordered newest first. */
function topHits(results: SearchResult[], limit: number): IndexHit[] {
  let end = Math.min(limit, results.length);
  while (end > 0 && end < results.length && tied(results[end - 1]!.score, results[end]!.score)) end++;
  return results
    .slice(0, end)
    .map((r) => ({ id: String(r.id), day: String(r.day), score: r.score, terms: r.queryTerms }))
    .sort(byScoreThenNewest)
    .slice(0, limit);
}

/**
 * The in-memory full-text index of the archive: MiniSearch (BM25+) over title, abstract, AI keywords and authors with
 * {@link FIELD_BOOST}; stores only each paper's day. The abstract is indexed by its {@link ABSTRACT_TERMS} most
 * distinctive terms, and free-text searches leave out words more common than {@link COMMON_SHARE} (docs/decisions/105).
 */
export function createSearchIndex(opts: SearchIndexOptions = {}) {
  const fields: Field[] = opts.keywords === false ? ['title', 'summary', 'authors'] : ['title', 'summary', 'keywords', 'authors'];
  const abstractTerms = opts.abstractTerms ?? ABSTRACT_TERMS;
  const commonShare = opts.commonShare ?? COMMON_SHARE;
  const distinctiveShare = opts.distinctiveShare ?? DISTINCTIVE_SHARE;
  const pruneFrom = opts.pruneFrom ?? PRUNE_FROM;
  const minWords = opts.minWords ?? MIN_WORDS;
  const mini = new MiniSearch<IndexedDoc>({
    idField: 'id',
    fields,
    storeFields: ['day'],
    // Documents arrive tokenized (each field's terms joined by spaces, see upsert); queries are text.
    tokenize: (text) => (text === '' ? [] : text.split(' ')),
    processTerm: (term) => term,
    searchOptions: { boost: FIELD_BOOST, tokenize: indexTerms },
  });
  const stats = createTermStats();
  const termsOf = (p: Paper, field: Field) => indexTerms(joined(p[field]));

  /** The text's terms weighted by count × idf, best first (ties by term, so the order is stable). */
  function weighed(counts: Map<string, number>): { term: string; weight: number }[] {
    return [...counts]
      .map(([term, count]) => ({ term, weight: count * stats.idf(term) }))
      .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1));
  }
  /** The abstract's {@link ABSTRACT_TERMS} most distinctive terms. */
  function sparseAbstract(terms: string[]): string[] {
    const counts = new Map<string, number>();
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    return counts.size <= abstractTerms ? terms : weighed(counts).slice(0, abstractTerms).map((t) => t.term);
  }

  function remove(id: string): boolean {
    if (!mini.has(id)) return false;
    mini.discard(id);
    return true;
  }

  /** A free-words leaf keeps its words rare enough to rank, topped up with the rarest others to `minWords`. */
  function rareOnly(text: string): Query {
    const words = [...new Set(indexTerms(text))].sort((a, b) => stats.docFreq(a) - stats.docFreq(b));
    const rare = words.filter((w) => stats.share(w) <= commonShare).length;
    const keep = new Set(words.slice(0, Math.max(rare, minWords)));
    return { queries: [text], combineWith: 'OR', processTerm: (t) => (keep.has(t) ? t : null) };
  }
  /** Drops common words from the query's any-may-match (OR) word lists; required (AND) words stay as typed. */
  function pruned(query: Query, combine: string): Query {
    if (typeof query === 'string') return combine.toUpperCase() === 'OR' ? rareOnly(query) : query;
    if (typeof query !== 'object') return query; // MiniSearch.wildcard
    const own = query.combineWith ?? combine;
    const queries: Query[] =
      own.toUpperCase() === 'AND_NOT'
        ? [pruned(query.queries[0]!, combine), ...query.queries.slice(1)]
        : query.queries.map((q) => pruned(q, own));
    return { ...query, queries };
  }

  return {
    get size() {
      return mini.documentCount;
    },
    has: (id: string) => mini.has(id),
    /** Adds the paper, replacing an older version of it. */
    upsert(paper: Paper) {
      remove(paper.id);
      const terms = { title: termsOf(paper, 'title'), summary: termsOf(paper, 'summary'), keywords: termsOf(paper, 'keywords'), authors: termsOf(paper, 'authors') };
      stats.count(paper.id, fields.flatMap((f) => terms[f]));
      mini.add({
        id: paper.id,
        day: paper.day,
        title: terms.title.join(' '),
        summary: sparseAbstract(terms.summary).join(' '),
        keywords: terms.keywords.join(' '),
        authors: terms.authors.join(' '),
      });
    },
    remove,
    /** Runs a MiniSearch query (string or tree); best first, newest first among ties. */
    search(query: Query, limit: number, exclude?: string): IndexHit[] {
      const results = mini.search(stats.added < pruneFrom ? query : pruned(query, 'OR'), exclude ? { filter: (r) => r.id !== exclude } : {});
      return topHits(results, limit);
    },
    /**
     * The paper's distinctive terms: its words weighted by count × inverse document frequency (title words count
     * double), best first, from `pruneFrom` papers on only those held by under `distinctiveShare` of them. `max` caps
     * how many. `sharedOnly`: only terms some other paper holds too (a term only this one has finds nothing else; for
     * `similar`, where the paper itself is indexed).
     */
    distinctiveTerms(paper: Paper, max: number, o: { sharedOnly?: boolean } = {}): { term: string; weight: number }[] {
      const counts = new Map<string, number>();
      for (const f of fields) for (const t of termsOf(paper, f)) counts.set(t, (counts.get(t) ?? 0) + (f === 'title' ? 2 : 1));
      // A young archive (a few days) has no reliable shares: a term in 2 of 50 papers is already 4 %. Below the size
      // where searches start leaving common words out, idf alone ranks the terms.
      const few = stats.added < pruneFrom;
      return weighed(counts)
        .filter((t) => (few || stats.share(t.term) < distinctiveShare) && (!o.sharedOnly || stats.docFreq(t.term) > 1))
        .slice(0, max);
    },
    /** Papers sharing the most of these weighted terms (any may match), `exclude` left out. */
    similarTo(terms: { term: string; weight: number }[], limit: number, exclude: string): IndexHit[] {
      if (terms.length === 0) return [];
      const weights = new Map(terms.map((t) => [t.term, t.weight]));
      const results = mini.search(terms.map((t) => t.term).join(' '), {
        combineWith: 'OR',
        boostTerm: (term) => weights.get(term) ?? 1,
        filter: (r) => r.id !== exclude,
      });
      return topHits(results, limit);
    },
  };
}

export type SearchIndex = ReturnType<typeof createSearchIndex>;
