import type { Paper } from '../model.ts';
import { COLUMNS, ftsString, openFtsTable, type Column, type FtsRow } from './fts-table.ts';
import type { SearchPart, SearchQuery } from './search-query.ts';
import { indexTerms } from './search-terms.ts';
import { createTermStats } from './term-stats.ts';

export { FIELD_BOOST } from './fts-table.ts';
type Field = Column;

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

const joined = (v: unknown): string => (Array.isArray(v) ? v.join(' ') : typeof v === 'string' ? v : '');

/** Scores equal to this precision count as a tie (sorted newest first). */
const TIE = 1e-9;
const tied = (a: number, b: number) => Math.abs(b - a) <= TIE * Math.max(1, Math.abs(a));
const byScoreThenNewest = (a: FtsRow, b: FtsRow): number =>
  !tied(a.score, b.score) ? b.score - a.score : b.day < a.day ? -1 : b.day > a.day ? 1 : 0;

/** Rows fetched beyond the limit, so that scores equal to the last one's within {@link TIE} can still go newest first. */
const TIE_ROOM = 10;

/** An FTS5 expression for words that must all be found, in one column or in any. */
const allOf = (p: SearchPart) => `${p.field ? `{${p.field}} : ` : ''}(${p.words.map(ftsString).join(' AND ')})`;

/**
 * The archive's full-text index: SQLite FTS5 (BM25) over title, abstract, AI keywords and authors with
 * {@link FIELD_BOOST}, in a private temporary database (docs/decisions/108; MiniSearch before, decisions 102 and 105).
 * The abstract is indexed by its {@link ABSTRACT_TERMS} most distinctive terms, and free-text searches leave out words
 * more common than {@link COMMON_SHARE} (decision 105). Document frequencies for both are counted in {@link createTermStats}.
 */
export function createSearchIndex(opts: SearchIndexOptions = {}) {
  const fields: Field[] = opts.keywords === false ? ['title', 'summary', 'authors'] : [...COLUMNS];
  const abstractTerms = opts.abstractTerms ?? ABSTRACT_TERMS;
  const commonShare = opts.commonShare ?? COMMON_SHARE;
  const distinctiveShare = opts.distinctiveShare ?? DISTINCTIVE_SHARE;
  const pruneFrom = opts.pruneFrom ?? PRUNE_FROM;
  const minWords = opts.minWords ?? MIN_WORDS;
  const table = openFtsTable();
  const stats = createTermStats();
  let size = 0;
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
    if (!table.delete(id)) return false;
    size--;
    return true;
  }

  /** Free words rare enough to rank, topped up with the rarest others to `minWords`; all of them in a small archive. */
  function rareOnly(free: string[]): string[] {
    const words = [...new Set(free)];
    if (stats.added < pruneFrom) return words;
    words.sort((a, b) => stats.docFreq(a) - stats.docFreq(b));
    const rare = words.filter((w) => stats.share(w) <= commonShare).length;
    return words.slice(0, Math.max(rare, minWords));
  }

  /** The best `limit` rows, with rows tied with the last one (within {@link TIE}) ordered newest first. */
  function topHits(rows: FtsRow[], limit: number, words: (row: FtsRow) => string[]): IndexHit[] {
    let end = Math.min(limit, rows.length);
    while (end > 0 && end < rows.length && tied(rows[end - 1]!.score, rows[end]!.score)) end++;
    return rows
      .slice(0, end)
      .sort(byScoreThenNewest)
      .slice(0, limit)
      .map((r) => ({ id: r.id, day: r.day, score: r.score, terms: words(r) }));
  }

  return {
    get size() {
      return size;
    },
    has: (id: string) => table.has(id),
    /** The size of the index's temporary database file (not held in memory beyond SQLite's page cache). */
    get fileBytes() {
      return table.bytes;
    },
    /** Adds the paper, replacing an older version of it. */
    upsert(paper: Paper) {
      const terms = { title: termsOf(paper, 'title'), summary: termsOf(paper, 'summary'), keywords: termsOf(paper, 'keywords'), authors: termsOf(paper, 'authors') };
      stats.count(paper.id, fields.flatMap((f) => terms[f]));
      const added = table.put(paper.id, paper.day, {
        title: terms.title.join(' '),
        summary: sparseAbstract(terms.summary).join(' '),
        keywords: fields.includes('keywords') ? terms.keywords.join(' ') : '',
        authors: terms.authors.join(' '),
      });
      if (added) size++;
    },
    remove,
    /**
     * The best matches for a search (a parsed one, or free words as text): every required part, any one of the free
     * words (common ones left out, see {@link rareOnly}), none of the excluded parts. Best first, newest first among ties.
     */
    search(query: SearchQuery | string, limit: number, exclude?: string): IndexHit[] {
      const q: SearchQuery = typeof query === 'string' ? { free: indexTerms(query), required: [], excluded: [] } : query;
      const free = rareOnly(q.free);
      const positives = [...q.required.map(allOf), ...(free.length ? [`(${free.map(ftsString).join(' OR ')})`] : [])];
      if (positives.length === 0) return [];
      const match = q.excluded.reduce((m, part) => `(${m}) NOT ${allOf(part)}`, positives.join(' AND '));
      const words = [...new Set([...q.required.flatMap((p) => p.words), ...free])];
      const held = (row: FtsRow) => words.filter((w) => table.matches(row.n, ftsString(w)));
      return topHits(table.search(match, limit + TIE_ROOM, exclude), limit, held);
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
    /** Papers sharing the most of these weighted terms (any may match; scored by the weights they share), `exclude` left out. */
    similarTo(terms: { term: string; weight: number }[], limit: number, exclude: string): IndexHit[] {
      if (terms.length === 0) return [];
      return topHits(table.weightedSearch(terms, limit + TIE_ROOM, exclude), limit, (r) => (r.terms ? r.terms.split(' ') : []));
    },
    /** Closes the index's database (deleted with it). */
    close: () => table.close(),
  };
}

export type SearchIndex = ReturnType<typeof createSearchIndex>;
