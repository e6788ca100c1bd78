/**
 * One paper's words seen through a {@link Vocabulary}: for each word some subscription
 * uses, the fields it occurs in and where, in arrays indexed by word id. The paper is
 * tokenised exactly as `paperText` does it (same segments, same gaps, same positions), but
 * straight into word ids: words no subscription uses are never recorded. The arrays are
 * reused from paper to paper; a stamp per word says whether its entry is about the current
 * paper, so nothing has to be cleared, and token arrays are buffers valid up to `tokens`.
 */
import type { Paper } from '../model.ts';
import { APOSTROPHE, AsciiWordIds, HASH_SEED, hashStep, isAsciiWordChar } from './ascii-word-ids.ts';
import { ABSTRACT, AI_SUMMARY, AUTHORS, KEYWORDS, ORG, TITLE } from './paper-text.ts';
import { foldedWords } from './text.ts';
import { NO_WORD, grown, type Vocabulary } from './vocabulary.ts';

const SPACE = 32;

export class PaperWords {
  /** The current paper's stamp; an entry is current when `seen[id] === stamp`. */
  stamp = 0;
  paper!: Paper;
  /** Word ids (in the vocabulary) present in the paper, each once. */
  present: number[] = [];
  /** Number of token positions of the current paper (gaps included). */
  tokens = 0;
  /** Word id at each token position; {@link NO_WORD} for unknown words and segment gaps. */
  tokenIds = new Int32Array(1024);
  /** The field bit of each token position (0 at gaps). */
  fieldAt = new Uint8Array(1024);
  seen = new Int32Array(0);
  /** Field bits of each word (see `paper-text.ts`). */
  mask = new Uint8Array(0);
  /**
   * Token positions of each word, as lists through the positions: `firstAt[id]`, then
   * `nextAt[position]` until -1 (in no particular order).
   */
  firstAt = new Int32Array(0);
  nextAt = new Int32Array(1024);

  private readonly asciiIds: AsciiWordIds;

  constructor(private readonly vocabulary: Vocabulary) {
    this.asciiIds = new AsciiWordIds(vocabulary);
  }

  /** Tokenises `paper` and makes it the current paper. */
  read(paper: Paper): void {
    this.stamp++;
    this.paper = paper;
    this.fit(this.vocabulary.capacity);
    this.present = [];
    this.tokens = 0;
    // The segments of `paperSegments`, in its order.
    this.segment(paper.title, TITLE);
    this.segment(paper.summary, ABSTRACT);
    if (paper.aiSummary) this.segment(paper.aiSummary, AI_SUMMARY);
    for (const keyword of paper.keywords) this.segment(keyword, KEYWORDS);
    for (const author of paper.authors) this.segment(author, AUTHORS);
    if (paper.organization) this.segment(paper.organization, ORG);
  }

  /**
   * Appends the words of one segment, split and folded as `foldedWords` does, then the gap
   * after it. ASCII text is scanned here without a string per word. Text around a non-ASCII
   * character, up to the spaces before and after it, goes through `foldedWords`: a space
   * ends every word, and normalisation and lower case never look across it (Greek final
   * sigma looks past case-ignorable characters only, and nothing composes with a space), so
   * the words of the whole are the words of its space-separated parts.
   */
  private segment(text: string, bit: number): void {
    const length = text.length;
    const first = this.tokens;
    this.fitTokens(first + (length >> 1) + 2); // ASCII words are at least one character apart
    let tokenIds = this.tokenIds;
    const ids = this.asciiIds;
    let n = first;
    /** Where the text after the last space starts, and the token count there. */
    let partStart = 0;
    let partTokens = n;
    let i = 0;
    while (i < length) {
      let c = text.charCodeAt(i);
      if (!isAsciiWordChar(c)) {
        if (c === SPACE) {
          partStart = i + 1;
          partTokens = n;
        } else if (c > 127) {
          let end = text.indexOf(' ', i);
          if (end === -1) end = length;
          const folded = foldedWords(text.slice(partStart, end));
          n = partTokens;
          this.fitTokens(n + folded.length + ((length - end) >> 1) + 2);
          tokenIds = this.tokenIds;
          for (const word of folded) tokenIds[n++] = this.vocabulary.id(word);
          i = end;
          continue;
        }
        i++;
        continue;
      }
      const start = i;
      let apostrophes = 0;
      let hash = HASH_SEED;
      for (;;) {
        hash = hashStep(hash, c);
        if (++i === length) break;
        c = text.charCodeAt(i);
        if (isAsciiWordChar(c)) continue;
        if (c !== APOSTROPHE || i + 1 === length || !isAsciiWordChar(text.charCodeAt(i + 1))) break;
        c = text.charCodeAt(++i); // an apostrophe inside the word: dropped
        apostrophes++;
      }
      tokenIds[n++] = ids.id(text, start, i, i - start - apostrophes, hash);
    }
    this.record(first, n, bit);
    tokenIds[n] = NO_WORD;
    this.fieldAt[n] = 0;
    this.tokens = n + 1;
  }

  /** Records field `bit` and the positions of the words at token positions `from` to `to`. */
  private record(from: number, to: number, bit: number): void {
    const { tokenIds, fieldAt, nextAt, seen, mask, firstAt, stamp, present } = this;
    for (let n = from; n < to; n++) {
      const id = tokenIds[n] ?? NO_WORD;
      fieldAt[n] = bit;
      if (id === NO_WORD) continue;
      if (seen[id] !== stamp) {
        seen[id] = stamp;
        mask[id] = bit;
        nextAt[n] = -1;
        present.push(id);
      } else {
        mask[id] = (mask[id] ?? 0) | bit;
        nextAt[n] = firstAt[id] ?? -1;
      }
      firstAt[id] = n;
    }
  }

  /** Field bits of word `id` in the current paper; 0 when absent. */
  fieldsOf(id: number): number {
    return this.seen[id] === this.stamp ? (this.mask[id] ?? 0) : 0;
  }

  private fit(capacity: number): void {
    this.seen = grown(this.seen, capacity);
    this.mask = grown(this.mask, capacity);
    this.firstAt = grown(this.firstAt, capacity);
  }

  private fitTokens(count: number): void {
    this.tokenIds = grown(this.tokenIds, count);
    this.fieldAt = grown(this.fieldAt, count);
    this.nextAt = grown(this.nextAt, count);
  }
}
