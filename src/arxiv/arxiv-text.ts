/** Whitespace runs (arXiv wraps long titles and abstracts) become one space. LaTeX stays as written: it is text to match. */
export const cleanText = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** LaTeX accent commands as Unicode combining marks (`\"u` → u + U+0308, which NFC turns into ü). */
const COMBINING: Record<string, string> = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030C', H: '\u030B', c: '\u0327', k: '\u0328', r: '\u030A',
};
/** Letters LaTeX writes as commands. */
const LETTERS: Record<string, string> = { ss: 'ß', o: 'ø', O: 'Ø', l: 'ł', L: 'Ł', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', i: 'ı', j: 'ȷ' };

const ACCENT = /\\(["'`^~=.])\s*\{?\s*(\\[ij]\b|[A-Za-z])\s*\}?|\\([uvHckr])(?:\s+|\s*\{\s*)(\\[ij]\b|[A-Za-z])\s*\}?/g;
const LETTER = /\{?\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)\b\s*\}?/g;

/**
 * An author's name as readers write it: arXiv's feeds keep the submitter's LaTeX escapes (`Ga\"el`, `\'Alvaro`,
 * `G\"urb\"uz`, `\.Irfan`), which a search for "Gaël" would miss. Anything not an accent or a letter command is kept.
 */
export function authorName(raw: string): string {
  const accented = raw.replace(ACCENT, (_m, a1: string | undefined, l1: string | undefined, a2: string | undefined, l2: string | undefined) => {
    const accent = COMBINING[(a1 ?? a2)!]!;
    const letter = (l1 ?? l2)!;
    const base = letter.startsWith('\\') ? letter.slice(1) : letter;
    return base + accent;
  });
  return cleanText(accented.replace(LETTER, (_m, name: string) => LETTERS[name] ?? _m).replace(/[{}]/g, '')).normalize('NFC');
}

/**
 * `dc:creator` holds every author in one comma-separated string (hundreds for a collaboration paper). A trailing
 * `and` before the last name, which some submitters write, is dropped.
 */
export function splitAuthors(creator: string): string[] {
  return creator
    .split(',')
    .map((a) => authorName(a.replace(/^\s*and\s+/, '')))
    .filter(Boolean);
}
