import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/model.ts';
import { rankPapers, selectTop } from '../../src/trending/rank.ts';

const paper = (id: string, upvotes: number, comments = 0): Paper => ({
  id,
  title: `Paper ${id}`,
  summary: '',
  keywords: [],
  authors: [],
  upvotes,
  comments,
  day: '2026-08-20',
  links: { hf: '', arxiv: '', pdf: '' },
});

const ids = (r: { paper: Paper }[]) => r.map((x) => x.paper.id);

describe('trending ranking', () => {
  it('orders by HF upvotes, then comments, then id', () => {
    const ranked = rankPapers([paper('b', 5, 1), paper('a', 5, 1), paper('c', 5, 3), paper('d', 9)]);
    expect(ids(ranked)).toEqual(['d', 'c', 'a', 'b']);
  });

  it('is stable whatever the input order', () => {
    const ps = [paper('x', 1), paper('y', 1), paper('z', 2)];
    expect(ids(rankPapers(ps))).toEqual(ids(rankPapers([...ps].reverse())));
  });

  it('blends community votes as upvotes + w × net', () => {
    const votes = new Map([['a', 2]]);
    const ranked = rankPapers([paper('a', 10), paper('b', 15)], { votes, weight: 3 });
    expect(ids(ranked)).toEqual(['a', 'b']);
    expect(ranked[0]).toMatchObject({ communityVotes: 2, score: 16 });
  });

  it('selects the top N above a minimum of upvotes', () => {
    const ranked = rankPapers([paper('a', 1), paper('b', 20), paper('c', 8), paper('d', 30)]);
    expect(ids(selectTop(ranked, 2, 5))).toEqual(['d', 'b']);
    expect(ids(selectTop(ranked, 10, 5))).toEqual(['d', 'b', 'c']);
  });
});
