import { describe, expect, it } from 'vitest';
import { createSearchIndex } from '../../src/archive/search-index.ts';
import type { Paper } from '../../src/model.ts';

const paper = (i: number, title: string, summary = ''): Paper => ({
  id: `2601.${String(i).padStart(5, '0')}`,
  title,
  summary,
  keywords: [],
  authors: [],
  upvotes: 0,
  comments: 0,
  day: '2026-01-01',
  links: { hf: '', arxiv: '', pdf: '' },
});

/** 60 papers titled "model …" with a word of their own, and one whose title also holds four rare words. */
function archive(pruneFrom: number) {
  const index = createSearchIndex({ pruneFrom });
  for (let i = 0; i < 60; i++) index.upsert(paper(i, `model unit${i}`));
  index.upsert(paper(99, 'model alpha beta gamma delta'));
  return index;
}

describe('archive search index', () => {
  it('leaves words most papers hold out of a large archive\'s free-text search, but keeps at least its two rarest', () => {
    const hits = archive(0).search('model alpha beta gamma delta', 5);
    expect(hits[0]?.id).toBe('2601.00099');
    expect(hits.flatMap((h) => h.terms)).not.toContain('model'); // 4 rare words: the common one is not searched
    expect(hits).toHaveLength(1);
    const common = archive(0).search('model', 100); // only common words: searched all the same
    expect(common).toHaveLength(61);
    const topped = archive(0).search('model alpha', 100); // one rare word, topped up with the common one
    expect(topped).toHaveLength(61);
  });

  it('searches every word while the archive is small', () => {
    expect(archive(1_000).search('model alpha beta gamma delta', 100)).toHaveLength(61);
  });

  it('indexes an abstract by its most distinctive terms, and finds the paper by them', () => {
    const index = createSearchIndex();
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`);
    for (let i = 0; i < 30; i++) index.upsert(paper(i, `filler ${i}`, words.slice(0, 20).join(' ')));
    index.upsert(paper(99, 'target', [...words, 'zyxt', 'zyxt'].join(' ')));
    expect(index.search('zyxt', 5)[0]?.id).toBe('2601.00099'); // its rarest, most frequent word
    expect(index.search('word0', 50).map((h) => h.id)).not.toContain('2601.00099'); // a word 31 papers share: not among its 16
  });

  it('finds similar papers in a young archive: a term 4 of 100 papers share still counts, one only the paper has does not', () => {
    const young = createSearchIndex();
    for (let i = 0; i < 96; i++) young.upsert(paper(i, `filler${i} words${i}`));
    const target = paper(200, 'zebra stripes onlymine');
    for (let i = 0; i < 3; i++) young.upsert(paper(300 + i, `zebra herd${i}`));
    young.upsert(target);
    const terms = young.distinctiveTerms(target, 12, { sharedOnly: true }).map((t) => t.term);
    expect(terms).toContain('zebra'); // 4 % of 100 papers: above the 3 % share, still distinctive in a young archive
    expect(terms).not.toContain('onlymine');
    expect(young.similarTo(young.distinctiveTerms(target, 12, { sharedOnly: true }), 5, target.id).map((h) => h.id).sort())
      .toEqual(['2601.00300', '2601.00301', '2601.00302']);
  });

  it('names only the searched words a hit holds, and ranks a hit holding more of them higher', () => {
    const index = archive(1_000);
    const hits = index.search('alpha unit3 unit4', 5);
    expect(hits.map((h) => [h.id, h.terms])).toEqual(
      expect.arrayContaining([['2601.00099', ['alpha']], ['2601.00003', ['unit3']], ['2601.00004', ['unit4']]]),
    );
    expect(hits.every((h) => h.score > 0)).toBe(true);
    index.upsert(paper(98, 'alpha unit3'));
    expect(index.search('alpha unit3 unit4', 1)[0]).toMatchObject({ id: '2601.00098', terms: ['alpha', 'unit3'] });
  });

  it('replaces a paper\'s words on update, forgets it on removal, and counts each paper once', () => {
    const index = archive(1_000);
    expect(index.size).toBe(61);
    index.upsert(paper(99, 'model omega'));
    expect(index.size).toBe(61);
    expect(index.search('alpha', 5)).toEqual([]);
    expect(index.search('omega', 5).map((h) => h.id)).toEqual(['2601.00099']);
    expect(index.remove('2601.00099')).toBe(true);
    expect(index.remove('2601.00099')).toBe(false);
    expect(index.size).toBe(60);
    expect(index.has('2601.00099')).toBe(false);
    expect(index.search('omega', 5)).toEqual([]);
  });

  it('searches words that are FTS5 syntax (near, not, or) as words', () => {
    const index = createSearchIndex();
    index.upsert(paper(1, 'near field imaging'));
    index.upsert(paper(2, 'knot theory')); // "not" must not match a part of it, nor act as an operator
    expect(index.search('near', 5).map((h) => h.id)).toEqual(['2601.00001']);
    expect(index.search('near knot', 5).map((h) => h.id).sort()).toEqual(['2601.00001', '2601.00002']);
    expect(index.search({ free: ['imaging'], required: [{ field: 'title', words: ['near'] }], excluded: [{ words: ['knot'] }] }, 5).map((h) => h.id)).toEqual(['2601.00001']);
  });
});
