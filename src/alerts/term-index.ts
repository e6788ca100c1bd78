/**
 * The term index: words and bigrams (see `index-keys.ts`) → the query terms keyed by them.
 * Every interned term has one key, a word or two consecutive words of it, so a term can only
 * occur in a paper that has its key. Keys are vocabulary ids, so reading a paper's keys costs
 * array and integer-map lookups.
 */
import type { IndexKey } from './index-keys.ts';
import { AUTHOR_SPACE, ORG_SPACE } from './index-keys.ts';
import { AUTHORS, DEFAULT_FIELDS, ORG } from './paper-text.ts';
import type { PaperWords } from './paper-words.ts';
import { NO_WORD, grown, type Vocabulary } from './vocabulary.ts';

/** Paper text, author names, organization: keys of one never match words of another. */
const SPACES = [DEFAULT_FIELDS, AUTHORS, ORG] as const;

function spaceOf(head: string): { space: number; word: string } {
  if (head.startsWith(AUTHOR_SPACE)) return { space: 1, word: head.slice(AUTHOR_SPACE.length) };
  if (head.startsWith(ORG_SPACE)) return { space: 2, word: head.slice(ORG_SPACE.length) };
  return { space: 0, word: head };
}

/** The space whose keys a token in field `bit` can match. */
const spaceOfField = (bit: number): number => (bit & DEFAULT_FIELDS ? 0 : bit === AUTHORS ? 1 : bit === ORG ? 2 : -1);

/** Bits of the bigram filter (a power of two): 32 KiB, small enough to stay in cache. */
const FILTER_BITS = 2 ** 18;
/** The filter bit of bigram `a b` (any mix of the two ids will do). */
const filterBit = (a: number, b: number): number => (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) >>> 14;

/** Word id → terms: an array, since word ids are small and dense. */
type WordPostings = Array<number[] | undefined>;
/** First word id → second word id → terms (small-integer keys, which maps hash fastest). */
type BigramPostings = Array<Map<number, number[]> | undefined>;

export class TermIndex {
  /** Per space: word id → terms, and first word id → second word id → terms. */
  private readonly words: WordPostings[] = SPACES.map(() => []);
  private readonly bigrams: BigramPostings[] = SPACES.map(() => []);
  private bigramCount = 0;
  /**
   * One bit per {@link filterBit} of every bigram ever indexed (bits are never cleared, which
   * only costs a useless lookup): most pairs of words in a paper are no key, and the filter
   * says so without touching the postings.
   */
  private readonly filter = new Int32Array(FILTER_BITS / 32);
  /** By term id: the last paper (stamp) it was returned for. */
  private stamps = new Int32Array(0);
  private readonly found: number[] = [];

  constructor(private readonly vocabulary: Vocabulary) {}

  /** Indexes term `term` under `key`. */
  add(term: number, key: IndexKey): void {
    this.stamps = grown(this.stamps, term + 1);
    this.stamps[term] = 0;
    const { space, word } = spaceOf(key.head);
    const head = this.vocabulary.acquire(word);
    const tail = key.tail === null ? NO_WORD : this.vocabulary.acquire(key.tail);
    const list = this.list(space, head, tail);
    if (list !== undefined) list.push(term);
    else this.setList(space, head, tail, [term]);
  }

  /** Unindexes term `term`, added with this `key`. */
  delete(term: number, key: IndexKey): void {
    const { space, word } = spaceOf(key.head);
    const head = this.vocabulary.id(word);
    const tail = key.tail === null ? NO_WORD : this.vocabulary.id(key.tail);
    const list = this.list(space, head, tail);
    if (list !== undefined && drop(list, term) && list.length === 0) this.setList(space, head, tail, undefined);
    this.vocabulary.release(head);
    if (key.tail !== null) this.vocabulary.release(tail);
  }

  /** The terms under word `head` (`tail` {@link NO_WORD}) or bigram `head tail` of `space`. */
  private list(space: number, head: number, tail: number): number[] | undefined {
    return tail === NO_WORD ? this.words[space]?.[head] : this.bigrams[space]?.[head]?.get(tail);
  }

  private setList(space: number, head: number, tail: number, list: number[] | undefined): void {
    const byHead = tail === NO_WORD ? (this.words[space] as WordPostings) : (this.bigrams[space] as BigramPostings);
    while (byHead.length <= head) byHead.push(undefined); // packed, never a sparse (dictionary) array
    if (tail === NO_WORD) {
      (byHead as WordPostings)[head] = list;
      return;
    }
    const tails = (this.bigrams[space] as BigramPostings)[head];
    if (list !== undefined) {
      const bit = filterBit(head, tail);
      this.filter[bit >>> 5] = (this.filter[bit >>> 5] ?? 0) | (1 << (bit & 31));
      if (tails === undefined) (byHead as BigramPostings)[head] = new Map([[tail, list]]);
      else tails.set(tail, list);
      this.bigramCount++;
    } else if (tails?.delete(tail)) {
      if (tails.size === 0) (byHead as BigramPostings)[head] = undefined;
      this.bigramCount--;
    }
  }

  /** Every term whose key is in the current paper of `words`, once each (a buffer, valid until the next call). */
  termsIn(words: PaperWords): readonly number[] {
    this.found.length = 0;
    const [text, authors, org] = this.words as [WordPostings, WordPostings, WordPostings];
    for (const id of words.present) {
      const mask = words.mask[id] ?? 0;
      if (mask & DEFAULT_FIELDS) this.collect(text[id], words.stamp);
      if (mask & AUTHORS) this.collect(authors[id], words.stamp);
      if (mask & ORG) this.collect(org[id], words.stamp);
    }
    if (this.bigramCount > 0) {
      const { tokenIds, fieldAt, tokens } = words;
      const { filter } = this;
      for (let i = 0; i + 1 < tokens; i++) {
        const a = tokenIds[i] ?? NO_WORD;
        const b = tokenIds[i + 1] ?? NO_WORD;
        if (a === NO_WORD || b === NO_WORD) continue;
        const bit = filterBit(a, b);
        if (((filter[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) continue;
        this.collect(this.bigrams[spaceOfField(fieldAt[i] ?? 0)]?.[a]?.get(b), words.stamp);
      }
    }
    return this.found;
  }

  /** Adds the terms of `list` not yet found for the paper of `stamp`. */
  private collect(list: readonly number[] | undefined, stamp: number): void {
    if (list === undefined) return;
    const { stamps, found } = this;
    for (const term of list) {
      if (stamps[term] !== stamp) {
        stamps[term] = stamp;
        found.push(term);
      }
    }
  }
}

/** Removes one `item` from `list` (order is not kept); whether it was there. */
export function drop<T>(list: T[], item: T): boolean {
  const i = list.indexOf(item);
  if (i === -1) return false;
  list[i] = list[list.length - 1] as T;
  list.pop();
  return true;
}
