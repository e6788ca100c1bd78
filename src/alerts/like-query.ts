/** The text of a `like:` subscription: `like:<arXiv id or link>`, optionally with scope terms (`source:`, `cat:`). */
import { QueryError } from './ast.ts';
import { formatScope, type AlertScope, type ScopeSource } from './scope.ts';
import { takeScope } from './scope-syntax.ts';
import { tokenize } from './tokenize.ts';
import { parsePaperId } from '../papers/paper-id.ts';

const LIKE = /^\s*like:\s*(\S*)(.*)$/is;

/** Whether the query follows a paper (`like:…`) rather than words. */
export const isLikeQuery = (text: string): boolean => LIKE.test(text);

export interface LikeQuery {
  paperId: string;
  scope: AlertScope;
  /** Whether the text named its source (`source:` or `cat:`). */
  explicit: boolean;
}

/**
 * Parses `like:2405.15738 [source:… cat:… revisions:…]`. A bad id is a UserError naming the accepted forms; anything
 * else after the id is a {@link QueryError}.
 */
export function parseLikeQuery(text: string, defaultSource: ScopeSource = 'hf'): LikeQuery {
  const m = LIKE.exec(text);
  if (!m) throw new QueryError('a like: subscription starts with like:<arXiv id>', 0);
  if (!m[1]) throw new QueryError('like: needs a paper, e.g. like:2405.15738 or like:https://huggingface.co/papers/2405.15738', 5);
  const paperId = parsePaperId(m[1]);
  const rest = m[2] ?? '';
  const offset = text.length - rest.length;
  const taken = takeScope(tokenize(rest), defaultSource);
  const extra = taken.tokens[0];
  if (extra)
    throw new QueryError('like: takes one paper and, optionally, source:, cat: or revisions:; words go in a separate subscription', offset + extra.pos);
  return { paperId, scope: taken.scope, explicit: taken.explicit };
}

/** The stored (and duplicate-checking) text: `like:2405.15738 source:any`; parsing it with the `hf` default gives it back. */
export function formatLikeQuery(q: Pick<LikeQuery, 'paperId' | 'scope'>): string {
  const scope = formatScope(q.scope);
  return scope ? `like:${q.paperId} ${scope}` : `like:${q.paperId}`;
}
