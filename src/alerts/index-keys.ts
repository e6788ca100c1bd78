/**
 * The keys under which the matcher indexes query terms (`term-index.ts` reads the same keys
 * off a paper), and the terms under which it indexes a query.
 *
 * A key is a folded word (`agent`) or two consecutive words (`world model`, a bigram),
 * prefixed by `a:` in author names and `o:` in the organization. Unprefixed keys cover
 * title, abstract, AI summary and keywords together; `title:`, `abstract:` and `keyword:`
 * terms use them too (the field is checked when the term is). A phrase is indexed by
 * one of its bigrams, which is far more selective than any single word of it. A query is
 * indexed by a set of its terms, one of which every matching paper has ({@link anchorTerms}).
 */
import { findAnchor } from './anchors.ts';
import type { QueryNode, TermNode } from './ast.ts';

export const AUTHOR_SPACE = 'a:';
export const ORG_SPACE = 'o:';

/** Words so frequent in paper text that indexing by them yields many candidates. */
const COMMON = new Set(
  ('a an and are as at be by for from in into is it its of on or our that the this to via we with ' +
    'model learning language large data based method network neural deep training task approach ' +
    'performance result using use new llm vision image video text generation multimodal reasoning ' +
    'agent benchmark dataset framework system')
    .split(' '),
);

/** Rough relative frequency of a word in papers; only affects speed, never results. */
function wordCost(w: string): number {
  return (COMMON.has(w) ? 20 : 1) * (w.length <= 3 ? 4 : w.length <= 5 ? 2 : 1);
}

const spaceOf = (t: TermNode): string =>
  t.field === 'author' ? AUTHOR_SPACE : t.field === 'org' ? ORG_SPACE : '';

/** A word (`tail` null) or a bigram; `head` carries the space prefix (`a:yann`). */
export interface IndexKey {
  readonly head: string;
  readonly tail: string | null;
}

/** The single index key of a term, with its estimated cost. */
export function termKey(t: TermNode): { key: IndexKey; cost: number } {
  const first = t.keys[0] ?? '';
  if (t.keys.length < 2) return { key: { head: spaceOf(t) + first, tail: null }, cost: wordCost(first) };
  let best = { key: { head: '', tail: null } as IndexKey, cost: Infinity };
  for (let i = 0; i + 1 < t.keys.length; i++) {
    const a = t.keys[i] ?? '';
    const b = t.keys[i + 1] ?? '';
    const cost = Math.sqrt(wordCost(a) * wordCost(b)) / 4;
    if (cost < best.cost) best = { key: { head: spaceOf(t) + a, tail: b }, cost };
  }
  return best;
}

/**
 * Terms such that every paper the query matches contains at least one of them (each once),
 * chosen to be cheap by their keys' cost, or `null` if there is no such set (the query must
 * then be tried on every paper).
 */
export function anchorTerms<T extends TermNode>(query: QueryNode): T[] | null {
  const anchor = findAnchor(query, (t) => termKey(t).cost);
  return anchor === null ? null : [...new Set(anchor.terms as T[])];
}
