/**
 * The term index: words and bigrams (see `index-keys.ts`) → the query terms keyed by them.
 * Every interned term has one key, a word or two consecutive words of it, so a term can only
 * occur in a paper that has its key. Keys are vocabulary ids, so reading a paper's keys costs
 * typed-array reads: words index arrays, bigrams a flat hash table (`pair-table.ts`).
 */
import type { IndexKey } from './index-keys.ts';
import { AUTHOR_SPACE, ORG_SPACE } from './index-keys.ts';
import { AUTHORS, DEFAULT_FIELDS, ORG } from './paper-text.ts';
import type { PaperWords } from './paper-words.ts';
import { PairTable } from './pair-table.ts';
import { type Posting, PostingLists } from './posting-lists.ts';
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

export class TermIndex {
  /** Per space: word id → posting. */
  private words: Int32Array[] = SPACES.map(() => new Int32Array(1024));
  /** `(first word id · 4 + space, second word id)` → posting. */
  private readonly bigrams = new PairTable();
  private readonly postings = new PostingLists();
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
    this.setPosting(space, head, tail, this.postings.with(this.posting(space, head, tail), term));
  }

  /** Unindexes term `term`, added with this `key`. */
  delete(term: number, key: IndexKey): void {
    const { space, word } = spaceOf(key.head);
    const head = this.vocabulary.id(word);
    const tail = key.tail === null ? NO_WORD : this.vocabulary.id(key.tail);
    this.setPosting(space, head, tail, this.postings.without(this.posting(space, head, tail), term));
    this.vocabulary.release(head);
    if (key.tail !== null) this.vocabulary.release(tail);
  }

  /** The posting of word `head` (`tail` {@link NO_WORD}) or bigram `head tail` of `space`. */
  private posting(space: number, head: number, tail: number): Posting {
    return tail === NO_WORD ? (this.words[space]?.[head] ?? 0) : this.bigrams.get(head * 4 + space, tail);
  }

  private setPosting(space: number, head: number, tail: number, posting: Posting): void {
    if (tail !== NO_WORD) {
      const bit = filterBit(head, tail);
      this.filter[bit >>> 5] = (this.filter[bit >>> 5] ?? 0) | (1 << (bit & 31));
      this.bigrams.set(head * 4 + space, tail, posting);
      return;
    }
    const words = grown(this.words[space] as Int32Array, head + 1);
    this.words[space] = words;
    words[head] = posting;
  }

  /** Every term whose key is in the current paper of `words`, once each (a buffer, valid until the next call). */
  termsIn(words: PaperWords): readonly number[] {
    this.found.length = 0;
    const [text, authors, org] = this.words as [Int32Array, Int32Array, Int32Array];
    const { stamp } = words;
    for (const id of words.present) {
      const mask = words.mask[id] ?? 0;
      if (mask & DEFAULT_FIELDS) this.collect(text[id] ?? 0, stamp);
      if (mask & AUTHORS) this.collect(authors[id] ?? 0, stamp);
      if (mask & ORG) this.collect(org[id] ?? 0, stamp);
    }
    if (this.bigrams.size > 0) {
      const { tokenIds, fieldAt, tokens } = words;
      const { filter, bigrams } = this;
      for (let i = 0; i + 1 < tokens; i++) {
        const a = tokenIds[i] ?? NO_WORD;
        const b = tokenIds[i + 1] ?? NO_WORD;
        if (a === NO_WORD || b === NO_WORD) continue;
        const bit = filterBit(a, b);
        if (((filter[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) continue;
        const space = spaceOfField(fieldAt[i] ?? 0);
        if (space >= 0) this.collect(bigrams.get(a * 4 + space, b), stamp);
      }
    }
    return this.found;
  }

  /** Adds the terms of `posting` not yet found for the paper of `stamp`. */
  private collect(posting: Posting, stamp: number): void {
    if (posting === 0) return;
    const { stamps, found } = this;
    if (posting > 0) {
      if (stamps[posting - 1] !== stamp) {
        stamps[posting - 1] = stamp;
        found.push(posting - 1);
      }
      return;
    }
    for (const term of this.postings.list(posting)) {
      if (stamps[term] !== stamp) {
        stamps[term] = stamp;
        found.push(term);
      }
    }
  }
}
