/**
 * One paper's words seen through a {@link Vocabulary}: for each word some subscription
 * uses, the fields it occurs in and where, in arrays indexed by word id. The paper is
 * tokenised exactly as `paperText` does it (same segments, same gaps, same positions), but
 * straight into word ids: words no subscription uses are never recorded. The arrays are
 * reused from paper to paper; a stamp per word says whether its entry is about the current
 * paper, so nothing has to be cleared, and token arrays are buffers valid up to `tokens`.
 */
import type { Paper } from '../model.ts';
import { AUTHORS, paperSegments } from './paper-text.ts';
import { foldedWords } from './text.ts';
import { NO_WORD, grown, type Vocabulary } from './vocabulary.ts';

export class PaperWords {
  /** The current paper's stamp; an entry is current when `seen[id] === stamp`. */
  stamp = 0;
  paper!: Paper;
  /** Folded words of each author name, in the paper's order (for reasons that name people). */
  authorWords: ReadonlyArray<readonly string[]> = [];
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

  constructor(private readonly vocabulary: Vocabulary) {}

  /** Tokenises `paper` and makes it the current paper. */
  read(paper: Paper): void {
    this.stamp++;
    this.paper = paper;
    this.fit(this.vocabulary.capacity);
    const { seen, mask, firstAt, stamp, vocabulary } = this;
    const present: number[] = [];
    const authorWords: string[][] = [];
    let n = 0;
    for (const [bit, segments] of paperSegments(paper)) {
      for (const segment of segments) {
        const folded = foldedWords(segment);
        if (bit === AUTHORS) authorWords.push(folded);
        this.fitTokens(n + folded.length + 1);
        const { tokenIds, fieldAt, nextAt } = this;
        for (const word of folded) {
          const id = vocabulary.id(word);
          if (id !== NO_WORD) {
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
          tokenIds[n] = id;
          fieldAt[n++] = bit;
        }
        tokenIds[n] = NO_WORD;
        fieldAt[n++] = 0;
      }
    }
    this.tokens = n;
    this.present = present;
    this.authorWords = authorWords;
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
