import { describe, expect, it } from 'vitest';
import { MAX_QUERY_LENGTH, QueryError, formatQuery, parseQuery } from '../../src/alerts/query.ts';
import { UserError } from '../../src/errors.ts';

describe('parseQuery: what a query means (shown as its canonical form)', () => {
  it.each([
    ['one word', 'diffusion', 'diffusion'],
    ['words are all required', 'video   diffusion', 'video diffusion'],
    ['explicit AND is the same', 'video AND diffusion', 'video diffusion'],
    ['case and diacritics are normalised', 'Naïve BAYES', 'naive bayes'],
    ['quoted phrase', '"world model"', '"world model"'],
    ['one quoted word is a word', '"agent"', 'agent'],
    ['hyphenated word is a phrase', 'vision-language', '"vision language"'],
    ['OR', 'diffusion OR flow', 'diffusion OR flow'],
    ['| is OR', 'diffusion|flow', 'diffusion OR flow'],
    ['lower-case or is a word', 'diffusion or flow', 'diffusion or flow'],
    ['AND binds tighter than OR', 'a b OR c', 'a b OR c'],
    ['parentheses override precedence', '(a OR b) c', '(a OR b) c'],
    ['redundant parentheses go', '((a b)) OR (c)', 'a b OR c'],
    ['nested AND/OR flatten', 'a OR (b OR c)', 'a OR b OR c'],
    ['-exclusion', 'diffusion -video', 'diffusion -video'],
    ['NOT is -', 'diffusion NOT video', 'diffusion -video'],
    ['NOT binds tighter than AND', 'NOT a b', '-a b'],
    ['excluding a group', 'agent -(survey OR benchmark)', 'agent -(survey OR benchmark)'],
    ['double negation cancels', 'a NOT -b', 'a b'],
    ['a field on a word', 'Title:Diffusion', 'title:diffusion'],
    ['a field on a phrase', 'title:"world model"', 'title:"world model"'],
    ['a field on a smart-quoted phrase', 'author:“Yann LeCun”', 'author:"yann lecun"'],
    ['every field', 'abstract:a keyword:b org:c author:d', 'abstract:a keyword:b org:c author:d'],
    ['excluded field term', 'agent -author:smith', 'agent -author:smith'],
    ['upvotes >=', 'agent upvotes>=20', 'agent upvotes>=20'],
    ['upvotes ≥', 'agent upvotes≥20', 'agent upvotes>=20'],
    ['upvotes other comparisons', 'a upvotes>1 upvotes<=9 upvotes<5 upvotes=3', 'a upvotes>1 upvotes<=9 upvotes<5 upvotes=3'],
    ['full-width operators and letters', '（ａ ｜ ｂ） －ｃ', '(a OR b) -c'],
    ['text with a colon that is not a field', '3:1 ratio', '"3 1" ratio'],
    ['an exclusion may sit inside an OR branch', 'a OR b -c', 'a OR b -c'],
    ['an unanchored OR is fine inside an anchored AND', 'x (a OR -b) OR y', 'x (a OR -b) OR y'],
  ])('%s: %j → %s', (_case, input, canonical) => {
    expect(formatQuery(parseQuery(input))).toBe(canonical);
  });

  it('builds a tree with folded keys and positions', () => {
    expect(parseQuery('title:"World Models" OR -LLMs agents')).toEqual({
      type: 'or',
      pos: 0,
      operands: [
        { type: 'term', field: 'title', words: ['world', 'models'], keys: ['world', 'model'], pos: 0 },
        {
          type: 'and',
          pos: 24,
          operands: [
            { type: 'not', pos: 24, operand: { type: 'term', field: null, words: ['llms'], keys: ['llm'], pos: 25 } },
            { type: 'term', field: null, words: ['agents'], keys: ['agent'], pos: 30 },
          ],
        },
      ],
    });
  });

  it.each([
    ['agent upvotes>=20 -survey'],
    ['(a OR "b c") -(d OR title:e) upvotes<3'],
    ['author:"yann lecun" OR org:meta keyword:rl'],
  ])('formatQuery output parses back to the same query: %s', (input) => {
    const once = formatQuery(parseQuery(input));
    expect(formatQuery(parseQuery(once))).toBe(once);
  });
});

describe('parseQuery: errors say what was expected and where', () => {
  it.each([
    ['(diffusion video', 'Expected ")" at position 16 to close "(" at position 0', 16],
    ['(a (b c) d', 'Expected ")" at position 10 to close "(" at position 0', 10],
    ['a b)', 'Unexpected ")" at position 3', 3],
    ['ab "world model', 'Unclosed quote starting at position 3', 3],
    ['titel:diffusion', 'Unknown field "titel:" at position 0 (fields: title, abstract, author, keyword, org; scope: source, cat, revisions)', 0],
    ['a upvotes:5', 'Unknown field "upvotes:" at position 2 (fields: title, abstract, author, keyword, org; scope: source, cat, revisions)', 2],
    ['title: diffusion', 'Expected a word or "quoted phrase" after "title:" at position 6', 6],
    ['a title:', 'Expected a word or "quoted phrase" after "title:" at position 8', 8],
    ['a upvotes>=', 'Expected a number after "upvotes>=" at position 11', 11],
    ['a upvotes>=2x', 'Expected a number after "upvotes>=" at position 11', 11],
    ['a upvotes<9999999999', 'Expected a number after "upvotes<" at position 10', 10],
    ['OR a', 'Expected a term at position 0, found "OR"', 0],
    ['a OR', 'Expected a term after "OR" at position 4, found the end of the query', 4],
    ['a | | b', 'Expected a term after "|" at position 4, found "|"', 4],
    ['a AND OR b', 'Expected a term after "AND" at position 6, found "OR"', 6],
    ['a - b', 'Expected a term right after "-" at position 3, found a space', 3],
    ['a -', 'Expected a term after "-" at position 3, found the end of the query', 3],
    ['a NOT', 'Expected a term after "NOT" at position 5, found the end of the query', 5],
    ['a ()', 'Expected a term after "(" at position 3, found ")"', 3],
    ['a ***', 'Nothing to match in "***" at position 2: a term needs letters or digits', 2],
    ['a ""', 'Nothing to match in "" at position 2: a phrase needs letters or digits', 2],
    ['', 'Nothing to match: a query needs at least one positive term (exclusions and upvotes filters only narrow it)', 0],
    ['   ', 'Nothing to match: a query needs at least one positive term (exclusions and upvotes filters only narrow it)', 0],
    ['-survey', 'Nothing to match: a query needs at least one positive term (exclusions and upvotes filters only narrow it)', 0],
    ['-a -b NOT c', 'Nothing to match: a query needs at least one positive term (exclusions and upvotes filters only narrow it)', 0],
    ['upvotes>=20', 'Nothing to match: a query needs at least one positive term (exclusions and upvotes filters only narrow it)', 0],
    ['-(a b)', 'Nothing to match: a query needs at least one positive term (exclusions and upvotes filters only narrow it)', 0],
    ['agent OR -survey', 'Nothing to match in the alternative at position 9: each side of OR needs a positive term', 9],
    ['agent OR upvotes>=50', 'Nothing to match in the alternative at position 9: each side of OR needs a positive term', 9],
    ['x OR (-b (a OR -c))', 'Nothing to match in the alternative at position 15: each side of OR needs a positive term', 15],
  ] as Array<[string, string, number]>)('%j → %s', (input, message, position) => {
    const error = catchError(() => parseQuery(input));
    expect(error).toBeInstanceOf(QueryError);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ message, position });
  });

  it(`rejects queries longer than MAX_QUERY_LENGTH (${MAX_QUERY_LENGTH}) characters`, () => {
    expect(() => parseQuery('a'.repeat(MAX_QUERY_LENGTH))).not.toThrow();
    const error = catchError(() => parseQuery('a '.repeat(151)));
    expect(error).toMatchObject({ message: 'Query is too long: 302 characters (at most 300)', position: 300 });
  });
});

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}
