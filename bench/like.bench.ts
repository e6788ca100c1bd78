import { fileURLToPath } from 'node:url';
import { createLikeMatcher } from '../src/alerts/like-matcher.ts';
import { LIKE_PAPER_TERMS, LIKE_TERMS, LIKE_THRESHOLD, similarity, type LikeProfile, type WeightedTerm } from '../src/alerts/like-profile.ts';
import { HF_SCOPE } from '../src/alerts/scope.ts';
import { createSearchIndex } from '../src/archive/search-index.ts';
import type { Paper } from '../src/model.ts';
import { loadCorpus, prng } from './alerts-corpus.ts';
import { fmtMs, pct, ratio, row } from './lib/table.ts';

/**
 * `like:` subscriptions (decision 104) on the HF corpus. Tuning: the archive indexed without AI keywords (so they are a
 * signal the similarity did not see); for 300 followed papers, every other corpus paper scored; per threshold, how
 * many papers a day pass per subscription and how many of those share an AI keyword with the followed paper (beside
 * the rate of random pairs). Speed: one day (600 papers, an arXiv day's size) matched against 10,000 `like:`
 * subscriptions, beside a linear scan (every subscription's similarity computed for every paper) in the same run.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const kwSet = (p: Paper) => new Set(p.keywords.map((k) => k.toLowerCase().trim()));
const shares = (a: Set<string>, b: Set<string>) => [...a].some((k) => b.has(k));

function tuning(papers: Paper[], rand: () => number): void {
  const index = createSearchIndex({ keywords: false });
  for (const p of papers) index.upsert(p);
  const terms = papers.map((p) => index.distinctiveTerms(p, LIKE_TERMS));
  const paperTerms = papers.map((p) => index.distinctiveTerms(p, LIKE_PAPER_TERMS));
  const kws = papers.map(kwSet);
  const days = new Set(papers.map((p) => p.day)).size;
  const withKw = [...papers.keys()].filter((i) => kws[i]!.size > 0);
  const followed = Array.from({ length: 300 }, () => withKw[Math.floor(rand() * withKw.length)]!);
  const thresholds = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5];
  const pass = thresholds.map(() => 0);
  const good = thresholds.map(() => 0);
  let randomPairs = 0, randomShare = 0, top5Share = 0;
  for (const f of followed) {
    const scored: Array<[number, boolean]> = [];
    for (let j = 0; j < papers.length; j++) {
      if (j === f || kws[j]!.size === 0) continue;
      const s = similarity(terms[f]!, paperTerms[j]!);
      const share = shares(kws[f]!, kws[j]!);
      scored.push([s, share]);
      if (rand() < 0.01) (randomPairs++, (randomShare += share ? 1 : 0));
      thresholds.forEach((t, k) => {
        if (s >= t) (pass[k]!++, (good[k]! += share ? 1 : 0));
      });
    }
    top5Share += scored.sort((a, b) => b[0] - a[0]).slice(0, 5).filter(([, sh]) => sh).length / 5;
  }
  console.log(`tuning: ${followed.length} followed papers × ${papers.length} corpus papers over ${days} HF days; keywords not indexed`);
  console.log(`papers sharing an AI keyword with the followed one: random pairs ${((100 * randomShare) / randomPairs).toFixed(1)} %, ` +
    `the 5 most similar of each (what /papers similar shows first) ${((100 * top5Share) / followed.length).toFixed(1)} %`);
  row(['threshold', 'pass / sub / day', 'per 1,000 papers', 'share a keyword', 'vs random'], 14, 18);
  thresholds.forEach((t, k) =>
    row([
      `${t.toFixed(2)}${t === LIKE_THRESHOLD ? ' (used)' : ''}`,
      (pass[k]! / followed.length / days).toFixed(3),
      ((1000 * pass[k]!) / followed.length / papers.length).toFixed(2),
      pass[k] ? `${((100 * good[k]!) / pass[k]!).toFixed(1)} %` : '—',
      pass[k] ? ratio(good[k]! / pass[k]!, randomShare / randomPairs) : '—',
    ], 14, 18),
  );
}

function speed(papers: Paper[], rand: () => number): void {
  const index = createSearchIndex();
  for (const p of papers) index.upsert(p);
  const termsOf = (p: Paper, max: number): WeightedTerm[] => index.distinctiveTerms(p, max);
  const profiles: LikeProfile[] = Array.from({ length: 10_000 }, () => {
    const p = papers[Math.floor(rand() * papers.length)]!;
    return { paperId: p.id, title: p.title, terms: termsOf(p, LIKE_TERMS) };
  });
  const day = Array.from({ length: 600 }, () => papers[Math.floor(rand() * papers.length)]!);
  const matcher = createLikeMatcher(termsOf);
  profiles.forEach((pr, i) => matcher.add(`s${i}`, pr, HF_SCOPE));
  matcher.matchMany(day.slice(0, 1)); // builds the postings once, as the first poll after a change does
  const sample = day.slice(0, 100);
  const ours: number[] = [], ours100: number[] = [];
  let oursMatches = 0;
  for (let r = 0; r < 5; r++) {
    let t = performance.now();
    matcher.matchMany(day);
    ours.push(performance.now() - t);
    t = performance.now();
    oursMatches = matcher.matchMany(sample).reduce((s, m) => s + m.matches.length, 0);
    ours100.push(performance.now() - t);
  }
  const t = performance.now();
  let scanMatches = 0;
  for (const p of sample) {
    const pt = termsOf(p, LIKE_PAPER_TERMS);
    for (const pr of profiles) if (pr.paperId !== p.id && similarity(pr.terms, pt) >= LIKE_THRESHOLD) scanMatches++;
  }
  const scan = performance.now() - t;
  ours.sort((a, b) => a - b);
  ours100.sort((a, b) => a - b);
  row(['10,000 like: subscriptions (median of 5)', 'ours', 'linear scan', 'ratio'], 46, 14);
  row(['  100 papers', fmtMs(pct(ours100, 50)), fmtMs(scan), ratio(pct(ours100, 50), scan)], 46, 14);
  row(['  100 papers: matches (must be equal)', String(oursMatches), String(scanMatches), ''], 46, 14);
  row(['  600 papers (an arXiv day)', fmtMs(pct(ours, 50)), `~${fmtMs(scan * 6)}`, ratio(pct(ours, 50), scan * 6)], 46, 14);
}

export async function run(): Promise<void> {
  const rand = prng(104);
  const { papers, source } = loadCorpus(root);
  console.log(`corpus: ${source} (${papers.length} papers); machine load makes times noisy: read the ratios`);
  tuning(papers, rand);
  speed(papers, rand);
}
