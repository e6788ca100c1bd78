import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SIMILAR_TERMS } from '../src/archive/archive.ts';
import type { SearchIndexOptions } from '../src/archive/search-index.ts';
import { loadCorpus, prng } from './alerts-corpus.ts';
import { createScan, measureIndex, sample, timed, type SpeedFigures } from './lib/archive-measure.ts';
import { knownItem, knownItemQueries, similarityJudge } from './lib/archive-quality.ts';
import type { ScaleReport } from './lib/archive-scale-child.ts';
import { fmtMB, fmtMs, pct, quick, ratio, row } from './lib/table.ts';

/**
 * The archive's index (SQLite FTS5, decisions 105 and 108) on the HF corpus, as configured now beside a full index
 * (every abstract word, every query word) built in the same run: known-item recall, similarity against AI
 * keywords the index did not see (between random 0 and oracle 1), query p50/p99 and index heap at 9,560 papers and,
 * in a child process with a heap cap, at 200,000 (shuffled-word copies; 50,000 with --quick). Query times also beside
 * a linear scan of every paper's words (how many query words it holds), the no-index baseline. The 200,000-paper build
 * alone takes about a minute of CPU; use --quick for a short run.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const child = fileURLToPath(new URL('./lib/archive-scale-child.ts', import.meta.url));
const FULL: SearchIndexOptions = { abstractTerms: Infinity, commonShare: 1, distinctiveShare: 0.2 };
const CONFIGS: Array<{ label: string; options: SearchIndexOptions; similarTerms: number }> = [
  { label: 'every word', options: FULL, similarTerms: 25 },
  { label: 'now (105, 108)', options: {}, similarTerms: SIMILAR_TERMS },
];
const W = 20;
const ms2 = ([a, b]: [number, number]) => `${fmtMs(a)} / ${fmtMs(b)}`;
const memory = (f: SpeedFigures) => `${fmtMB(f.rssBytes)} · ${fmtMB(f.fileBytes)}`;
const r3 = ([a, b]: [number, number]) => `${a.toFixed(3)} / ${b.toFixed(3)}`;

function scale(n: number, options: SearchIndexOptions, similarTerms: number): ScaleReport | string {
  const heapMB = n > 60_000 ? 2048 : 1024;
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', `--max-old-space-size=${heapMB}`, '--import', 'tsx', child, String(n), JSON.stringify(options), String(similarTerms)], {
      encoding: 'utf8', cwd: root, timeout: 600_000, stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out.trim().split('\n').pop()!) as ScaleReport;
  } catch (err) {
    return `did not finish (heap cap ${heapMB} MB): ${(err as Error).message.split('\n')[0]}`;
  }
}

export async function run(): Promise<void> {
  const rand = prng(16);
  const { papers, source } = loadCorpus(root);
  const n = papers.length.toLocaleString('en');
  console.log(`corpus: ${source} (${papers.length} papers); machine load makes times noisy: read the ratios`);
  const speedQueries = sample(papers, 200, rand);
  const scan = createScan();
  for (const p of papers) scan.add(p);
  const scanMs = speedQueries.map((p) => timed(() => scan.rank(p.title, 10))[1]).sort((a, b) => a - b);
  const scanP: [number, number] = [pct(scanMs, 50), pct(scanMs, 99)];
  const known = sample(papers, 1000, rand);
  const judge = similarityJudge(papers, rand);
  row(['figure', ...CONFIGS.map((c) => c.label), 'baseline'.padStart(28)], 46, W);
  let queries: ReturnType<typeof knownItemQueries> | undefined;
  const small: SpeedFigures[] = [];
  const cells: string[][] = [[], [], [], [], [], [], [], [], []];
  for (const c of CONFIGS) {
    const { index, figures } = measureIndex((add) => papers.forEach(add), speedQueries, c.options, c.similarTerms);
    queries ??= knownItemQueries(known, index); // the 5 words are picked once, by the full index
    small.push(figures);
    const sim = judge.judge(c.options, c.similarTerms);
    [
      fmtMs(figures.buildMs), ms2(figures.search), ms2(figures.similar), fmtMB(figures.indexBytes), memory(figures),
      r3(knownItem(index, queries.titles)), r3(knownItem(index, queries.words)), sim.mean.toFixed(3), sim.position.toFixed(2),
    ].forEach((v, i) => cells[i]!.push(v));
  }
  const labels = [
    [`${n}: index build`, ''],
    [`${n}: search p50 / p99 (titles)`, `scan ${ms2(scanP)}`],
    [`${n}: similar p50 / p99`, `scan ${ms2(scanP)}`],
    [`${n}: index heap`, ''],
    [`${n}: RSS added · temporary file`, ''],
    ['known item by title, recall@1 / @10', ''],
    ['known item by 5 abstract words, recall@1 / @10', ''],
    ['similar top-5 keyword Jaccard (not indexed)', `rand ${judge.random.toFixed(3)} orcl ${judge.oracle.toFixed(3)}`],
    ['  position between random 0 and oracle 1', ''],
  ];
  labels.forEach(([label, base], i) => row([label!, ...cells[i]!, ` ${base!}`.padStart(28)], 46, W));
  const big = quick() ? 50_000 : 200_000;
  const now = CONFIGS[1]!;
  const report = scale(big, now.options, now.similarTerms);
  const b = big.toLocaleString('en');
  console.log(`\n${b} papers (the corpus and shuffled-word copies), built in a child process, index as now (105, 108):`);
  if (typeof report === 'string') return void console.log(report);
  const at = small[1]!;
  row(['figure', `${b}`, `${n}`, `scan at ${b}`], 46, W);
  row(['index build', fmtMs(report.buildMs), fmtMs(at.buildMs), ''], 46, W);
  const vsScan = (p99: number) => `  ${ms2(report.scan)}, p99 ${ratio(p99, report.scan[1])}`;
  row(['search p50 / p99 (titles)', ms2(report.search), ms2(at.search), vsScan(report.search[1])], 46, W);
  row(['similar p50 / p99', ms2(report.similar), ms2(at.similar), vsScan(report.similar[1])], 46, W);
  row(['index heap', fmtMB(report.indexBytes), fmtMB(at.indexBytes), `${ratio(report.indexBytes, at.indexBytes)} of ${n}`], 46, W);
  row(['RSS added · temporary file', memory(report), memory(at), ''], 46, W);
}
