/**
 * Alert matching benchmark: the indexed matcher against the naive reference, on one day
 * and on the whole corpus, for 10k and 100k subscriptions.
 *
 *   npx tsx bench/alerts.bench.ts
 *   npx tsx --expose-gc bench/alerts.bench.ts   (heap of the index measured after gc)
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMatcher } from '../src/alerts/matcher.ts';
import { matchPaper } from '../src/alerts/evaluate.ts';
import { naiveMatch } from '../src/alerts/naive.ts';
import type { AlertMatch, Subscription } from '../src/alerts/subscription.ts';
import type { Paper } from '../src/model.ts';
import { generateSubscriptions, latestFullDay, loadCorpus } from './alerts-corpus.ts';
import type { KeywordMix } from './alerts-corpus.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Naive runs on at most this many papers of the whole corpus; the rest is extrapolated. */
const NAIVE_SAMPLE = 200;
/** The re-reading naive runs this many subscriptions against the day; the rest is extrapolated. */
const RESCAN_SAMPLE = 500;

export interface AlertsBenchRow {
  mix: KeywordMix;
  subscriptions: number;
  papers: number;
  label: string;
  buildMs: number;
  indexMs: number;
  indexCpuMs: number;
  naiveMs: number;
  naiveCpuMs: number;
  naiveExtrapolated: boolean;
  /** CPU ms of the naive matcher that also re-reads the paper for every query (sampled, extrapolated); day rows only. */
  rescanCpuMs: number | null;
  hits: number;
  heapBytes: number;
}

const now = (): number => performance.now();
const gc = (globalThis as { gc?: () => void }).gc;

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/** Wall-clock and CPU (user + system, this process) milliseconds of `f`. */
function time<T>(f: () => T): { ms: number; cpuMs: number; value: T } {
  const start = now();
  const cpu = process.cpuUsage();
  const value = f();
  const used = process.cpuUsage(cpu);
  return { ms: now() - start, cpuMs: (used.user + used.system) / 1000, value };
}

/** Medians of `runs` timings. */
function median(runs: number, f: () => unknown): { ms: number; cpuMs: number } {
  // Only the timings are kept: holding every run's answers would make later runs pay for collecting them.
  const runsOf = Array.from({ length: runs }, () => {
    const { ms, cpuMs } = time(f);
    return { ms, cpuMs };
  });
  const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
  return { ms: mid(runsOf.map((r) => r.ms)), cpuMs: mid(runsOf.map((r) => r.cpuMs)) };
}

const countHits = (answers: readonly AlertMatch[][]): number => answers.reduce((s, m) => s + m.length, 0);
const sameAnswer = (a: AlertMatch[][], b: AlertMatch[][]): boolean => JSON.stringify(a) === JSON.stringify(b);

interface Setup {
  mix: KeywordMix;
  n: number;
  papers: readonly Paper[];
  dayPapers: readonly Paper[];
  sample: readonly Paper[];
  day: string;
}

/**
 * One subscription set: a day, then the whole corpus. A function of its own so that the
 * previous set is unreachable (not held by a stack slot) when the heap is measured.
 */
function benchOne({ mix, n, papers, dayPapers, sample, day }: Setup): { rows: AlertsBenchRow[]; same: boolean } {
  const subs: Subscription[] = generateSubscriptions(papers, n, mix);
  const before = heapUsed();
  const built = time(() => createMatcher(subs));
  const matcher = built.value;
  const heapBytes = heapUsed() - before;
  const indexed = (ps: readonly Paper[]) => matcher.matchMany(ps).map((r) => r.matches);
  const naive = (ps: readonly Paper[]) => ps.map((p) => naiveMatch(subs, p));
  const base = { mix, subscriptions: n, buildMs: built.ms, heapBytes };

  for (let i = 0; i < 5; i++) indexed(dayPapers); // warm-up: JIT and the answers' first allocation
  const dayIndex = median(21, () => indexed(dayPapers));
  const dayNaiveAnswer = naive(dayPapers); // also its warm-up
  const dayNaive = median(5, () => naive(dayPapers));
  const dayIndexed = indexed(dayPapers);
  let same = sameAnswer(dayIndexed, dayNaiveAnswer);
  const rescanSubs = subs.slice(0, RESCAN_SAMPLE);
  const rescan = time(() => {
    for (const p of dayPapers) for (const sub of rescanSubs) matchPaper(sub.query, p);
  });
  const rescanCpuMs = (rescan.cpuMs * n) / rescanSubs.length;
  const dayRow: AlertsBenchRow = { ...base, papers: dayPapers.length, label: `day ${day}`, indexMs: dayIndex.ms, indexCpuMs: dayIndex.cpuMs, naiveMs: dayNaive.ms, naiveCpuMs: dayNaive.cpuMs, naiveExtrapolated: false, rescanCpuMs, hits: countHits(dayIndexed) };

  // Whole corpus, one paper at a time so results do not pile up in memory.
  let hits = 0;
  const all = time(() => {
    for (const p of papers) hits += matcher.match(p).length;
  });
  const sampleNaive = time(() => naive(sample));
  same &&= sameAnswer(indexed(sample), sampleNaive.value);
  const scale = papers.length / sample.length;
  const corpusRow: AlertsBenchRow = { ...base, papers: papers.length, label: 'whole corpus', indexMs: all.ms, indexCpuMs: all.cpuMs, naiveMs: sampleNaive.ms * scale, naiveCpuMs: sampleNaive.cpuMs * scale, naiveExtrapolated: true, rescanCpuMs: null, hits };
  return { rows: [dayRow, corpusRow], same };
}

/** Runs the benchmark, prints a table and returns its rows. */
export async function run(): Promise<AlertsBenchRow[]> {
  const { papers, source } = loadCorpus(projectRoot);
  const day = latestFullDay(papers);
  const dayPapers = papers.filter((p) => p.day === day);
  const step = Math.max(1, Math.floor(papers.length / NAIVE_SAMPLE));
  const sample = papers.filter((_, i) => i % step === 0).slice(0, NAIVE_SAMPLE);
  console.log(`Corpus: ${source} (${papers.length} papers); latest full day ${day}: ${dayPapers.length} papers`);
  console.log(`Heap: ${gc ? 'measured after global.gc()' : 'heapUsed delta without --expose-gc (approximate)'}`);
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${load}`);

  const rows: AlertsBenchRow[] = [];
  let allSame = true;
  for (const mix of ['broad', 'niche'] as const) {
    for (const n of [10_000, 100_000]) {
      const result = benchOne({ mix, n, papers, dayPapers, sample, day });
      rows.push(...result.rows);
      allSame &&= result.same;
    }
  }
  printTable(rows, sample.length);
  console.log(`Index answers identical to naive on every paper where both ran: ${allSame ? 'yes' : 'NO'}`);
  return rows;
}

function printTable(rows: readonly AlertsBenchRow[], sampleSize: number): void {
  const fmt = (x: number, d = 1) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const header = ['mix', 'subs', 'papers', 'set', 'build ms', 'index ms', 'index CPU ms', 'naive ms', 'naive CPU ms', 'naive/index', 're-read naive/index', 'pairs/s (index)', 'hits', 'index heap MB'];
  const body = rows.map((r) => [
    r.mix,
    fmt(r.subscriptions, 0),
    fmt(r.papers, 0),
    r.label,
    fmt(r.buildMs),
    fmt(r.indexMs),
    fmt(r.indexCpuMs),
    (r.naiveExtrapolated ? '~' : '') + fmt(r.naiveMs, 0) + (r.naiveExtrapolated ? '*' : ''),
    (r.naiveExtrapolated ? '~' : '') + fmt(r.naiveCpuMs, 0) + (r.naiveExtrapolated ? '*' : ''),
    `${fmt(r.naiveCpuMs / r.indexCpuMs, 0)}×`,
    r.rescanCpuMs === null ? '' : `~${fmt(r.rescanCpuMs / r.indexCpuMs, 0)}×*`,
    fmt((r.subscriptions * r.papers) / (r.indexCpuMs / 1000) / 1e6, 1) + 'M',
    fmt(r.hits, 0),
    fmt(r.heapBytes / 2 ** 20),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padStart(widths[i] ?? 0)).join(' | ') + ' |';
  console.log('');
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const b of body) console.log(line(b));
  console.log(`* naive measured on ${sampleSize} evenly spaced papers and extrapolated to the whole corpus.`);
  console.log('naive/index: ratio of CPU times (wall clock is distorted when the machine is shared). The naive matcher');
  console.log('  tokenises each paper once and evaluates every query on it: the strict baseline, and the one the targets use.');
  console.log(`re-read naive: every query evaluated on every paper with the paper re-read each time (the literal naive);`);
  console.log(`  measured on the first ${RESCAN_SAMPLE} subscriptions × the day and extrapolated. For context only.`);
  console.log('pairs/s: (subscription, paper) pairs decided per CPU second by the index, tokenising included.');
  console.log('index ms: a day is the median of 21 runs after 5 warm-up runs (naive: 5 after 1); build ms: createMatcher with all subscriptions.');
  console.log('mix: broad draws AI keywords weighted by frequency (popular topics, many matches); niche uniformly over distinct keywords.');
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  await run();
}
