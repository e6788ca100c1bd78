/**
 * One paper's words seen through a {@link Vocabulary}: for each word some subscription
 * uses, the fields it occurs in and where, in arrays indexed by word id. The arrays are
 * reused from paper to paper; a stamp per word says whether its entry is about the
 * current paper, so nothing has to be cleared.
 */
import type { PaperText } from './paper-text.ts';
import { NO_WORD, grown, type Vocabulary } from './vocabulary.ts';

export class PaperWords {
  /** The current paper's stamp; an entry is current when `seen[id] === stamp`. */
  stamp = 0;
  text!: PaperText;
  /** Word ids (in the vocabulary) present in the paper, each once. */
  present: number[] = [];
  /** Word id at each position of `text.tokens`; {@link NO_WORD} for unknown words and gaps. */
  tokenIds = new Int32Array(0);
  seen = new Int32Array(0);
  /** Field bits of each word (see `paper-text.ts`). */
  mask = new Uint8Array(0);
  /** Positions of each word in `text.tokens`. */
  at: Array<readonly number[]> = [];

  constructor(private readonly vocabulary: Vocabulary) {}

  /** Makes `text` the current paper. */
  load(text: PaperText): void {
    this.stamp++;
    this.text = text;
    this.fit(this.vocabulary.capacity);
    const { seen, mask, at, stamp } = this;
    const present: number[] = [];
    const tokenIds = new Int32Array(text.tokens.length);
    for (const [word, info] of text.words) {
      const id = this.vocabulary.id(word);
      if (id === NO_WORD) continue;
      present.push(id);
      seen[id] = stamp;
      mask[id] = info.mask;
      at[id] = info.at;
      for (const p of info.at) tokenIds[p] = id;
    }
    this.present = present;
    this.tokenIds = tokenIds;
  }

  /** Field bits of word `id` in the current paper; 0 when absent. */
  fieldsOf(id: number): number {
    return this.seen[id] === this.stamp ? (this.mask[id] ?? 0) : 0;
  }

  private fit(capacity: number): void {
    this.seen = grown(this.seen, capacity);
    this.mask = grown(this.mask, capacity);
  }
}
