/**
 * The inverted index: words and bigrams (see `index-keys.ts`) → the queries that need them.
 * Given a tokenised paper it returns each query sharing a key with it once.
 */
import type { IndexKey } from './index-keys.ts';
import { AUTHOR_SPACE, ORG_SPACE } from './index-keys.ts';
import { AUTHORS, DEFAULT_FIELDS, GAP, ORG } from './paper-text.ts';
import type { PaperText } from './paper-text.ts';

/** Something indexed: its keys (`null`: a candidate for every paper) and a scratch stamp. */
export interface Indexed {
  readonly keys: readonly IndexKey[] | null;
  /** The last paper (stamp) it was returned for; owned by the index. */
  stamp: number;
}

type Postings<T> = Map<string, Set<T>>;

const spaceOfBit = (bit: number): string => (bit === AUTHORS ? AUTHOR_SPACE : bit === ORG ? ORG_SPACE : '');

export class QueryIndex<T extends Indexed> {
  /** Word → items. */
  private readonly words: Postings<T> = new Map();
  /** First word → second word → items. */
  private readonly bigrams = new Map<string, Postings<T>>();
  private readonly always = new Set<T>();

  add(item: T): void {
    if (item.keys === null) this.always.add(item);
    for (const { head, tail } of item.keys ?? []) {
      let postings = this.words;
      if (tail !== null) {
        postings = this.bigrams.get(head) ?? new Map();
        this.bigrams.set(head, postings);
      }
      const key = tail ?? head;
      let set = postings.get(key);
      if (set === undefined) postings.set(key, (set = new Set()));
      set.add(item);
    }
  }

  delete(item: T): void {
    if (item.keys === null) this.always.delete(item);
    for (const { head, tail } of item.keys ?? []) {
      const postings = tail === null ? this.words : this.bigrams.get(head);
      const key = tail ?? head;
      const set = postings?.get(key);
      set?.delete(item);
      if (set?.size !== 0) continue;
      postings?.delete(key);
      if (postings?.size === 0 && tail !== null) this.bigrams.delete(head);
    }
  }

  /** Every item with a key in `text`, once each; `stamp` must be new for each call. */
  candidates(text: PaperText, stamp: number): T[] {
    const found: T[] = [];
    const collect = (set: Iterable<T> | undefined): void => {
      if (set === undefined) return;
      for (const item of set) {
        if (item.stamp !== stamp) {
          item.stamp = stamp;
          found.push(item);
        }
      }
    };
    for (const [word, { mask }] of text.words) {
      if (mask & DEFAULT_FIELDS) collect(this.words.get(word));
      if (mask & AUTHORS) collect(this.words.get(AUTHOR_SPACE + word));
      if (mask & ORG) collect(this.words.get(ORG_SPACE + word));
    }
    if (this.bigrams.size > 0) {
      const { tokens, fieldAt } = text;
      for (let i = 0; i + 1 < tokens.length; i++) {
        const a = tokens[i] ?? GAP;
        const b = tokens[i + 1] ?? GAP;
        if (a === GAP || b === GAP) continue;
        const bit = fieldAt[i] ?? 0;
        const second = this.bigrams.get(bit & DEFAULT_FIELDS ? a : spaceOfBit(bit) + a);
        if (second !== undefined) collect(second.get(b));
      }
    }
    collect(this.always);
    return found;
  }
}
