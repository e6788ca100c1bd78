import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, QueryError, formatQuery, parseQuery } from '../../src/alerts/query.ts';

/** Parses; any failure other than a QueryError fails the property. */
function parsesOrQueryError(input: string): void {
  let ast;
  try {
    ast = parseQuery(input);
  } catch (e) {
    if (!(e instanceof QueryError)) throw e;
    expect(Number.isInteger(e.position) && e.position >= 0 && e.position <= input.length).toBe(true);
    return;
  }
  const canonical = formatQuery(ast);
  if (canonical.length <= MAX_QUERY_LENGTH) expect(formatQuery(parseQuery(canonical))).toBe(canonical);
}

const ALPHABET = [
  '(', ')', '"', '“', '”', '-', '－', ' ', '\t', '|', '｜', ':', 'OR', 'AND', 'NOT', 'a', 'b', 'Agents',
  'title:', 'author:', 'titel:', 'upvotes>=', 'upvotes<', '≥', '1', '42', 'é', '\u0301', 'ﬁ', '⑴',
  '\uD800', '\uDC00', '😀', '*',
];

describe('parseQuery never fails with anything but a QueryError', () => {
  it.each([
    ['any code points', fc.string({ unit: 'binary', maxLength: MAX_QUERY_LENGTH })],
    ['any UTF-16 units, lone surrogates included', fc.string({ unit: fc.nat(0xffff).map((n) => String.fromCharCode(n)), maxLength: MAX_QUERY_LENGTH })],
    ['query-like text', fc.array(fc.constantFrom(...ALPHABET), { maxLength: 60 }).map((parts) => parts.join('').slice(0, MAX_QUERY_LENGTH))],
  ])('%s (10,000 runs)', (_case, arb) => {
    fc.assert(fc.property(arb, parsesOrQueryError), { numRuns: 10_000 });
  });
});
