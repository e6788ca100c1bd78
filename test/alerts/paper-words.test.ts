/**
 * `PaperWords.read` must tokenise a paper exactly like `paperText` (same tokens, fields,
 * positions and author words), only as vocabulary ids: on real papers and on random ones
 * that mix ASCII, apostrophes, plurals, hyphens, digits and non-ASCII text, read one after
 * the other while the vocabulary changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Paper } from '../../src/model.ts';
import { paperText } from '../../src/alerts/paper-text.ts';
import { PaperWords } from '../../src/alerts/paper-words.ts';
import { foldedWords } from '../../src/alerts/text.ts';
import { NO_WORD, Vocabulary } from '../../src/alerts/vocabulary.ts';
import { allFixturePapers } from '../helpers/fixture-papers.ts';
import { paper } from './paper.ts';

/** Positions of word `id` in the current paper, through `firstAt` and `nextAt`, sorted. */
function positions(words: PaperWords, id: number): number[] {
  const out: number[] = [];
  for (let p = words.firstAt[id] ?? -1; p !== -1; p = words.nextAt[p] ?? -1) out.push(p);
  return out.sort((a, b) => a - b);
}

/** Fails unless what `words` holds for the current paper is `paperText(p)` seen through `vocabulary`. */
function expectLikePaperText(words: PaperWords, vocabulary: Vocabulary, p: Paper): void {
  const text = paperText(p);
  expect(words.paper).toBe(p);
  expect(words.tokens).toBe(text.tokens.length);
  expect([...words.tokenIds.subarray(0, words.tokens)]).toEqual(text.tokens.map((t) => vocabulary.id(t)));
  expect([...words.fieldAt.subarray(0, words.tokens)]).toEqual([...text.fieldAt]);
  const known = [...text.words].filter(([w]) => vocabulary.id(w) !== NO_WORD);
  expect([...words.present].sort((a, b) => a - b)).toEqual(known.map(([w]) => vocabulary.id(w)).sort((a, b) => a - b));
  for (const [w, info] of known) {
    const id = vocabulary.id(w);
    expect(words.fieldsOf(id), w).toBe(info.mask);
    expect(positions(words, id), w).toEqual(info.at);
  }
  expect(words.present).not.toContain(NO_WORD);
}

describe('PaperWords.read on real papers', () => {
  const papers = allFixturePapers();

  it('agrees with paperText, paper after paper, as the vocabulary changes', () => {
    expect(papers.length).toBeGreaterThan(20);
    const all = [...new Set(papers.flatMap((p) => paperText(p).tokens))].filter((w) => w !== '').sort();
    const vocabulary = new Vocabulary();
    for (const [i, w] of all.entries()) if (i % 3 !== 0) vocabulary.acquire(w);
    const words = new PaperWords(vocabulary);
    for (const [i, p] of papers.entries()) {
      words.read(p);
      expectLikePaperText(words, vocabulary, p);
      if (i % 5 === 4) {
        // Forget some words and learn others (freed ids are reused for different words).
        for (let k = i; k < all.length; k += 17) {
          const w = all[k] ?? '';
          const id = vocabulary.id(w);
          if (id !== NO_WORD) vocabulary.release(id);
          else vocabulary.acquire(w);
        }
      }
    }
  });

  it('finds words of the vocabulary in real papers (so the comparison means something)', () => {
    const vocabulary = new Vocabulary();
    for (const w of ['model', 'language', 'agent', 'policy', 'analysis', 'llm', 'reasoning']) vocabulary.acquire(w);
    const words = new PaperWords(vocabulary);
    let found = 0;
    for (const p of papers) {
      words.read(p);
      expectLikePaperText(words, vocabulary, p);
      found += words.present.length;
    }
    expect(found).toBeGreaterThan(papers.length);
  });
});

describe('PaperWords.read on long text', () => {
  it.each([
    ['dense ASCII words', 'a b '.repeat(2000)],
    ['ASCII words with apostrophes', "x'y ".repeat(2000)],
    ['non-ASCII text that splits into more words than characters', '½'.repeat(3000)],
    ['non-ASCII words between spaces', '½ é '.repeat(1500)],
  ])('keeps every token of %s', (_case, summary) => {
    const vocabulary = new Vocabulary();
    for (const w of ['a', 'b', 'xy', '1', '2', '21', 'e']) vocabulary.acquire(w);
    const words = new PaperWords(vocabulary);
    const p = paper({ title: 'A b', summary, keywords: ['b a'] });
    words.read(p);
    expectLikePaperText(words, vocabulary, p);
  });
});

describe('PaperWords.read on random papers', () => {
  const fragments = [
    'agents', 'Agents', 'AGENT', 'policies', 'Policy', 'analyses', 'analysis', 'losses', 'patches', 'boxes', 'biases',
    'bias', 'series', 'its', 'is', 'llms', 'LLMs', 'GPT-4.5', 'Qwen2', '3D', '42', '0', 'vision-language', "model's",
    "ConvNeXt's", "it's", "o'clock'", "'quoted'", 'it’s', 'itʼs', 'ʼ', 'café', 'Café', 'naïve', 'eﬃcient', 'ＬＬＭｓ',
    'ｍｏｄｅｌ', 'модели', 'Модель', 'ΟΔΟΣ', 'Σ', 'σ', 'e\u0301', '\u0301', 'İ', '\u212A', 'ß', '½', '²', 'x²', '模型',
    'a', 'Z', 'q', 'model', 'models', 'Models', 'matrices', 'indices', 'caches', 'children', 'news',
  ];
  const separators = [' ', ' ', ' ', '', '-', "'", '’', ',', '.', '\t', '\n', '(', ')', '/', ':', '  ', '_', '—', ' \u0301'];
  const segment = fc
    .array(fc.tuple(fc.constantFrom(...fragments), fc.constantFrom(...separators)), { maxLength: 12 })
    .map((parts) => parts.map(([f, s]) => f + s).join(''));
  const optional = fc.option(segment, { nil: undefined });
  const randomPaper = fc
    .record({
      title: segment,
      summary: segment,
      aiSummary: optional,
      keywords: fc.array(segment, { maxLength: 4 }),
      authors: fc.array(segment, { maxLength: 4 }),
      organization: optional,
    })
    .map(({ aiSummary, organization, ...fields }) =>
      paper({ ...fields, ...(aiSummary === undefined ? {} : { aiSummary }), ...(organization === undefined ? {} : { organization }) }),
    );
  const pool = [...new Set(fragments.flatMap((f) => foldedWords(f)))].concat(['cafe', 'efficient', 'llm', 'quoted']);
  const change = fc.tuple(fc.boolean(), fc.constantFrom(...pool));

  it('agrees with paperText, paper after paper, as the vocabulary changes', () => {
    fc.assert(
      fc.property(
        fc.subarray(pool),
        fc.array(fc.tuple(randomPaper, fc.array(change, { maxLength: 4 })), { minLength: 1, maxLength: 6 }),
        (initial, steps) => {
          const vocabulary = new Vocabulary();
          for (const w of initial) vocabulary.acquire(w);
          const words = new PaperWords(vocabulary);
          for (const [p, changes] of steps) {
            words.read(p);
            expectLikePaperText(words, vocabulary, p);
            words.read(p); // reading the same paper again gives the same
            expectLikePaperText(words, vocabulary, p);
            for (const [learn, w] of changes) {
              const id = vocabulary.id(w);
              if (learn) vocabulary.acquire(w);
              else if (id !== NO_WORD) vocabulary.release(id);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
