/**
 * Text normalisation shared by alert queries and papers, so both sides are folded
 * exactly the same way:
 *
 * 1. NFKC (full-width letters, ligatures, superscripts become plain characters),
 *    lower case, then NFD with every combining mark removed (`naïve` → `naive`).
 * 2. Words are maximal runs of letters and digits. Any other character separates
 *    words, so `vision-language` is the two consecutive words `vision language`
 *    and `GPT-4.5` is `gpt 4 5`. Apostrophes inside a word are dropped
 *    (`ConvNeXt's` → `convnexts`, which then folds to `convnext`).
 * 3. Each word is folded by {@link foldWord} (simple English plurals).
 *
 * Only fixed regular expressions are used here; nothing is ever built from user text.
 */

const MARKS = /\p{M}+/gu;
const WORD = /[\p{L}\p{N}]+(?:['’ʼ][\p{L}\p{N}]+)*/gu;
const APOSTROPHES = /['’ʼ]/g;

/** NFKC, lower case, diacritics stripped. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().normalize('NFD').replace(MARKS, '');
}

/** Whether every character of `text` is ASCII (normalising it is then only lower case). */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** Lower-case ASCII letters and digits: what `WORD` matches in lower-case ASCII text. */
const isWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
const APOSTROPHE = 39;

/** {@link splitWords} of lower-case ASCII text without regular expressions (the common case, same result). */
function asciiWords(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let apostrophe = false;
    while (i < n && isWordChar(text.charCodeAt(i))) i++;
    while (i + 1 < n && text.charCodeAt(i) === APOSTROPHE && isWordChar(text.charCodeAt(i + 1))) {
      apostrophe = true;
      i++;
      while (i < n && isWordChar(text.charCodeAt(i))) i++;
    }
    const word = text.slice(start, i);
    out.push(apostrophe ? word.replace(APOSTROPHES, '') : word);
  }
  return out;
}

/** The normalised words of `text`, in order, not yet folded. */
export function splitWords(text: string): string[] {
  if (isAscii(text)) return asciiWords(text.toLowerCase());
  const out: string[] = [];
  for (const m of normalizeText(text).matchAll(WORD)) {
    const w = m[0];
    const bare = w.includes("'") || w.includes('’') || w.includes('ʼ') ? w.replace(APOSTROPHES, '') : w;
    if (bare !== '') out.push(bare); // "ʼ" alone is a letter (Lm) but no word
  }
  return out;
}

/** The folded words of `text`, in order: what matching compares. */
export function foldedWords(text: string): string[] {
  return splitWords(text).map(foldWord);
}

/** Plurals that the suffix rules below would get wrong. */
const IRREGULAR = new Map<string, string>([
  ['analyses', 'analysis'], ['hypotheses', 'hypothesis'], ['syntheses', 'synthesis'],
  ['theses', 'thesis'], ['axes', 'axis'], ['biases', 'bias'],
  ['aliases', 'alias'], ['atlases', 'atlas'], ['canvases', 'canvas'], ['lenses', 'lens'],
  ['focuses', 'focus'], ['viruses', 'virus'], ['statuses', 'status'], ['buses', 'bus'],
  ['caches', 'cache'], ['niches', 'niche'], ['indices', 'index'], ['matrices', 'matrix'],
  ['vertices', 'vertex'], ['appendices', 'appendix'], ['criteria', 'criterion'],
  ['phenomena', 'phenomenon'], ['children', 'child'], ['movies', 'movie'], ['cookies', 'cookie'],
]);

/** Words that end in "s" but are not plurals. */
const INVARIANT = new Set([
  'bias', 'alias', 'atlas', 'canvas', 'lens', 'news', 'series', 'species', 'gas', 'chaos',
  'pros', 'cons', 'towards', 'across', 'always', 'perhaps', 'whereas',
]);

/**
 * Simple plural folding: maps a normalised word to the key matching compares, so that
 * `agents`→`agent`, `llms`→`llm`, `policies`→`policy`, `losses`→`loss`, `patches`→`patch`.
 * Words of three characters or fewer, and words ending in `ss`, `us` or `is`, are kept.
 * It is deliberately not a stemmer: `learning` does not match `learn`.
 */
export function foldWord(word: string): string {
  const n = word.length;
  if (n <= 3) return word;
  const irregular = IRREGULAR.get(word);
  if (irregular !== undefined) return irregular;
  if (INVARIANT.has(word)) return word;
  if (!word.endsWith('s') || word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  if (word.endsWith('ies') && n >= 5) return word.slice(0, -3) + 'y';
  if (
    word.endsWith('sses') ||
    word.endsWith('shes') ||
    word.endsWith('ches') ||
    word.endsWith('xes') ||
    word.endsWith('zzes')
  ) {
    return word.slice(0, -2);
  }
  return word.slice(0, -1);
}
