// The archive bench's large run, in its own process with a heap cap (the parent reads one JSON line from stdout):
// the HF corpus followed by shuffled-word copies up to N papers, generated while indexing and not kept, so the heap
// measured is the index's. argv: <N> <search index options as JSON> [similar-query terms]. Run with --expose-gc.
import { fileURLToPath } from 'node:url';
import type { SearchIndexOptions } from '../../src/archive/search-index.ts';
import type { Paper } from '../../src/model.ts';
import { loadCorpus, prng } from '../alerts-corpus.ts';
import { createScan, measureIndex, shuffledCopy, timed, type SpeedFigures } from './archive-measure.ts';
import { pct } from './table.ts';

export interface ScaleReport extends SpeedFigures {
  scan: [p50: number, p99: number];
  heapLimitMB: number;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const n = Number(process.argv[2]);
const options = JSON.parse(process.argv[3] ?? '{}') as SearchIndexOptions;
const { papers } = loadCorpus(root);
const rand = prng(16);
const queryAt = new Set(Array.from({ length: 200 }, () => Math.floor(rand() * n)));
const queries: Paper[] = [];
const stream = (add: (p: Paper) => void) => {
  for (let i = 0; i < n; i++) {
    const p = i < papers.length ? papers[i]! : shuffledCopy(papers[i % papers.length]!, i, rand);
    if (queryAt.has(i)) queries.push(p);
    add(p);
  }
};
// The queries are collected while the index is built, so measureIndex gets the array it will fill.
const { figures } = measureIndex(stream, queries, options, process.argv[4] ? Number(process.argv[4]) : undefined);
const scan = createScan();
for (let i = 0; i < n; i++) if (i < papers.length) scan.add(papers[i]!);
else scan.addCopyOf(i % papers.length);
const scanMs = queries.slice(0, 40).map((p) => timed(() => scan.rank(p.title, 10))[1]).sort((a, b) => a - b);
const { heap_size_limit } = (await import('node:v8')).getHeapStatistics();
const report: ScaleReport = { ...figures, scan: [pct(scanMs, 50), pct(scanMs, 99)], heapLimitMB: Math.round(heap_size_limit / 1_048_576) };
console.log(JSON.stringify(report));
