/**
 * The inverted index: words and bigrams (see `index-keys.ts`) → the queries that need them.
 * Keys are vocabulary ids, so reading a paper's keys costs array and integer-map lookups.
 * Queries are small integer ids (the matcher's group ids); given the current paper it returns
 * each query sharing a key with it once.
 */
import type { IndexKey } from './index-keys.ts';
import { AUTHOR_SPACE, ORG_SPACE } from './index-keys.ts';
import { AUTHORS, DEFAULT_FIELDS, ORG } from './paper-text.ts';
import type { PaperWords } from './paper-words.ts';
import { NO_WORD, grown, type Vocabulary } from './vocabulary.ts';

/** Paper text, author names, organization: keys of one never match words of another. */
const SPACES = [DEFAULT_FIELDS, AUTHORS, ORG] as const;
const BIGRAM = 2 ** 26;

function spaceOf(head: string): { space: number; word: string } {
  if (head.startsWith(AUTHOR_SPACE)) return { space: 1, word: head.slice(AUTHOR_SPACE.length) };
  if (head.startsWith(ORG_SPACE)) return { space: 2, word: head.slice(ORG_SPACE.length) };
  return { space: 0, word: head };
}

/** The space whose keys a token in field `bit` can match. */
const spaceOfField = (bit: number): number => (bit & DEFAULT_FIELDS ? 0 : bit === AUTHORS ? 1 : bit === ORG ? 2 : -1);

type Postings = Map<number, number[]>;
/** Word id → queries: an array, since word ids are small and dense. */
type WordPostings = Array<number[] | undefined>;

export class QueryIndex {
  /** Per space: word id → queries, and (first id · 2²⁶ + second id) → queries. */
  private readonly words: WordPostings[] = SPACES.map(() => []);
  private readonly bigrams: Postings[] = SPACES.map(() => new Map());
  private bigramCount = 0;
  /** Queries without keys: candidates for every paper. */
  private readonly always: number[] = [];
  /** By query id: the last paper (stamp) it was returned for. */
  private stamps = new Int32Array(0);

  constructor(private readonly vocabulary: Vocabulary) {}

  /** Indexes query `item` under `keys` (`null`: a candidate for every paper). */
  add(item: number, keys: readonly IndexKey[] | null): void {
    this.stamps = grown(this.stamps, item + 1);
    this.stamps[item] = 0;
    if (keys === null) this.always.push(item);
    for (const key of keys ?? []) {
      const { space, word } = spaceOf(key.head);
      const head = this.vocabulary.acquire(word);
      const tail = key.tail === null ? NO_WORD : this.vocabulary.acquire(key.tail);
      const list = this.list(space, head, tail);
      if (list !== undefined) list.push(item);
      else this.setList(space, head, tail, [item]);
    }
  }

  /** Unindexes query `item`, added with these `keys`. */
  delete(item: number, keys: readonly IndexKey[] | null): void {
    if (keys === null) drop(this.always, item);
    for (const key of keys ?? []) {
      const { space, word } = spaceOf(key.head);
      const head = this.vocabulary.id(word);
      const tail = key.tail === null ? NO_WORD : this.vocabulary.id(key.tail);
      const list = this.list(space, head, tail);
      if (list !== undefined && drop(list, item) && list.length === 0) this.setList(space, head, tail, undefined);
      this.vocabulary.release(head);
      if (key.tail !== null) this.vocabulary.release(tail);
    }
  }

  /** The queries under word `head` (`tail` {@link NO_WORD}) or bigram `head tail` of `space`. */
  private list(space: number, head: number, tail: number): number[] | undefined {
    return tail === NO_WORD ? this.words[space]?.[head] : this.bigrams[space]?.get(head * BIGRAM + tail);
  }

  private setList(space: number, head: number, tail: number, list: number[] | undefined): void {
    const words = this.words[space] as WordPostings;
    const bigrams = this.bigrams[space] as Postings;
    if (tail === NO_WORD) {
      while (words.length <= head) words.push(undefined); // packed, never a sparse (dictionary) array
      words[head] = list;
    } else if (list === undefined) {
      bigrams.delete(head * BIGRAM + tail);
      this.bigramCount--;
    } else {
      bigrams.set(head * BIGRAM + tail, list);
      this.bigramCount++;
    }
  }

  /** Every item with a key in the current paper of `words`, once each. */
  candidates(words: PaperWords): number[] {
    const { stamp } = words;
    const { stamps } = this;
    const found: number[] = [];
    const collect = (list: readonly number[] | undefined): void => {
      if (list === undefined) return;
      for (const item of list) {
        if (stamps[item] !== stamp) {
          stamps[item] = stamp;
          found.push(item);
        }
      }
    };
    const [text, authors, org] = this.words as [WordPostings, WordPostings, WordPostings];
    for (const id of words.present) {
      const mask = words.mask[id] ?? 0;
      if (mask & DEFAULT_FIELDS) collect(text[id]);
      if (mask & AUTHORS) collect(authors[id]);
      if (mask & ORG) collect(org[id]);
    }
    if (this.bigramCount > 0) {
      const { tokenIds, fieldAt, tokens } = words;
      for (let i = 0; i + 1 < tokens; i++) {
        const a = tokenIds[i] ?? NO_WORD;
        const b = tokenIds[i + 1] ?? NO_WORD;
        if (a === NO_WORD || b === NO_WORD) continue;
        collect(this.bigrams[spaceOfField(fieldAt[i] ?? 0)]?.get(a * BIGRAM + b));
      }
    }
    collect(this.always);
    return found;
  }
}

/** Removes one `item` from `list` (order is not kept); whether it was there. */
function drop<T>(list: T[], item: T): boolean {
  const i = list.indexOf(item);
  if (i === -1) return false;
  list[i] = list[list.length - 1] as T;
  list.pop();
  return true;
}
