import type { Paper, RankedPaper } from '../model.ts';

/**
 * Community votes to blend into a ranking: net votes per paper id. The votes module supplies this; with none, the
 * ranking is HF's own (upvotes, then comments, then id).
 */
export type CommunityVotes = ReadonlyMap<string, number>;

export interface RankOptions {
  /** Net community votes per paper, blended as `upvotes + weight × net`. */
  votes?: CommunityVotes;
  /** The blend weight `w`; default 3. */
  weight?: number;
}

/** The blended score of one paper. Without votes it is the HF upvote count. */
export const blendedScore = (paper: Paper, net: number, weight: number): number => paper.upvotes + weight * net;

/**
 * Ranks a day's papers: by blended score (HF upvotes + w × community net votes), then HF upvotes, then comments,
 * then id for a stable order. Pure: the same input always gives the same order.
 */
export function rankPapers(papers: readonly Paper[], opts: RankOptions = {}): RankedPaper[] {
  const weight = opts.weight ?? 3;
  return papers
    .map((paper) => {
      const communityVotes = opts.votes?.get(paper.id) ?? 0;
      return { paper, communityVotes, score: blendedScore(paper, communityVotes, weight) };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.paper.upvotes - a.paper.upvotes ||
        b.paper.comments - a.paper.comments ||
        (a.paper.id < b.paper.id ? -1 : a.paper.id > b.paper.id ? 1 : 0),
    );
}

/** The first `count` ranked papers with at least `minUpvotes` HF upvotes. */
export function selectTop(ranked: readonly RankedPaper[], count: number, minUpvotes = 0): RankedPaper[] {
  return ranked.filter((r) => r.paper.upvotes >= minUpvotes).slice(0, Math.max(0, count));
}
