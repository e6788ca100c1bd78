import type { Reply } from '../../src/model.ts';

/** A daily digest of `count` papers shaped like real ones (titles, abstracts, authors), votable. */
export function benchDigest(count: number, day = '2026-08-20'): Extract<Reply, { kind: 'digest' }> {
  return {
    kind: 'digest', title: `Trending papers · ${day}`, day, votable: true,
    papers: Array.from({ length: count }, (_, i) => ({
      communityVotes: 0, score: 100 - i,
      paper: {
        id: `2608.${20000 + i}`, title: `A paper title number ${i + 1} that is about as long as the real ones are`,
        summary: 'An abstract sentence of ordinary length, repeated. '.repeat(24), aiSummary: 'A one-line summary of the paper.',
        keywords: ['diffusion', 'agents'], authors: ['A. Author', 'B. Author', 'C. Author'], upvotes: 100 - i, comments: 3, day,
        links: { hf: `https://huggingface.co/papers/2608.${20000 + i}`, arxiv: `https://arxiv.org/abs/2608.${20000 + i}`, pdf: `https://arxiv.org/pdf/2608.${20000 + i}` },
      },
    })),
  };
}
