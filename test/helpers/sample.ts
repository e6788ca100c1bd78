import type { Destination, Paper, RankedPaper, Reply } from '../../src/model.ts';

export function samplePaper(id: string, upvotes = 10, day = '2026-08-20'): Paper {
  return {
    id,
    title: `Paper ${id}`,
    summary: `Abstract of ${id}`,
    keywords: [],
    authors: ['Ada Lovelace'],
    upvotes,
    comments: 0,
    day,
    links: { hf: `https://huggingface.co/papers/${id}`, arxiv: `https://arxiv.org/abs/${id}`, pdf: `https://arxiv.org/pdf/${id}` },
  };
}

const ranked = (p: Paper): RankedPaper => ({ paper: p, communityVotes: 0, score: p.upvotes });

export const digestOf = (ids: string[], day = '2026-08-20'): Reply => ({
  kind: 'digest',
  title: `Trending papers · ${day}`,
  day,
  papers: ids.map((id, i) => ranked(samplePaper(id, 100 - i, day))),
  votable: true,
});

export const paperReply = (id: string): Reply => ({ kind: 'paper', paper: ranked(samplePaper(id)), votable: true });

export const channel = (id: string, platform: Destination['platform'] = 'discord', community = 'g1'): Destination => ({
  platform,
  community,
  channel: id,
});
