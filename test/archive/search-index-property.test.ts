// The archive index's FTS5 expressions (required parts AND, free words OR, exclusions NOT, `{column} :` filters;
// docs/decisions/108) against a plain reading of the same search over the same papers, on random small archives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSearchIndex } from '../../src/archive/search-index.ts';
import type { SearchPart, SearchQuery } from '../../src/archive/search-query.ts';
import { indexTerms } from '../../src/archive/search-terms.ts';
import type { Paper } from '../../src/model.ts';

/** Few words, so that papers and queries share them; "near" and "mixture" would be FTS5 syntax if not quoted. */
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'near', 'mixture', 'vision', 'robot', 'graph', 'speech'];
const FIELDS = ['title', 'summary', 'keywords', 'authors'] as const;
type Field = (typeof FIELDS)[number];

const words = (min: number, max: number) => fc.array(fc.constantFrom(...WORDS), { minLength: min, maxLength: max });
const paperArb = fc.record({ title: words(1, 4), summary: words(0, 6), keywords: words(0, 2), authors: words(0, 2) });
const partArb: fc.Arbitrary<SearchPart> = fc.record(
  { field: fc.constantFrom(...FIELDS), words: fc.uniqueArray(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 2 }) },
  { requiredKeys: ['words'] },
);
const queryArb: fc.Arbitrary<SearchQuery> = fc
  .record({ free: fc.uniqueArray(fc.constantFrom(...WORDS), { maxLength: 3 }), required: fc.array(partArb, { maxLength: 2 }), excluded: fc.array(partArb, { maxLength: 2 }) })
  .filter((q) => q.free.length + q.required.length > 0);

const toPaper = (p: { title: string[]; summary: string[]; keywords: string[]; authors: string[] }, i: number): Paper => ({
  id: `2601.${String(i).padStart(5, '0')}`,
  title: p.title.join(' '),
  summary: p.summary.join(' '),
  keywords: p.keywords,
  authors: p.authors.length ? [p.authors.join(' ')] : [],
  upvotes: 0,
  comments: 0,
  day: '2026-01-01',
  links: { hf: '', arxiv: '', pdf: '' },
});

/** What the search means, read off the paper: every required part, any free word, no excluded part. */
function meets(paper: Paper, q: SearchQuery): boolean {
  const termsOf = (field: Field) => new Set(indexTerms([paper[field]].flat().join(' ')));
  const any = new Set(FIELDS.flatMap((f) => [...termsOf(f)]));
  const holds = (part: SearchPart) => part.words.every((w) => (part.field ? termsOf(part.field) : any).has(w));
  return q.required.every(holds) && (q.free.length === 0 || q.free.some((w) => any.has(w))) && !q.excluded.some(holds);
}

describe('archive index: FTS5 expressions against the plain meaning of a search', () => {
  it('finds exactly the papers that meet the search (random archives and searches, every word indexed)', () => {
    fc.assert(
      fc.property(fc.array(paperArb, { minLength: 1, maxLength: 12 }), queryArb, (drawn, q) => {
        const papers = drawn.map(toPaper);
        const index = createSearchIndex({ pruneFrom: Infinity, abstractTerms: Infinity });
        try {
          for (const p of papers) index.upsert(p);
          const found = index.search(q, 100).map((h) => h.id).sort();
          expect(found).toEqual(papers.filter((p) => meets(p, q)).map((p) => p.id).sort());
        } finally {
          index.close();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('similarTo scores each paper by the summed weights of the given terms it holds, and leaves out the excluded one', () => {
    const termsArb = fc.uniqueArray(fc.record({ term: fc.constantFrom(...WORDS), weight: fc.double({ min: 0.1, max: 5, noNaN: true }) }), {
      minLength: 1, maxLength: 5, selector: (t) => t.term,
    });
    fc.assert(
      fc.property(fc.array(paperArb, { minLength: 1, maxLength: 12 }), termsArb, fc.nat(11), (drawn, terms, skip) => {
        const papers = drawn.map(toPaper);
        const exclude = papers[skip % papers.length]!.id;
        const index = createSearchIndex({ pruneFrom: Infinity, abstractTerms: Infinity });
        try {
          for (const p of papers) index.upsert(p);
          const hits = index.similarTo(terms, 100, exclude);
          const expected = papers.flatMap((p) => {
            const held = new Set(indexTerms([p.title, p.summary, ...p.keywords, ...p.authors].join(' ')));
            const shared = terms.filter((t) => held.has(t.term));
            return p.id === exclude || shared.length === 0 ? [] : [{ id: p.id, score: shared.reduce((sum, t) => sum + t.weight, 0), terms: shared.map((t) => t.term).sort() }];
          });
          expect(hits.map((h) => h.id).sort()).toEqual(expected.map((e) => e.id).sort());
          for (const h of hits) {
            const e = expected.find((x) => x.id === h.id)!;
            expect(h.score).toBeCloseTo(e.score, 9);
            expect([...h.terms].sort()).toEqual(e.terms);
          }
          for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score - 1e-9);
        } finally {
          index.close();
        }
      }),
      { numRuns: 300 },
    );
  });
});
