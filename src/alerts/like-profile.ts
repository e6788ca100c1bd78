/**
 * `like:` subscriptions (follow a paper's topic, docs/decisions/104): the followed paper's profile, kept in the
 * subscription record, and the similarity of a new paper to it.
 */
import { z } from 'zod';
import { indexTerms } from '../archive/search-terms.ts';
import type { Paper } from '../model.ts';

/** A term and its weight (count × inverse document frequency, as the archive's `distinctiveTerms` gives). */
export interface WeightedTerm {
  term: string;
  weight: number;
}

export const likeProfileSchema = z.object({
  paperId: z.string(),
  title: z.string(),
  /** The paper's distinctive terms when the subscription was made, weighted by the archive of that time. */
  terms: z.array(z.object({ term: z.string(), weight: z.number() })),
});
/** What a `like:` subscription follows. */
export type LikeProfile = z.infer<typeof likeProfileSchema>;

/** How many distinctive terms describe the followed paper (as `/papers similar` queries with). */
export const LIKE_TERMS = 25;
/**
 * How many describe a new paper: in practice all of them. Cut to 25 like the followed paper, a new paper keeps the terms
 * only it has (the rarest, so the heaviest, yet useless for matching) and drops the terms it shares with others.
 */
export const LIKE_PAPER_TERMS = 100;

/**
 * Cosine similarity of the two papers' distinctive-term vectors at or above which a new paper is alerted; tuned on the
 * HF corpus (docs/decisions/104, `bench/like.bench.ts`).
 */
export const LIKE_THRESHOLD = 0.25;

/** A paper's distinctive terms, weighted (the archive's index in the app; see `plainTerms` without one). */
export type TermsOf = (paper: Paper, max: number) => WeightedTerm[];

export const norm = (terms: readonly WeightedTerm[]): number => Math.sqrt(terms.reduce((s, t) => s + t.weight * t.weight, 0));

/** Cosine similarity of two weighted term lists (0 when either is empty). */
export function similarity(a: readonly WeightedTerm[], b: readonly WeightedTerm[]): number {
  const na = norm(a);
  const nb = norm(b);
  if (na === 0 || nb === 0) return 0;
  const weights = new Map(a.map((t) => [t.term, t.weight]));
  let dot = 0;
  for (const t of b) dot += (weights.get(t.term) ?? 0) * t.weight;
  return dot / (na * nb);
}

/** Whether a paper (its terms up to {@link LIKE_PAPER_TERMS}) is close enough to the followed one to be alerted. */
export const isSimilar = (profile: LikeProfile, paperId: string, paperTerms: readonly WeightedTerm[]): boolean =>
  paperId !== profile.paperId && similarity(profile.terms, paperTerms) >= LIKE_THRESHOLD;

/** The why-line of a `like:` alert: `similar to <title>` (the title on one line, cut at 100 characters). */
export function likeReason(title: string): string {
  const flat = title.replace(/\s+/g, ' ').trim();
  return `similar to ${flat.length <= 100 ? flat : `${flat.slice(0, 99)}…`}`;
}

/** Without an archive to weigh terms by: each distinct term of title, abstract and keywords by its count (title ×2). */
export function plainTerms(paper: Paper, max: number): WeightedTerm[] {
  const counts = new Map<string, number>();
  const add = (text: string, by: number) => {
    for (const t of indexTerms(text)) counts.set(t, (counts.get(t) ?? 0) + by);
  };
  add(paper.title, 2);
  add(paper.summary, 1);
  add(paper.keywords.join(' '), 1);
  return [...counts].map(([term, weight]) => ({ term, weight })).sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1)).slice(0, max);
}
