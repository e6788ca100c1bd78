import { describe, expect, it } from 'vitest';
import { createSearchIndex } from '../../src/archive/search-index.ts';
import { toSearchQuery } from '../../src/archive/search-query.ts';
import type { Paper } from '../../src/model.ts';

const paper = (i: number, title: string): Paper => ({
  id: `2601.${String(i).padStart(5, '0')}`, title, summary: '', keywords: [], authors: [], upvotes: 0, comments: 0,
  day: '2026-01-01', links: { hf: '', arxiv: '', pdf: '' },
});

/** Small (every word searched) and large (common free words pruned) indexes over the same papers. */
describe.each([
  { size: 'small', pruneFrom: 1_000 },
  { size: 'large', pruneFrom: 0 },
])('/papers search mixing free words with a field term ($size archive)', ({ pruneFrom }) => {
  const index = createSearchIndex({ pruneFrom });
  index.upsert(paper(1, 'video diffusion transformer'));
  index.upsert(paper(2, 'video generation at scale'));
  index.upsert(paper(3, 'audio diffusion transformer'));
  for (let i = 10; i < 40; i++) index.upsert(paper(i, `language model study ${i}`));
  const ids = (text: string) => index.search(toSearchQuery(text), 10).map((h) => h.id);

  it('requires the field term and any one of the free words, not all of them', () => {
    expect(ids('diffusion scale title:video')).toEqual(expect.arrayContaining(['2601.00001', '2601.00002']));
    expect(ids('diffusion scale title:video')).toHaveLength(2);
    expect(ids('diffusion transformer title:video')).toEqual(['2601.00001']);
    expect(ids('diffusion title:video')).toEqual(['2601.00001']);
  });

  it('still excludes, and free words alone still need any one of them', () => {
    expect(ids('diffusion scale title:video -transformer')).toEqual(['2601.00002']);
    expect(ids('diffusion scale')).toEqual(expect.arrayContaining(['2601.00001', '2601.00002', '2601.00003']));
    expect(ids('diffusion scale')).toHaveLength(3);
  });
});
