import type { Paper } from '../model.ts';

const NEW_STYLE = /^(\d{2})(\d{2})\.\d{4,5}(?:v\d+)?$/;
const OLD_STYLE = /\/(\d{2})\d{5}(?:v\d+)?$/;

/** The year an arXiv id was submitted in: `2608.20335` → 2026, `hep-th/9901001` → 1999; else from the listing day. */
export function arxivYear(p: Pick<Paper, 'id' | 'day'>): number | undefined {
  const m = NEW_STYLE.exec(p.id) ?? OLD_STYLE.exec(p.id);
  if (m) {
    const yy = Number(m[1]);
    return NEW_STYLE.test(p.id) || yy < 91 ? 2000 + yy : 1900 + yy;
  }
  const fromDay = /^(\d{4})-/.exec(p.day);
  return fromDay ? Number(fromDay[1]) : undefined;
}

/** Text safe inside a braced BibTeX value: LaTeX specials escaped, braces balanced. */
export function bibtexText(raw: string): string {
  return raw
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\\/g, '\\textbackslash ')
    .replace(/([{}&%$#_])/g, '\\$1')
    .replace(/~/g, '\\textasciitilde ')
    .replace(/\^/g, '\\textasciicircum ');
}

/** `vaswani2017attention`: first author's family name, year, first long word of the title, ASCII only. */
export function citationKey(p: Pick<Paper, 'id' | 'title' | 'authors' | 'day'>): string {
  const ascii = (s: string) => s.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  const family = ascii(p.authors[0]?.trim().split(/\s+/).at(-1) ?? '') || 'arxiv';
  const word = p.title.split(/\s+/).map(ascii).find((w) => w.length > 3 && !['with', 'from', 'towards', 'toward', 'that', 'this'].includes(w)) ?? '';
  const key = `${family}${arxivYear(p) ?? ''}${word}`;
  return key || `arxiv${p.id.replace(/[^0-9]/g, '')}`;
}

/** A BibTeX entry for an arXiv paper (arXiv's own `@misc` form with eprint and archivePrefix). */
export function bibtexFor(p: Paper): string {
  const year = arxivYear(p);
  const fields: Array<[string, string | undefined]> = [
    ['title', bibtexText(p.title)],
    ['author', p.authors.length ? p.authors.map(bibtexText).join(' and ') : undefined],
    ['year', year === undefined ? undefined : String(year)],
    ['eprint', p.id.replace(/v\d+$/, '')],
    ['archivePrefix', 'arXiv'],
    ['primaryClass', p.categories?.[0]],
    ['url', `https://arxiv.org/abs/${p.id.replace(/v\d+$/, '')}`],
  ];
  const lines = fields.filter(([, v]) => v !== undefined).map(([k, v]) => `  ${k.padEnd(13)} = {${v}},`);
  return [`@misc{${citationKey(p)},`, ...lines, '}'].join('\n');
}
