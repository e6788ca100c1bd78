/**
 * The cache of ASCII word ids must always give the id of the folded word, whatever the
 * hashes (colliding ones included), the case, the apostrophes, the vocabulary changes and
 * however often the table fills up.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { AsciiWordIds, HASH_SEED, hashStep } from '../../src/alerts/ascii-word-ids.ts';
import { foldWord } from '../../src/alerts/text.ts';
import { NO_WORD, Vocabulary } from '../../src/alerts/vocabulary.ts';

/** The real hash of a word as the paper scanner computes it (apostrophes skipped). */
function realHash(word: string): number {
  let hash = HASH_SEED;
  for (const ch of word) if (ch !== "'") hash = hashStep(hash, ch.charCodeAt(0));
  return hash;
}

const expected = (vocabulary: Vocabulary, word: string): number =>
  vocabulary.id(foldWord(word.toLowerCase().replaceAll("'", '')));

/** Looks `word` up as it occurs at offset `before.length` of `before + word + after`. */
function lookUp(ids: AsciiWordIds, word: string, hash: number, before = '. ', after = "'s"): number {
  const text = before + word + after;
  const letters = word.replaceAll("'", '').length;
  return ids.id(text, before.length, before.length + word.length, letters, hash);
}

describe('AsciiWordIds', () => {
  const pool = ['agent', 'ai', 'policy', 'gain', 'tiny', 'inn', 'sys', 'sissy', 'agents', 'a1', '10', 'tea', 'agen', 'anti'];
  const part = fc.string({ unit: fc.constantFrom(...'aAgGeEnNtTsSiIyY019'.split('')), minLength: 1, maxLength: 5 });
  const randomWord = fc.array(part, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("'"));
  /** A vocabulary word, maybe with a plural or possessive ending, in mixed case. */
  const knownWord = fc
    .tuple(fc.constantFrom(...pool), fc.constantFrom('', 's', "'s", 'es', 'ies'), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }))
    .map(([w, ending, upper]) => [...(w + ending)].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join(''));
  const word = fc.oneof(randomWord, knownWord);
  const hashes = {
    real: realHash,
    'all colliding': () => 7,
    'by length only': (w: string) => w.length,
  };

  for (const [name, hash] of Object.entries(hashes)) {
    it(`gives the folded word's id (${name} hashes), as the vocabulary changes and the table fills up`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(2, 4, 16, 1 << 11),
          fc.array(fc.oneof(word, fc.tuple(fc.boolean(), fc.constantFrom(...pool))), { maxLength: 60 }),
          (maxWords, steps) => {
            const vocabulary = new Vocabulary();
            for (const w of pool.slice(0, 6)) vocabulary.acquire(w);
            const ids = new AsciiWordIds(vocabulary, maxWords, 2);
            for (const step of steps) {
              if (typeof step === 'string') expect(lookUp(ids, step, hash(step)), step).toBe(expected(vocabulary, step));
              else {
                const [learn, w] = step;
                const id = vocabulary.id(w);
                if (learn) vocabulary.acquire(w);
                else if (id !== NO_WORD) vocabulary.release(id);
              }
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  it('tells apart words that share their characters up to apostrophes, length or case', () => {
    const vocabulary = new Vocabulary();
    const agent = vocabulary.acquire('agent');
    const agen = vocabulary.acquire('agen');
    const ids = new AsciiWordIds(vocabulary);
    const same = 7;
    expect(lookUp(ids, 'agent', same)).toBe(agent);
    expect(lookUp(ids, 'agen', same)).toBe(agen);
    expect(lookUp(ids, 'AGENTS', same)).toBe(agent);
    expect(lookUp(ids, "agent's", same)).toBe(agent); // "agents" once the apostrophe is dropped
    expect(lookUp(ids, 'agentss', same)).toBe(NO_WORD);
    expect(lookUp(ids, 'agen', same)).toBe(agen);
  });

  it('answers for words too long to keep, without mistaking them for shorter ones', () => {
    const vocabulary = new Vocabulary();
    const short = vocabulary.acquire('a'.repeat(44));
    const ids = new AsciiWordIds(vocabulary);
    const same = 7;
    expect(lookUp(ids, 'a'.repeat(300), same)).toBe(NO_WORD); // 300 = 44 modulo 256
    expect(lookUp(ids, 'a'.repeat(44), same)).toBe(short);
    expect(lookUp(ids, 'a'.repeat(300), same)).toBe(NO_WORD);
  });

  it('looks a word up in the vocabulary again only after a change that may concern it', () => {
    const vocabulary = new Vocabulary();
    const agent = vocabulary.acquire('agent');
    const ids = new AsciiWordIds(vocabulary);
    const lookups = vi.spyOn(vocabulary, 'id');
    const look = (w: string): number => lookUp(ids, w, realHash(w));
    for (const w of ["agent's", 'Agents', 'agents', 'AGENTS']) expect(look(w)).toBe(agent);
    expect(look('Robots')).toBe(NO_WORD);
    expect(look('tables')).toBe(NO_WORD);
    expect(lookups).toHaveBeenCalledTimes(3);
    const robot = vocabulary.acquire('robot'); // concerns "robots" only
    expect(look('agents')).toBe(agent);
    expect(look('tables')).toBe(NO_WORD);
    expect(lookups).toHaveBeenCalledTimes(3);
    expect(look('robots')).toBe(robot);
    expect(lookups).toHaveBeenCalledTimes(4);
    vocabulary.release(agent); // concerns words with that id only
    expect(look('robots')).toBe(robot);
    expect(look('tables')).toBe(NO_WORD);
    expect(lookups).toHaveBeenCalledTimes(4);
    expect(look('agents')).toBe(NO_WORD);
    expect(lookups).toHaveBeenCalledTimes(5);
    expect(vocabulary.acquire('model')).toBe(agent); // the id is reused
    expect(look('agents')).toBe(NO_WORD);
    expect(look('models')).toBe(agent);
  });

  it('keeps every word it has room for as it grows', () => {
    const vocabulary = new Vocabulary();
    const ids = new AsciiWordIds(vocabulary, 1024, 2);
    const words = Array.from({ length: 1000 }, (_, i) => `w${i.toString(36)}`);
    const lookups = vi.spyOn(vocabulary, 'id');
    for (const w of words) lookUp(ids, w, realHash(w));
    for (const w of words) lookUp(ids, w, realHash(w));
    expect(lookups).toHaveBeenCalledTimes(words.length);
  });
});
