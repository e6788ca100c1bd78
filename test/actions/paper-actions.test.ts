import { describe, expect, it } from 'vitest';
import { arxivYear, bibtexFor, bibtexText, citationKey } from '../../src/actions/bibtex.ts';
import { actionControlId, decodeAction, encodeAction } from '../../src/actions/paper-actions.ts';
import { paperDetails } from '../../src/actions/paper-details.ts';
import type { Paper } from '../../src/model.ts';

const paper = (over: Partial<Paper> = {}): Paper => ({
  id: '2608.20335', title: 'Attention Is All You Need, Again', summary: 'We show that attention & friends suffice.',
  keywords: ['attention'], authors: ['Ada Lovelace', 'Émile Borel'], upvotes: 42, comments: 3, day: '2026-08-20',
  links: { hf: 'https://huggingface.co/papers/2608.20335', arxiv: 'https://arxiv.org/abs/2608.20335', pdf: 'https://arxiv.org/pdf/2608.20335' },
  ...over,
});

describe('paper action ids', () => {
  it.each([
    ['pb:details:2608.20335', undefined, { kind: 'details', paperId: '2608.20335' }],
    ['pb:cite:hep-th/9901001v2', undefined, { kind: 'cite', paperId: 'hep-th/9901001v2' }],
    ['pb:cite', '2608.20335v3', { kind: 'cite', paperId: '2608.20335v3' }],
    ['pb:details', undefined, undefined],
    ['pb:similar:2608.20335', undefined, { kind: 'similar', paperId: '2608.20335' }],
    ['pb:abstract:2608.20335', undefined, undefined],
    ['xx:details:2608.20335', undefined, undefined],
    ['pb:cite', '2608.20335 <script>', undefined],
    ['pb:cite', 'x'.repeat(41), undefined],
  ])('decodes %s (value %s)', (id, value, expected) => {
    expect(decodeAction(id, value)).toEqual(expected);
  });

  it('round-trips every kind within Discord custom_id (100) and Slack action_id (255) limits', () => {
    const longest = 'a'.repeat(40);
    for (const kind of ['details', 'cite', 'similar'] as const) {
      const id = encodeAction({ kind, paperId: longest });
      expect(id.length).toBeLessThanOrEqual(100);
      expect(decodeAction(id)).toEqual({ kind, paperId: longest });
      expect(decodeAction(actionControlId(kind), longest)).toEqual({ kind, paperId: longest });
    }
  });
});

describe('BibTeX', () => {
  it('builds an arXiv @misc entry from the id, title, authors and year', () => {
    const bib = bibtexFor(paper({ categories: ['cs.CL', 'cs.LG'] }));
    expect(bib).toBe(
      [
        '@misc{lovelace2026attention,',
        '  title         = {Attention Is All You Need, Again},',
        '  author        = {Ada Lovelace and Émile Borel},',
        '  year          = {2026},',
        '  eprint        = {2608.20335},',
        '  archivePrefix = {arXiv},',
        '  primaryClass  = {cs.CL},',
        '  url           = {https://arxiv.org/abs/2608.20335},',
        '}',
      ].join('\n'),
    );
  });

  it.each([
    ['2608.20335', 2026],
    ['1706.03762v7', 2017],
    ['hep-th/9901001', 1999],
    ['math.GT/0309136', 2003],
  ])('reads the year of %s as %i', (id, year) => {
    expect(arxivYear({ id, day: '2026-08-20' })).toBe(year);
  });

  it('escapes LaTeX specials and keeps braces balanced', () => {
    expect(bibtexText('50% of {A} & B_1 #2 $x$')).toBe('50\\% of \\{A\\} \\& B\\_1 \\#2 \\$x\\$');
    const bib = bibtexFor(paper({ title: 'Unbalanced { brace', id: '2608.20335v2' }));
    expect(bib).toContain('eprint        = {2608.20335},');
    const opens = (bib.match(/(?<!\\)\{/g) ?? []).length;
    const closes = (bib.match(/(?<!\\)\}/g) ?? []).length;
    expect(opens).toBe(closes);
  });

  it('makes an ASCII key even from accented or missing authors', () => {
    expect(citationKey(paper({ authors: ['José Núñez'] }))).toBe('nunez2026attention');
    expect(citationKey(paper({ authors: [] }))).toBe('arxiv2026attention');
  });
});

describe('paper details', () => {
  it('keeps every author and lists the links the paper has, with code stars and the HF discussion count', () => {
    const authors = Array.from({ length: 40 }, (_, i) => `Author ${i + 1}`);
    const d = paperDetails(paper({ authors, githubRepo: 'https://github.com/a/b', githubStars: 1234, projectPage: 'https://p.example', aiSummary: 'AI says.' }));
    expect(d.authors).toHaveLength(40);
    expect(d.links.map((l) => l.label)).toEqual(['arXiv', 'PDF', 'Hugging Face', 'Code ★ 1.2K', 'Project page']);
    expect(d.discussion).toBe(3);
    expect(d.abstract).toBe('We show that attention & friends suffice.');
  });

  it('has no HF link or discussion count for a paper only arXiv has shown', () => {
    const d = paperDetails(paper({ seenOn: ['arxiv'], categories: ['cs.CL'] }));
    expect(d.links.map((l) => l.label)).toEqual(['arXiv', 'PDF']);
    expect(d.discussion).toBeUndefined();
    expect(d.url).toBe('https://arxiv.org/abs/2608.20335');
  });
});
