import { createSearchIndex, type SearchIndex, type SearchIndexOptions } from '../../src/archive/search-index.ts';
import type { Paper } from '../../src/model.ts';
import { sample } from './archive-measure.ts';

/** Known-item search: the share of queries whose paper ranks first, and in the top 10. */
export function knownItem(index: SearchIndex, queries: Array<{ id: string; text: string }>): [at1: number, at10: number] {
  let at1 = 0, at10 = 0;
  for (const q of queries) {
    const hits = index.search(q.text, 10).map((h) => h.id);
    if (hits[0] === q.id) at1++;
    if (hits.includes(q.id)) at10++;
  }
  return [at1 / queries.length, at10 / queries.length];
}

/** Known-item queries: each paper's title, and separately 5 distinctive words of its abstract (chosen by `by`). */
export function knownItemQueries(papers: Paper[], by: SearchIndex) {
  return {
    titles: papers.map((p) => ({ id: p.id, text: p.title })),
    words: papers.map((p) => ({
      id: p.id,
      text: by.distinctiveTerms({ ...p, title: '', keywords: [], authors: [] }, 5).map((t) => t.term).join(' '),
    })),
  };
}

const jaccard = (a: Set<string>, b: Set<string>) => {
  if (!a.size || !b.size) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
};

/**
 * Similarity judged against the AI keywords, which the index does not see: for 500 papers with keywords, the mean
 * keyword Jaccard of the top 5 similar papers, beside 5 random papers and the best possible 5 (oracle), computed once.
 */
export function similarityJudge(papers: Paper[], rand: () => number) {
  const kw = papers.map((p) => new Set(p.keywords.map((k) => k.toLowerCase().trim())));
  const pos = new Map(papers.map((p, i) => [p.id, i]));
  const queries = sample(papers.filter((p) => p.keywords.length > 0), 500, rand);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  let random = 0, oracle = 0;
  for (const p of queries) {
    const me = pos.get(p.id)!;
    const others = sample([...Array(papers.length).keys()].filter((i) => i !== me), 5, rand);
    random += mean(others.map((i) => jaccard(kw[me]!, kw[i]!)));
    oracle += mean(kw.map((k, i) => (i === me ? -1 : jaccard(kw[me]!, k))).sort((a, b) => b - a).slice(0, 5));
  }
  random /= queries.length;
  oracle /= queries.length;
  return {
    random,
    oracle,
    /** Mean top-5 Jaccard of an index built without keywords, and its position between random (0) and oracle (1). */
    judge(options: SearchIndexOptions, similarTerms: number): { mean: number; position: number } {
      const index = createSearchIndex({ ...options, keywords: false });
      for (const p of papers) index.upsert(p);
      let ours = 0;
      for (const p of queries) {
        const me = pos.get(p.id)!;
        const hits = index.similarTo(index.distinctiveTerms(p, similarTerms), 5, p.id);
        ours += hits.reduce((s, h) => s + jaccard(kw[me]!, kw[pos.get(h.id)!]!), 0) / 5;
      }
      ours /= queries.length;
      return { mean: ours, position: (ours - random) / (oracle - random) };
    },
  };
}
