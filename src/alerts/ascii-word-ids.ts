/**
 * Vocabulary ids of ASCII words, found by the word's characters in the text, so reading a
 * paper builds no string per word. Each distinct word is lower-cased and folded once; its id
 * is looked up in the vocabulary again only after a change that may concern it. Words
 * are kept as bytes in one pool, and the table is emptied when it holds `maxWords`, so it
 * stays small and compact however many papers are read.
 */
import { foldWord } from './text.ts';
import type { Vocabulary } from './vocabulary.ts';

export const APOSTROPHE = 39;

/** A letter or digit (either case): a character of an ASCII word. */
export const isAsciiWordChar = (c: number): boolean => ((c | 32) >= 97 && (c | 32) <= 122) || (c >= 48 && c <= 57);

/** Start of a word's hash: FNV-1a over its lower-case characters (`c | 32`), apostrophes skipped. */
export const HASH_SEED = 0x811c9dc5 | 0;
export const hashStep = (hash: number, c: number): number => Math.imul(hash ^ (c | 32), 0x01000193);

const MIN_WORDS = 1 << 11;
/** At most about 1.3 MB of typed arrays and 32k folded strings. */
const MAX_WORDS = 1 << 15;
/** Longer words are not kept (their length is stored in one byte). */
const MAX_LENGTH = 255;
/** Fields of a word's entry in `entries`. */
const HASH = 0;
const ID = 1;
const VERSION = 2;
const AT = 3;
const STRIDE = 4;

export class AsciiWordIds {
  /** By slot (twice as many as words, open addressing): 1 + the word's number, 0 when free. */
  private slots = new Int32Array(0);
  /** By word number: hash, vocabulary id, the vocabulary version of that id, offset in `pool`. */
  private entries = new Int32Array(0);
  /** Each word as its length and lower-case characters, without apostrophes. */
  private pool = new Uint8Array(0);
  private poolEnd = 0;
  /** Each word folded, by number. */
  private folded: string[] = [];

  constructor(
    private readonly vocabulary: Vocabulary,
    /** Words kept at most, and room at first (powers of two). */
    private readonly maxWords = MAX_WORDS,
    minWords = MIN_WORDS,
  ) {
    this.empty(Math.min(minWords, maxWords));
  }

  /**
   * The vocabulary id of the folded word `text[start, end)`: ASCII letters and digits, with
   * apostrophes between them that are not part of the word; `letters` counts the others.
   * `hash` is the word's hash, from {@link HASH_SEED} through {@link hashStep} for each
   * character but the apostrophes.
   */
  id(text: string, start: number, end: number, letters: number, hash: number): number {
    const { slots, entries, pool } = this;
    const mask = slots.length - 1;
    for (let slot = (hash ^ (hash >>> 15)) & mask; ; slot = (slot + 1) & mask) {
      const word = (slots[slot] ?? 0) - 1;
      if (word < 0) return this.add(text, start, end, letters, hash);
      const e = word * STRIDE;
      if (entries[e + HASH] !== hash) continue;
      let at = entries[e + AT] ?? 0;
      if (pool[at++] !== letters) continue;
      let same = true;
      for (let i = start; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c !== APOSTROPHE && pool[at++] !== (c | 32)) {
          same = false;
          break;
        }
      }
      if (!same) continue;
      const vocabulary = this.vocabulary;
      const version = vocabulary.version;
      const known = entries[e + ID] ?? 0;
      if (entries[e + VERSION] === version) return known;
      const folded = this.folded[word] ?? '';
      const id = vocabulary.unchangedSince(known, entries[e + VERSION] ?? 0, folded) ? known : vocabulary.id(folded);
      entries[e + ID] = id;
      entries[e + VERSION] = version;
      return id;
    }
  }

  private add(text: string, start: number, end: number, letters: number, hash: number): number {
    const folded = foldWord(text.slice(start, end).toLowerCase().replaceAll("'", ''));
    const id = this.vocabulary.id(folded);
    if (letters > MAX_LENGTH) return id;
    const words = this.folded.length;
    if (2 * (words + 1) > this.slots.length) {
      if (words < this.maxWords) this.grow();
      else this.empty(this.maxWords);
    }
    const at = this.poolEnd;
    if (at + 1 + letters > this.pool.length) {
      const bigger = new Uint8Array(Math.max(2 * this.pool.length, at + 1 + letters));
      bigger.set(this.pool);
      this.pool = bigger;
    }
    const pool = this.pool;
    let p = at;
    pool[p++] = letters;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c !== APOSTROPHE) pool[p++] = c | 32;
    }
    this.poolEnd = p;
    this.put(hash, id, this.vocabulary.version, at, folded);
    return id;
  }

  private put(hash: number, id: number, version: number, at: number, folded: string): void {
    const word = this.folded.length;
    this.folded.push(folded);
    const e = word * STRIDE;
    if (e + STRIDE > this.entries.length) {
      const bigger = new Int32Array(2 * this.entries.length);
      bigger.set(this.entries);
      this.entries = bigger;
    }
    this.entries[e + HASH] = hash;
    this.entries[e + ID] = id;
    this.entries[e + VERSION] = version;
    this.entries[e + AT] = at;
    const mask = this.slots.length - 1;
    let slot = (hash ^ (hash >>> 15)) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = word + 1;
  }

  /** Twice as many slots, with the same words. */
  private grow(): void {
    const slots = new Int32Array(2 * this.slots.length);
    const mask = slots.length - 1;
    for (let word = 0; word < this.folded.length; word++) {
      const hash = this.entries[word * STRIDE + HASH] ?? 0;
      let slot = (hash ^ (hash >>> 15)) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = word + 1;
    }
    this.slots = slots;
  }

  /** Forgets every word, with room for `words` of them before growing. */
  private empty(words: number): void {
    if (this.slots.length === 2 * words) this.slots.fill(0);
    else this.slots = new Int32Array(2 * words);
    if (this.entries.length === 0) this.entries = new Int32Array(words * STRIDE);
    if (this.pool.length === 0) this.pool = new Uint8Array(words * 8);
    this.poolEnd = 0;
    this.folded = [];
  }
}
