/**
 * Hand-written tokenizer for alert queries. Positions are offsets in the original text;
 * each character is classified after NFKC, so full-width `（`, `｜` or `＂` act like
 * their ASCII forms. Smart quotes (“ ” „) work like `"`.
 */
import { FIELDS, QueryError } from './ast.ts';
import type { CompareOp, Field } from './ast.ts';
import { splitWords } from './text.ts';

export type Token =
  | { kind: 'lparen' | 'rparen' | 'or' | 'and' | 'not'; pos: number; text: string }
  | { kind: 'term'; pos: number; text: string; field: Field | null; words: string[] }
  | { kind: 'upvotes'; pos: number; text: string; op: CompareOp; value: number }
  /** `source:arxiv`, `cat:cs.CL,cs.LG`, `revisions:yes`: a subscription's scope (`scope-syntax.ts` checks the value). */
  | { kind: 'scope'; pos: number; text: string; key: ScopeKey; value: string; valuePos: number };

/** Prefixes that set a subscription's scope rather than match words. */
export type ScopeKey = 'source' | 'cat' | 'revisions';
const SCOPE_KEYS: readonly ScopeKey[] = ['source', 'cat', 'revisions'];

const SPACE = /^\s+$/u;
const ASCII = /^[\x00-\x7f]*$/;
const LETTERS = /^\p{L}+$/u;
const UPVOTES = /^upvotes(>=|<=|≥|≤|>|<|=)/i;
const DIGITS = /^[0-9]{1,9}$/;
const QUOTES = new Set(['"', '“', '”', '„']);
const OPS: Record<string, CompareOp> = { '>=': '>=', '≥': '>=', '<=': '<=', '≤': '<=', '>': '>', '<': '<', '=': '=' };

const isBreak = (c: string): boolean => c === '(' || c === ')' || c === '|' || QUOTES.has(c) || SPACE.test(c);

/** Splits `input` into tokens, or throws {@link QueryError}. */
export function tokenize(input: string): Token[] {
  // Characters after NFKC, and the offset of each in `input`. NFKC leaves ASCII as it is, so an ASCII query (most of
  // them) is its own characters at their own offsets: no ICU call and no object per character.
  const ascii = ASCII.test(input);
  const chars: string[] = ascii ? input.split('') : [];
  const offsets: number[] | null = ascii ? null : [];
  if (offsets !== null) {
    for (let i = 0; i < input.length; ) {
      const raw = String.fromCodePoint(input.codePointAt(i) ?? 0);
      chars.push(raw.normalize('NFKC'));
      offsets.push(i);
      i += raw.length;
    }
  }
  const posOf = (i: number): number => (offsets === null ? Math.min(i, input.length) : (offsets[i] ?? input.length));
  const text = (from: number, to: number): string => input.slice(posOf(from), posOf(to));
  const tokens: Token[] = [];

  /** Reads a quoted phrase whose opening quote is chars[i]; returns the index after it. */
  const readPhrase = (i: number, field: Field | null, start: number): number => {
    let j = i + 1;
    while (j < chars.length && !QUOTES.has(chars[j] ?? '')) j++;
    if (j >= chars.length) throw new QueryError(`Unclosed quote starting at position ${posOf(i)}`, posOf(i));
    const words = splitWords(text(i + 1, j));
    if (words.length === 0) {
      throw new QueryError(`Nothing to match in ${text(i, j + 1)} at position ${posOf(i)}: a phrase needs letters or digits`, posOf(i));
    }
    tokens.push({ kind: 'term', pos: posOf(start), text: text(start, j + 1), field, words });
    return j + 1;
  };

  let i = 0;
  while (i < chars.length) {
    const c = chars[i] ?? '';
    const pos = posOf(i);
    if (SPACE.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '|') {
      tokens.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'or', pos, text: c });
      i++;
    } else if (c === '-') {
      if (SPACE.test(chars[i + 1] ?? '')) {
        const at = posOf(i + 1);
        throw new QueryError(`Expected a term right after "-" at position ${at}, found a space`, at);
      }
      tokens.push({ kind: 'not', pos, text: '-' });
      i++;
    } else if (QUOTES.has(c)) {
      i = readPhrase(i, null, i);
    } else {
      let j = i;
      while (j < chars.length && !isBreak(chars[j] ?? ' ')) j++;
      i = readRun(i, j);
    }
  }
  return tokens;

  /** A bare run chars[from..to): keyword, upvotes filter, field-prefixed or plain word. */
  function readRun(from: number, to: number): number {
    const run = chars.slice(from, to).join('');
    const raw = text(from, to);
    const pos = posOf(from);
    if (run === 'OR' || run === 'AND' || run === 'NOT') {
      tokens.push({ kind: run === 'OR' ? 'or' : run === 'AND' ? 'and' : 'not', pos, text: run });
      return to;
    }
    const cmp = UPVOTES.exec(run);
    if (cmp) {
      const [prefix, sym = ''] = cmp;
      const digits = run.slice(prefix.length);
      if (!DIGITS.test(digits)) {
        const at = posOf(from + [...prefix].length);
        throw new QueryError(`Expected a number after "${prefix}" at position ${at}`, at);
      }
      tokens.push({ kind: 'upvotes', pos, text: raw, op: OPS[sym] ?? '=', value: Number(digits) });
      return to;
    }
    let colon = from;
    while (colon < to && chars[colon] !== ':') colon++;
    const name = chars.slice(from, colon).join('');
    if (colon < to && colon > from && LETTERS.test(name)) {
      const key = SCOPE_KEYS.find((k) => k === name.toLowerCase());
      if (key !== undefined) {
        const at = posOf(colon + 1);
        if (colon + 1 === to) throw new QueryError(`Expected a value after "${text(from, to)}" at position ${at}`, at);
        tokens.push({ kind: 'scope', pos, text: raw, key, value: text(colon + 1, to), valuePos: at });
        return to;
      }
      const field = FIELDS.find((f) => f === name.toLowerCase());
      if (field === undefined) {
        throw new QueryError(`Unknown field "${text(from, colon + 1)}" at position ${pos} (fields: ${FIELDS.join(', ')}; scope: ${SCOPE_KEYS.join(', ')})`, pos);
      }
      if (colon + 1 === to) {
        if (QUOTES.has(chars[to] ?? '')) return readPhrase(to, field, from);
        const at = posOf(to);
        throw new QueryError(`Expected a word or "quoted phrase" after "${text(from, to)}" at position ${at}`, at);
      }
      pushWord(from, colon + 1, to, field);
      return to;
    }
    pushWord(from, from, to, null);
    return to;
  }

  function pushWord(start: number, from: number, to: number, field: Field | null): void {
    const words = splitWords(text(from, to));
    if (words.length === 0) {
      const pos = posOf(from);
      throw new QueryError(`Nothing to match in "${text(from, to)}" at position ${pos}: a term needs letters or digits`, pos);
    }
    tokens.push({ kind: 'term', pos: posOf(start), text: text(start, to), field, words });
  }
}
