/**
 * Benchmark inputs for alert matching: the real HF papers corpus (or a generated one when
 * it is missing) and reproducible subscriptions derived from it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseQuery } from '../src/alerts/query.ts';
import type { Subscription } from '../src/alerts/subscription.ts';
import { splitWords } from '../src/alerts/text.ts';
import { lineToPaper } from '../src/archive/import-papers.ts';
import type { Paper } from '../src/model.ts';

/** Seeded PRNG (mulberry32): same seed, same subscriptions. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The corpus file, resolved from the project root as the brief says. */
export const corpusPath = (projectRoot: string): string =>
  path.resolve(projectRoot, '../shared/data/hf-papers-corpus.ndjson.gz');

/** Loads the real corpus, or generates a similar one (and says so) if the file is missing. */
export function loadCorpus(projectRoot: string): { papers: Paper[]; source: string } {
  const file = corpusPath(projectRoot);
  if (!existsSync(file)) {
    console.warn(`Corpus not found at ${file}; using a generated corpus of 9,560 papers instead.`);
    return { papers: generateCorpus(9560), source: 'generated (corpus file missing)' };
  }
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter((l) => l.trim() !== '');
  const papers = lines.map(lineToPaper).filter((p): p is Paper => p !== undefined);
  if (papers.length !== lines.length) throw new Error(`${file}: ${lines.length - papers.length} lines are not papers`);
  return { papers, source: file };
}

function generateCorpus(n: number): Paper[] {
  const rand = prng(7);
  const vocab = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}`);
  const pick = () => vocab[Math.floor(vocab.length * rand() ** 3)] ?? 'w0';
  const text = (len: number) => Array.from({ length: len }, pick).join(' ');
  return Array.from({ length: n }, (_, i) =>
    paperOf({
      day: new Date(Date.UTC(2025, 0, 1) + Math.floor(i / 20) * 86_400_000).toISOString().slice(0, 10),
      id: `gen.${i}`,
      title: text(8),
      summary: text(180),
      authors: Array.from({ length: 5 }, () => `${pick()} ${pick()}`),
      upvotes: Math.floor(rand() * 60),
      ai_keywords: Array.from({ length: 8 }, () => text(1 + Math.floor(rand() * 3))),
      numComments: 0,
    }),
  );
}

/** A generated line in HF's raw shape, read as the archive import reads one. */
const paperOf = (line: object): Paper => lineToPaper(JSON.stringify(line))!;

/** The latest day with at least 80% as many papers as the busiest day. */
export function latestFullDay(papers: readonly Paper[]): string {
  const counts = new Map<string, number>();
  for (const p of papers) counts.set(p.day, (counts.get(p.day) ?? 0) + 1);
  const max = Math.max(...counts.values());
  return [...counts].filter(([, n]) => n >= 0.8 * max).map(([d]) => d).sort().at(-1) ?? '';
}

const STOP = new Set(['a', 'an', 'the', 'of', 'for', 'and', 'in', 'on', 'with', 'to', 'via', 'by', 'from', 'is']);

/**
 * How AI keywords are drawn: `broad` in proportion to how many papers carry them (popular
 * topics such as "large language models" dominate, so many papers match), `niche` uniformly
 * over distinct keywords (long-tail topics, few matches).
 */
export type KeywordMix = 'broad' | 'niche';

/**
 * `n` parseable subscriptions built from the corpus with a seeded PRNG: AI keywords
 * (words or phrases), title bigrams as phrases, `author:"…"`, mixed with OR, exclusions,
 * parentheses and a few upvotes filters.
 */
export function generateSubscriptions(papers: readonly Paper[], n: number, mix: KeywordMix = 'broad', seed = 42): Subscription[] {
  const rand = prng(seed);
  const pickOf = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const all = papers.flatMap((p) => p.keywords);
  const keywords = mix === 'broad' ? all : [...new Set(all.map((k) => splitWords(k).join(' ')))];
  const authors = papers.flatMap((p) => p.authors);
  const phrase = (ws: string[]) => (ws.length === 1 ? (ws[0] ?? '') : `"${ws.join(' ')}"`);
  const keyword = (): string => {
    const ws = splitWords(pickOf(keywords)).slice(0, 4);
    return ws.length === 0 ? keyword() : phrase(ws);
  };
  const titleBigram = (): string => {
    const ws = splitWords(pickOf(papers).title);
    const i = Math.floor(rand() * Math.max(0, ws.length - 1));
    const pair = ws.slice(i, i + 2);
    if (pair.length < 2 || pair.some((w) => STOP.has(w))) return titleBigram();
    return (rand() < 0.3 ? 'title:' : '') + phrase(pair);
  };
  const author = (): string => {
    const ws = splitWords(pickOf(authors));
    return ws.length === 0 ? author() : `author:${phrase(ws)}`;
  };
  const templates: Array<[number, () => string]> = [
    [40, keyword],
    [15, titleBigram],
    [15, author],
    [12, () => `${keyword()} OR ${keyword()}`],
    [10, () => `${keyword()} -${keyword()}`],
    [5, () => `(${keyword()} | ${titleBigram()}) ${keyword()}`],
    [3, () => `${keyword()} upvotes>=${5 + Math.floor(rand() * 45)}`],
  ];
  const total = templates.reduce((s, [w]) => s + w, 0);
  const subs: Subscription[] = [];
  while (subs.length < n) {
    let r = rand() * total;
    const template = templates.find(([w]) => (r -= w) < 0)?.[1] ?? keyword;
    try {
      subs.push({ id: `sub${subs.length}`, query: parseQuery(template()) });
    } catch {
      // too long or otherwise rejected: draw again
    }
  }
  return subs;
}
