import { SIMILAR_TERMS } from '../../src/archive/archive.ts';
import { createSearchIndex, type SearchIndex, type SearchIndexOptions } from '../../src/archive/search-index.ts';
import { indexTerms } from '../../src/archive/search-terms.ts';
import type { Paper } from '../../src/model.ts';
import { pct } from './table.ts';

/** Shared by the archive bench and its 200,000-paper child: sampling, timing, the scan baseline, one speed run. */
const gc = () => (globalThis as { gc?: () => void }).gc?.();
export const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

export const sample = <T>(list: readonly T[], n: number, rand: () => number): T[] => {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
};

export function timed<T>(f: () => T): [T, number] {
  const t = performance.now();
  const out = f();
  return [out, performance.now() - t];
}

/** A copy of a paper with its title and abstract words shuffled, under a new id. */
export function shuffledCopy(p: Paper, i: number, rand: () => number): Paper {
  const shuffle = (s: string) => sample(s.split(/\s+/), Infinity, rand).join(' ');
  return { ...p, id: `syn.${i}`, title: shuffle(p.title), summary: shuffle(p.summary) };
}

/**
 * The baseline without an index: each paper's distinct words as sorted term numbers (compact, so it fits at 200,000
 * papers), ranked by how many of the query's words a paper holds, best first (a linear scan).
 */
export function createScan() {
  const ids = new Map<string, number>();
  const docs: Uint32Array[] = [];
  const idOf = (t: string) => ids.get(t) ?? (ids.set(t, ids.size), ids.size - 1);
  return {
    add(p: Paper) {
      const words = new Set(indexTerms([p.title, p.summary, p.keywords.join(' '), p.authors.join(' ')].join(' ')));
      docs.push(Uint32Array.from([...words].map(idOf)));
    },
    /** Adds a shuffled copy of the i-th paper added: the same words, so the same term numbers (shared, not copied). */
    addCopyOf(i: number) {
      docs.push(docs[i]!);
    },
    rank(query: string, limit: number): number[] {
      const q = new Set(indexTerms(query).flatMap((t) => (ids.has(t) ? [ids.get(t)!] : [])));
      const scored: Array<[number, number]> = [];
      docs.forEach((d, i) => {
        let n = 0;
        for (const t of d) if (q.has(t)) n++;
        if (n) scored.push([n, i]);
      });
      return scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, limit).map(([, i]) => i);
    },
  };
}
export type Scan = ReturnType<typeof createScan>;

export interface SpeedFigures {
  papers: number;
  buildMs: number;
  indexBytes: number;
  /** Resident memory the build added (heap, SQLite's page cache and the rest), and the index's temporary file. */
  rssBytes: number;
  fileBytes: number;
  search: [p50: number, p99: number];
  similar: [p50: number, p99: number];
}

/** Builds an index from `each` (papers may be generated on the fly and dropped), measures its heap and query times. */
export function measureIndex(
  each: (add: (p: Paper) => void) => void,
  queries: Paper[],
  options: SearchIndexOptions,
  similarTerms = SIMILAR_TERMS,
): { index: SearchIndex; figures: SpeedFigures } {
  const before = heap();
  const rssBefore = process.memoryUsage().rss;
  const [index, buildMs] = timed(() => {
    const ix = createSearchIndex(options);
    each((p) => ix.upsert(p));
    return ix;
  });
  const indexBytes = heap() - before;
  const rssBytes = process.memoryUsage().rss - rssBefore;
  const p5099 = (ms: number[]): [number, number] => {
    const sorted = ms.sort((a, b) => a - b);
    return [pct(sorted, 50), pct(sorted, 99)];
  };
  const search = p5099(queries.map((p) => timed(() => index.search(p.title, 10))[1]));
  const similar = p5099(queries.map((p) => timed(() => index.similarTo(index.distinctiveTerms(p, similarTerms), 10, p.id))[1]));
  return { index, figures: { papers: index.size, buildMs, indexBytes, rssBytes, fileBytes: index.fileBytes, search, similar } };
}

