import type { Field } from '../alerts/ast.ts';
import { FIELDS, QueryError } from '../alerts/ast.ts';
import { tokenize, type Token } from '../alerts/tokenize.ts';
import { UserError } from '../errors.ts';
import type { Paper } from '../model.ts';
import { indexTerms } from './search-terms.ts';

/** The alert query language's fields that `/papers search` understands, and the index field each one searches. */
export const SEARCH_FIELDS: Partial<Record<Field, IndexField>> = {
  title: 'title',
  author: 'authors',
  abstract: 'summary',
  keyword: 'keywords',
};

/** What the search help says about its syntax. */
export const SEARCH_SYNTAX =
  'free words rank by relevance (any one must match); title:word, author:name, abstract:word, keyword:word and "quoted words" must all match ' +
  '(abstract:word finds papers among whose most distinctive abstract words it is); -word excludes';

/** A parsed `/papers search`: free words rank (any one must match), required parts must all match, excluded ones none. */
export interface SearchQuery {
  free: string[];
  required: SearchPart[];
  excluded: SearchPart[];
}

/** Words that must all be found, in one index field or in any. */
export interface SearchPart {
  field?: IndexField;
  words: string[];
}
type IndexField = 'title' | 'authors' | 'summary' | 'keywords';

/**
 * Whether a paper, read in full, meets the search's required parts (field terms, quoted words) and holds none of its
 * excluded ones. The index holds only the abstract's most distinctive terms (docs/decisions/105), so the archive checks
 * its hits with this against the stored paper: `-word` and `abstract:word` then mean the whole abstract.
 */
export function searchFilter({ required, excluded }: SearchQuery): (paper: Paper) => boolean {
  if (required.length === 0 && excluded.length === 0) return () => true;
  return (paper) => {
    const fieldTerms = new Map<IndexField | undefined, Set<string>>();
    const termsIn = (field: IndexField | undefined) => {
      let set = fieldTerms.get(field);
      if (!set) {
        const texts = (field ? [paper[field]] : [paper.title, paper.summary, paper.keywords, paper.authors]).flat();
        fieldTerms.set(field, (set = new Set(indexTerms(texts.join(' ')))));
      }
      return set;
    };
    const holds = (p: SearchPart) => p.words.every((w) => termsIn(p.field).has(w));
    return required.every(holds) && !excluded.some(holds);
  };
}

/**
 * Parses `/papers search` text: free words are ranked (any may match; more matches rank higher), field terms and quoted
 * words are required, `-term` excludes. Alert syntax that does not map (OR groups, parentheses, `upvotes>…`, `org:`) is
 * refused with the reason rather than silently dropped.
 */
export function toSearchQuery(text: string): SearchQuery {
  const tokens = forgivingTokens(text);
  const free: string[] = [];
  const required: SearchPart[] = [];
  const excluded: SearchPart[] = [];
  let negate = false;
  for (const t of tokens) {
    if (t.kind === 'not') {
      negate = true;
      continue;
    }
    if (t.kind === 'and') continue;
    if (t.kind !== 'term' && t.kind !== 'upvotes')
      throw new UserError('search ranks by relevance: leave out OR and parentheses (any word may match already); they work in /papers subscribe.');
    if (t.kind === 'upvotes') throw new UserError(`${t.text}: upvote filters work in /papers subscribe, not in search.`);
    const field = t.field === null ? undefined : SEARCH_FIELDS[t.field];
    if (t.field !== null && field === undefined) throw new UserError(`${t.field}: is not searchable; use title:, author:, abstract: or keyword:.`);
    const words = indexTerms(t.words.join(' '));
    if (words.length === 0) {
      negate = false;
      continue;
    }
    const quoted = t.text.endsWith('"');
    const part: SearchPart = { words, ...(field ? { field } : {}) };
    if (negate) excluded.push(part);
    else if (field || quoted) required.push(part);
    else free.push(...words);
    negate = false;
  }
  if (free.length === 0 && required.length === 0) throw new UserError('give a few words to search for, e.g. /papers search diffusion video');
  return { free, required, excluded };
}

/**
 * The alert tokenizer over text as people paste it into a search: a title's "Name: subtitle" or "Vision - Language" is
 * not syntax. Colons after words that are not fields, and dashes standing alone, become spaces; text that still does not
 * tokenize (an unclosed quote) is searched as plain words.
 */
function forgivingTokens(text: string): Token[] {
  const cleaned = text
    .replace(/(\p{L}+):/gu, (whole, name: string) => (FIELDS.includes(name.toLowerCase() as Field) ? whole : `${name} `))
    .replace(/(^|\s)[-\u2013\u2014]+(?=\s|$)/g, '$1');
  try {
    return tokenize(cleaned);
  } catch (err) {
    if (!(err instanceof QueryError)) throw err;
    const words = indexTerms(text);
    return words.length ? [{ kind: 'term', pos: 0, text: words.join(' '), field: null, words }] : [];
  }
}
