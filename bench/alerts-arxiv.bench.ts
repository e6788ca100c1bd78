/**
 * Alert matching over one arXiv announcement day × 100,000 scoped subscriptions, the indexed matcher beside the naive
 * reference in the same run (CPU ratio), answers compared. Days (test/fixtures/arxiv/, parsed by the real RSS parser
 * from the XML the fake arXiv serves): 2026-06-17 for the default categories (real categories, new and cross only) and
 * 2025-08-05 for cs.CL+cs.CV+cs.MM+cs.LG+cs.SI (1,098 items with revisions; that capture lost the categories, so
 * `cat:` subscriptions match nothing in it). Also the newest HF day with the same subscriptions.
 *
 *   npm run bench -- alerts-arxiv        (BENCH_QUICK=1: 10,000 subscriptions)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMatcher } from '../src/alerts/matcher.ts';
import { naiveMatch } from '../src/alerts/naive.ts';
import type { AlertScope } from '../src/alerts/scope.ts';
import type { AlertMatch, Subscription } from '../src/alerts/subscription.ts';
import { submissionWindow } from '../src/arxiv/announcement-schedule.ts';
import { parseArxivRss } from '../src/arxiv/parse-rss.ts';
import type { Paper } from '../src/model.ts';
import { fromFeedparserDump, fromListing, type FakeArxivDay } from '../test/fakes/arxiv-data.ts';
import { buildRss } from '../test/fakes/arxiv-xml-build.ts';
import { generateSubscriptions, latestFullDay, loadCorpus, prng } from './alerts-corpus.ts';
import { fmtMs, quick, row } from './lib/table.ts';

const DEFAULT_CATS = ['cs.AI', 'cs.CL', 'cs.CV', 'cs.LG', 'stat.ML'];
const DUMP_CATS = ['cs.CL', 'cs.CV', 'cs.MM', 'cs.LG', 'cs.SI'];
/** Naive runs on at most this many papers of a day (evenly spaced); its time is scaled to the whole day. */
const NAIVE_SAMPLE = 120;

const arxivPapers = (day: FakeArxivDay, cats: readonly string[]): Paper[] => parseArxivRss(buildRss(day, cats, day.papers)).papers;

/** The generated subscriptions with scopes: ~45% none (HF, as stored before scopes), 20% arXiv, 15% any, 15% cat:, 5% revisions. */
export function withScopes(subs: Subscription[], seed = 7): Subscription[] {
  const rand = prng(seed);
  const cats = ['cs.CL', 'cs.CV', 'cs.LG', 'cs.AI', 'stat.ML', 'cs', 'cs.RO', 'eess.IV'];
  return subs.map((s) => {
    const r = rand();
    let scope: AlertScope | undefined;
    if (r < 0.45) scope = undefined;
    else if (r < 0.65) scope = { source: 'arxiv', categories: [], revisions: false };
    else if (r < 0.8) scope = { source: 'any', categories: [], revisions: false };
    else if (r < 0.95) {
      const n = rand() < 0.7 ? 1 : 2;
      scope = { source: 'arxiv', categories: Array.from({ length: n }, () => cats[Math.floor(rand() * cats.length)]!), revisions: false };
    } else scope = { source: 'any', categories: [], revisions: true };
    return scope ? { ...s, scope } : s;
  });
}

function cpu<T>(f: () => T): { cpuMs: number; value: T } {
  const t0 = process.cpuUsage();
  const value = f();
  const d = process.cpuUsage(t0);
  return { cpuMs: (d.user + d.system) / 1000, value };
}

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function run(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { papers: corpus } = loadCorpus(root);
  const n = quick() ? 10_000 : 100_000;
  const subs = withScopes(generateSubscriptions(corpus, n, 'broad'));
  const hfDay = latestFullDay(corpus);
  const days: Array<[string, Paper[]]> = [
    ['arXiv 2026-06-17 (default cats)', arxivPapers(fromListing('2026-06-17.jsonl.gz', '2026-06-17', DEFAULT_CATS, submissionWindow('2026-06-17')), DEFAULT_CATS)],
    ['arXiv 2025-08-05 (5 cats, revisions)', arxivPapers(fromFeedparserDump('rss_cache.2025-08-05.json.gz', `https://rss.arxiv.org/rss/${DUMP_CATS.join('+')}`), DUMP_CATS)],
    [`HF ${hfDay}`, corpus.filter((p) => p.day === hfDay)],
  ];
  const t0 = process.cpuUsage();
  const matcher = createMatcher(subs);
  const build = process.cpuUsage(t0);
  console.log(`${n.toLocaleString('en-US')} subscriptions (broad mix with scopes), built in ${fmtMs((build.user + build.system) / 1000)} CPU; CPU per day, median of 7 runs after 3 warm-ups`);
  console.log('naive: every subscription checked on every paper (scope then query), the reference; on more than ' + NAIVE_SAMPLE + ' papers it runs on an evenly spaced sample, scaled (~)');
  row(['day', 'papers', 'index CPU', 'naive CPU', 'naive/index', 'matches', 'same'], 40, 13);
  for (const [label, papers] of days) {
    for (let i = 0; i < 3; i++) matcher.matchMany(papers);
    const runs = Array.from({ length: 7 }, () => cpu(() => matcher.matchMany(papers)).cpuMs);
    const answer = matcher.matchMany(papers);
    const step = Math.max(1, Math.ceil(papers.length / NAIVE_SAMPLE));
    const sampleAt = papers.map((_, i) => i).filter((i) => i % step === 0);
    const naive = cpu(() => sampleAt.map((i) => naiveMatch(subs, papers[i]!)));
    const naiveCpu = (naive.cpuMs * papers.length) / sampleAt.length;
    const same = sampleAt.every((i, k) => sameMatches(answer[i]!.matches, naive.value[k]!));
    const idx = median(runs);
    const hits = answer.reduce((s, r) => s + r.matches.length, 0);
    row([label, String(papers.length), fmtMs(idx), `${step > 1 ? '~' : ''}${fmtMs(naiveCpu)}`, `${(naiveCpu / idx).toFixed(0)}×`, hits.toLocaleString('en-US'), same ? 'yes' : 'NO'], 40, 13);
  }
  console.log('CPU times are this process only (user + system); the machine is shared, so rely on the ratios.');
}

function sameMatches(a: readonly AlertMatch[], b: readonly AlertMatch[]): boolean {
  return a.length === b.length && a.every((m, i) => m.subscriptionId === b[i]!.subscriptionId && m.why.join('\n') === b[i]!.why.join('\n'));
}
