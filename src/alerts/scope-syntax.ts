/**
 * Takes the scope terms (`source:`, `cat:`, `revisions:`) out of a query's tokens. They apply to the whole query, so
 * they are accepted only at its top level: not inside parentheses, not negated, not as one side of OR.
 */
import { QueryError } from './ast.ts';
import type { AlertScope, ScopeSource } from './scope.ts';
import type { Token } from './tokenize.ts';

/** arXiv category names and archives as arXiv writes them: `cs.CL`, `stat.ML`, `hep-th`, `astro-ph.GA`, `cs`. */
const CATEGORY = /^[a-z][a-z-]*(\.[a-z][a-z-]*)?$/i;
const SOURCES: readonly ScopeSource[] = ['hf', 'arxiv', 'any'];

export interface TakenScope {
  /** The query's other tokens. */
  tokens: Token[];
  scope: AlertScope;
  /** Whether the query named its source (`source:` or `cat:`); if not, the source is the default given. */
  explicit: boolean;
}

type ScopeToken = Extract<Token, { kind: 'scope' }>;

function misplaced(tok: ScopeToken, why: string): never {
  throw new QueryError(`"${tok.text}" at position ${tok.pos} sets the scope of the whole query, so it cannot be ${why}`, tok.pos);
}

/** Removes the scope tokens (and an `AND` joining one to the query), or throws {@link QueryError}. */
export function takeScope(tokens: readonly Token[], defaultSource: ScopeSource): TakenScope {
  let depth = 0;
  let topOr = false;
  for (const t of tokens) {
    if (t.kind === 'lparen') depth++;
    else if (t.kind === 'rparen') depth--;
    else if (t.kind === 'or' && depth === 0) topOr = true;
  }
  const rest: Token[] = [];
  let source: { value: ScopeSource; tok: ScopeToken } | undefined;
  let revisions: { value: boolean; tok: ScopeToken } | undefined;
  const categories: string[] = [];
  let catTok: ScopeToken | undefined;
  let skipAnd = false;
  depth = 0;
  for (const t of tokens) {
    if (t.kind === 'and' && skipAnd) {
      skipAnd = false;
      continue;
    }
    skipAnd = false;
    if (t.kind === 'lparen') depth++;
    else if (t.kind === 'rparen') depth--;
    if (t.kind !== 'scope') {
      rest.push(t);
      continue;
    }
    if (depth > 0) misplaced(t, 'inside parentheses; put it outside them');
    if (rest.at(-1)?.kind === 'not') misplaced(t, 'negated; use source: or cat: to choose what to include');
    if (topOr) misplaced(t, 'one side of OR; put the alternatives in parentheses, e.g. (a OR b) source:arxiv');
    if (rest.at(-1)?.kind === 'and') rest.pop();
    else skipAnd = true;
    const value = t.value.toLowerCase();
    if (t.key === 'source') {
      const s = SOURCES.find((x) => x === value);
      if (!s) throw new QueryError(`Unknown source "${t.value}" at position ${t.valuePos} (sources: hf, arxiv, any)`, t.valuePos);
      if (source && source.value !== s) throw new QueryError(`Two sources: "${source.tok.text}" and "${t.text}" at position ${t.pos}; keep one`, t.pos);
      source = { value: s, tok: t };
    } else if (t.key === 'revisions') {
      if (value !== 'yes' && value !== 'no') throw new QueryError(`Expected revisions:yes or revisions:no at position ${t.pos}`, t.valuePos);
      if (revisions && revisions.value !== (value === 'yes')) throw new QueryError(`Both revisions:yes and revisions:no, at position ${t.pos}; keep one`, t.pos);
      revisions = { value: value === 'yes', tok: t };
    } else {
      catTok ??= t;
      let at = t.valuePos;
      for (const cat of t.value.split(',')) {
        if (!CATEGORY.test(cat)) throw new QueryError(`"${cat}" at position ${at} is not an arXiv category; write it as arXiv does, e.g. cat:cs.CL,cs.LG or cat:cs`, at);
        if (!categories.some((c) => c.toLowerCase() === cat.toLowerCase())) categories.push(cat);
        at += cat.length + 1;
      }
    }
  }
  if (source?.value === 'hf' && catTok) throw new QueryError(`"${catTok.text}" at position ${catTok.pos} needs arXiv's categories, but "${source.tok.text}" leaves arXiv out; use source:any or source:arxiv`, catTok.pos);
  if (source?.value === 'hf' && revisions?.value) throw new QueryError(`"${revisions.tok.text}" at position ${revisions.tok.pos} is about arXiv revisions, but "${source.tok.text}" leaves arXiv out`, revisions.tok.pos);
  const explicit = source !== undefined || categories.length > 0;
  const chosen = source?.value ?? (categories.length > 0 ? 'arxiv' : defaultSource);
  const scope: AlertScope = { source: chosen, categories, revisions: revisions?.value ?? false };
  return { tokens: rest, scope, explicit };
}
