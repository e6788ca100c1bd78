/**
 * A paper tokenised once for matching: the folded words of each searchable field.
 *
 * Fields are bits so a word can record every field it occurs in. An unprefixed query
 * term searches {@link DEFAULT_FIELDS}: title, abstract, AI summary and keywords. Authors
 * and organization are left out on purpose: names such as "Long", "Hope" or "Meta" would
 * otherwise match ordinary words; use `author:` or `org:` for them.
 */
import type { Field } from './ast.ts';
import type { Paper } from '../model.ts';
import { foldedWords } from './text.ts';

export const TITLE = 1;
export const ABSTRACT = 2;
export const AI_SUMMARY = 4;
export const KEYWORDS = 8;
export const AUTHORS = 16;
export const ORG = 32;
export const DEFAULT_FIELDS = TITLE | ABSTRACT | AI_SUMMARY | KEYWORDS;

/** Every field bit, in the order reasons list them. */
export const FIELD_BITS = [TITLE, KEYWORDS, ABSTRACT, AI_SUMMARY, AUTHORS, ORG] as const;

/** Human-readable names of the field bits, for match reasons. */
export const FIELD_NAMES: Readonly<Record<number, string>> = {
  [TITLE]: 'title',
  [ABSTRACT]: 'abstract',
  [AI_SUMMARY]: 'AI summary',
  [KEYWORDS]: 'keywords',
  [AUTHORS]: 'authors',
  [ORG]: 'organization',
};

/** The field bits a term with this prefix searches. */
export function fieldMask(field: Field | null): number {
  switch (field) {
    case null:
      return DEFAULT_FIELDS;
    case 'title':
      return TITLE;
    case 'abstract':
      return ABSTRACT;
    case 'keyword':
      return KEYWORDS;
    case 'author':
      return AUTHORS;
    case 'org':
      return ORG;
  }
}

/** Separates segments (one keyword, one author) so phrases never span two of them. */
export const GAP = '';

/** Where one folded word occurs in a paper. */
export interface WordInfo {
  /** Bitmask of the fields it occurs in. */
  mask: number;
  /** Its positions in {@link PaperText.tokens}. */
  at: number[];
}

/** A paper's folded words, built once per paper and shared by every query evaluated on it. */
export interface PaperText {
  readonly paper: Paper;
  readonly words: ReadonlyMap<string, WordInfo>;
  /**
   * Every field's folded words, one after the other; a {@link GAP} ends each segment (a
   * keyword, an author) and each field, so consecutive words are always in the same segment.
   */
  readonly tokens: readonly string[];
  /** The field bit of each position of `tokens`. */
  readonly fieldAt: Uint8Array;
  /** Folded words of each author name, in the paper's order (for reasons that name people). */
  readonly authorWords: ReadonlyArray<readonly string[]>;
}

/**
 * The searchable fields of `paper` in token order, each as its field bit and segments (a
 * keyword, an author): what {@link paperText} tokenises, one {@link GAP} after each segment.
 */
export function paperSegments(paper: Paper): ReadonlyArray<readonly [number, readonly string[]]> {
  return [
    [TITLE, [paper.title]],
    [ABSTRACT, [paper.summary]],
    [AI_SUMMARY, paper.aiSummary ? [paper.aiSummary] : []],
    [KEYWORDS, paper.keywords],
    [AUTHORS, paper.authors],
    [ORG, paper.organization ? [paper.organization] : []],
  ];
}

/** Tokenises every searchable field of `paper` once. */
export function paperText(paper: Paper): PaperText {
  const words = new Map<string, WordInfo>();
  const tokens: string[] = [];
  const bits: number[] = [];
  const authorWords: string[][] = [];
  const add = (bit: number, segments: readonly string[]): void => {
    for (const segment of segments) {
      const folded = foldedWords(segment);
      if (bit === AUTHORS) authorWords.push(folded);
      for (const w of folded) {
        const info = words.get(w);
        if (info === undefined) words.set(w, { mask: bit, at: [tokens.length] });
        else {
          info.mask |= bit;
          info.at.push(tokens.length);
        }
        tokens.push(w);
        bits.push(bit);
      }
      tokens.push(GAP);
      bits.push(0);
    }
  };
  for (const [bit, segments] of paperSegments(paper)) add(bit, segments);
  return { paper, words, tokens, fieldAt: Uint8Array.from(bits), authorWords };
}

/** Whether `keys` occur consecutively, within one segment, in `seq`. */
export function hasSequence(seq: readonly string[], keys: readonly string[]): boolean {
  if (keys.length === 0) return false;
  const first = keys[0] ?? GAP;
  const last = seq.length - keys.length;
  outer: for (let i = seq.indexOf(first); i !== -1 && i <= last; i = seq.indexOf(first, i + 1)) {
    for (let k = 1; k < keys.length; k++) if (seq[i + k] !== keys[k]) continue outer;
    return true;
  }
  return false;
}
