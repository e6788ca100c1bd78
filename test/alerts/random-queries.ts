import type { Paper } from '../../src/model.ts';
import { splitWords } from '../../src/alerts/text.ts';

/** A seeded random number generator in [0, 1), so a failure reproduces. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * Random query texts built from real papers' keywords, authors and titles: phrases, `author:`, OR with `title:`,
 * exclusions (with `extra` appended, e.g. a scope) and `upvotes>=`. Each call of the result is one query.
 */
export function randomQueries(papers: readonly Paper[], rand: () => number, extra = ''): () => string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const keywords = papers.flatMap((p) => p.keywords).filter((k) => splitWords(k).length > 0);
  const authors = papers.flatMap((p) => p.authors).filter((a) => splitWords(a).length > 0);
  const phrase = (text: string): string => `"${splitWords(text).slice(0, 3).join(' ')}"`;
  const kinds = [
    () => phrase(pick(keywords)),
    () => `author:${phrase(pick(authors))}`,
    () => `${phrase(pick(keywords))} OR title:${splitWords(pick(papers).title)[0] ?? 'model'}`,
    () => `${phrase(pick(keywords))} -${phrase(pick(keywords))}${extra}`,
    () => `${phrase(pick(keywords))} upvotes>=${Math.floor(rand() * 30)}`,
  ];
  return () => pick(kinds)();
}
