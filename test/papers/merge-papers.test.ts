import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/model.ts';
import { mergePaperLists } from '../../src/papers/merge-papers.ts';
import { allFixturePapers } from '../helpers/fixture-papers.ts';

/** An arXiv record of a paper: what the arXiv source knows, without HF's fields. */
const asArxiv = (p: Paper, categories: string[]): Paper => ({
  ...p, upvotes: 0, comments: 0, keywords: [], aiSummary: undefined, githubRepo: undefined,
  seenOn: ['arxiv'], categories, announceType: 'cross', arxivDay: '2026-08-19', day: '2026-08-19',
});

describe('mergePaperLists', () => {
  const hf = allFixturePapers().slice(0, 6);

  it('keeps each paper once: a paper on both lists keeps HF fields and gains arXiv categories, announce type and day', () => {
    const onlyArxiv = asArxiv({ ...hf[0]!, id: '2608.99999', title: 'Only on arXiv' }, ['cs.CL']);
    const merged = mergePaperLists(hf, [asArxiv(hf[2]!, ['cs.LG', 'cs.AI']), onlyArxiv]);
    expect(merged.map((p) => p.id)).toEqual([...hf.map((p) => p.id), '2608.99999']);
    const both = merged[2]!;
    expect(both.seenOn).toEqual(['arxiv', 'hf']);
    expect(both.upvotes).toBe(hf[2]!.upvotes);
    expect(both.keywords).toEqual(hf[2]!.keywords);
    expect(both.day).toBe(hf[2]!.day);
    expect(both).toMatchObject({ categories: ['cs.LG', 'cs.AI'], announceType: 'cross', arxivDay: '2026-08-19' });
    expect(merged[0]).toEqual(hf[0]);
    expect(merged.at(-1)).toEqual(onlyArxiv);
  });

  it('gives HF papers unchanged when arXiv has nothing, and arXiv papers unchanged when HF has nothing', () => {
    expect(mergePaperLists(hf, [])).toEqual(hf);
    const arxiv = hf.map((p) => asArxiv(p, ['cs.CV']));
    expect(mergePaperLists([], arxiv)).toEqual(arxiv);
  });
});
