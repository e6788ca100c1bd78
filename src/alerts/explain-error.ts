/** A query error shown to the person who typed the query: the message, then the query with a caret at the problem. */
import type { QueryError } from './ast.ts';

/** Characters of query shown either side of the caret when the query is long: at most 60 in all, as every error quotes. */
const WINDOW = 30;

/**
 * ```
 * Expected ")" at position 16 to close "(" at position 0
 * (diffusion video
 *                 ^
 * ```
 * The caret counts code points, so it lines up in a monospaced font for most text.
 */
export function pointAtError(query: string, err: QueryError): string {
  const flat = query.replace(/\s/g, ' ');
  const pos = Math.max(0, Math.min(err.position, flat.length));
  const start = Math.max(0, pos - WINDOW);
  const end = Math.min(flat.length, pos + WINDOW);
  const before = (start > 0 ? '…' : '') + flat.slice(start, pos);
  const shown = before + flat.slice(pos, end) + (end < flat.length ? '…' : '');
  return [shown, `${' '.repeat([...before].length)}^`].join('\n');
}

/** Examples shown under a query error. */
export const QUERY_EXAMPLES = ['diffusion -survey', '"world model" OR "world models"', 'title:agent upvotes>=20', 'author:"Yann LeCun"', '"speculative decoding" cat:cs.CL,cs.LG'];
