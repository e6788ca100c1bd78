import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldWord, foldedWords, normalizeText, splitWords } from '../../src/alerts/text.ts';

describe('normalizeText', () => {
  it.each([
    ['lower case', 'Diffusion LLM', 'diffusion llm'],
    ['diacritics stripped', 'naïve Café', 'naive cafe'],
    ['full-width letters (NFKC)', 'ＬＬＭｓ', 'llms'],
    ['ligatures (NFKC)', 'eﬃcient', 'efficient'],
  ])('%s: %j → %j', (_case, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});

describe('splitWords', () => {
  it.each([
    ['hyphens split words', 'vision-language models', ['vision', 'language', 'models']],
    ['punctuation splits words', 'GPT-4.5, (RAG)!', ['gpt', '4', '5', 'rag']],
    ['apostrophes are dropped inside words', "ConvNeXt's design", ['convnexts', 'design']],
    ['letters and digits stay together', 'Qwen2 3D', ['qwen2', '3d']],
    ['non-Latin letters are words', 'модель 模型', ['модель', '模型']],
    ['nothing to split', '*** --', []],
    ['a lone modifier apostrophe (a letter) is no word', 'a ʼ b', ['a', 'b']],
  ])('%s: %j', (_case, input, expected) => {
    expect(splitWords(input)).toEqual(expected);
  });
});

describe('splitWords on ASCII text (scanned without regular expressions)', () => {
  // The definition in text.ts, applied literally.
  const reference = (text: string): string[] =>
    [...normalizeText(text).matchAll(/[\p{L}\p{N}]+(?:['’ʼ][\p{L}\p{N}]+)*/gu)].map((m) => m[0].replace(/['’ʼ]/g, ''));
  const ascii = fc.string({ unit: fc.constantFrom(..."aZz09 '-_.,:/()\t\nqQ'".split('')), maxLength: 40 });

  it('splits like the regular expression', () => {
    fc.assert(
      fc.property(ascii, (text) => {
        expect(splitWords(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the regular expression for text with non-ASCII characters', () => {
    expect(splitWords("Kelvin \u212A it’s")).toEqual(reference("Kelvin \u212A it’s"));
  });
});

describe('foldWord (simple plural folding)', () => {
  it.each([
    ['agents', 'agent'],
    ['llms', 'llm'],
    ['policies', 'policy'],
    ['losses', 'loss'],
    ['patches', 'patch'],
    ['boxes', 'box'],
    ['images', 'image'],
    ['videos', 'video'],
    ['biases', 'bias'],
    ['bias', 'bias'],
    ['indices', 'index'],
    ['matrices', 'matrix'],
    ['caches', 'cache'],
    ['loss', 'loss'],
    ['corpus', 'corpus'],
    ['analysis', 'analysis'],
    ['analyses', 'analysis'],
    ['series', 'series'],
    ['gas', 'gas'],
    ['its', 'its'],
    ['learning', 'learning'],
  ])('%s → %s', (word, folded) => {
    expect(foldWord(word)).toBe(folded);
  });

  it.each([['agent'], ['policy'], ['loss'], ['patch'], ['index'], ['bias'], ['image']])(
    'folding is idempotent on %s',
    (word) => {
      expect(foldWord(foldWord(word))).toBe(foldWord(word));
    },
  );

  it('foldedWords normalises, splits and folds', () => {
    expect(foldedWords('Multi-Agent Policies for LLMs')).toEqual(['multi', 'agent', 'policy', 'for', 'llm']);
  });
});
