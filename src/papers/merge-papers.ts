import type { Paper, PaperSource } from '../model.ts';

/** arXiv's newest announcement, as the arXiv source hands it to the alert poll. */
export interface AnnouncedPapers {
  /** The announcement day, YYYY-MM-DD. */
  day: string;
  papers: Paper[];
}

/** The arXiv source as the core uses it: the papers of its newest announcement, or nothing when off or not yet read. */
export interface ArxivAnnouncements {
  latest(now: Date): Promise<AnnouncedPapers | undefined>;
}

const seenOnOf = (p: Paper): PaperSource[] => p.seenOn ?? ['hf'];

/**
 * One paper seen by both sources: HF's record (upvotes, AI summary, code links, its Daily Papers day) with arXiv's
 * categories, announce type and announcement day, and `seenOn` the union.
 */
export function mergeSeen(hf: Paper, arxiv: Paper): Paper {
  const seenOn = [...new Set<PaperSource>([...seenOnOf(hf), ...seenOnOf(arxiv)])].sort() as PaperSource[];
  return {
    ...hf,
    seenOn,
    ...(arxiv.categories ? { categories: arxiv.categories } : {}),
    ...(arxiv.announceType ? { announceType: arxiv.announceType } : {}),
    ...(arxiv.arxivDay ? { arxivDay: arxiv.arxivDay } : {}),
  };
}

/**
 * HF's papers and arXiv's, each paper once (by arXiv id): HF's list first in its order, then the arXiv-only papers in
 * arXiv's order. A paper on both lists is merged ({@link mergeSeen}).
 */
export function mergePaperLists(hf: readonly Paper[], arxiv: readonly Paper[]): Paper[] {
  const fromArxiv = new Map(arxiv.map((p) => [p.id, p]));
  const merged = hf.map((p) => {
    const a = fromArxiv.get(p.id);
    if (!a) return p;
    fromArxiv.delete(p.id);
    return mergeSeen(p, a);
  });
  return [...merged, ...fromArxiv.values()];
}
