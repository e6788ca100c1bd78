import { describe, expect, it } from 'vitest';
import { QueryError, formatAlertQuery, formatQuery, parseAlertQuery, parseQuery } from '../../src/alerts/query.ts';
import { admits, sourceLine, type AlertScope } from '../../src/alerts/scope.ts';
import type { Paper } from '../../src/model.ts';
import { paper } from './paper.ts';

const scopeOf = (input: string, defaultSource: AlertScope['source'] = 'hf') => parseAlertQuery(input, { defaultSource }).scope;

describe('scope terms in the query language', () => {
  it.each([
    ['diffusion', 'hf', { source: 'hf', categories: [], revisions: false }, false],
    ['diffusion', 'any', { source: 'any', categories: [], revisions: false }, false],
    ['diffusion source:arxiv', 'hf', { source: 'arxiv', categories: [], revisions: false }, true],
    ['source:ANY diffusion', 'hf', { source: 'any', categories: [], revisions: false }, true],
    ['diffusion cat:cs.CL', 'any', { source: 'arxiv', categories: ['cs.CL'], revisions: false }, true],
    ['cat:cs.CL,cs.LG diffusion cat:cs.cl', 'hf', { source: 'arxiv', categories: ['cs.CL', 'cs.LG'], revisions: false }, true],
    ['diffusion source:any cat:cs', 'hf', { source: 'any', categories: ['cs'], revisions: false }, true],
    ['diffusion revisions:yes', 'any', { source: 'any', categories: [], revisions: true }, false],
    ['diffusion AND source:arxiv AND video', 'hf', { source: 'arxiv', categories: [], revisions: false }, true],
  ] as const)('%j (default %s) → %j', (input, def, scope, explicit) => {
    const parsed = parseAlertQuery(input, { defaultSource: def });
    expect(parsed.scope).toEqual(scope);
    expect(parsed.explicit).toBe(explicit);
  });

  it('leaves the rest of the query as it would parse alone', () => {
    expect(formatQuery(parseAlertQuery('source:arxiv title:RAG AND -survey cat:cs.CL').query)).toBe(formatQuery(parseQuery('title:RAG -survey')));
    expect(formatQuery(parseAlertQuery('(agents OR robots) source:any').query)).toBe('agents OR robots');
  });

  it.each([
    ['(a source:arxiv) b', 'inside parentheses', 3],
    ['a OR b source:arxiv', 'one side of OR', 7],
    ['a -source:hf', 'negated', 3],
    ['a source:web', 'Unknown source "web" at position 9 (sources: hf, arxiv, any)', 9],
    ['a source:hf source:arxiv', 'Two sources', 12],
    ['a cat:cs.CL,,cs.LG', '"" at position 12 is not an arXiv category', 12],
    ['a cat:cs.CL,c$ LG', 'is not an arXiv category', 12],
    ['a source:hf cat:cs.CL', 'needs arXiv', 12],
    ['a source:hf revisions:yes', 'leaves arXiv out', 12],
    ['a revisions:maybe', 'revisions:yes or revisions:no', 12],
    ['a source:', 'Expected a value after "source:" at position 9', 9],
    ['source:arxiv cat:cs.CL', 'Nothing to match', 0],
  ] as const)('%j is refused: %s', (input, message, position) => {
    let error: unknown;
    try {
      parseAlertQuery(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).message).toContain(message);
    expect((error as QueryError).position).toBe(position);
  });

  it('parseQuery (no scope allowed) refuses scope terms', () => {
    expect(() => parseQuery('a source:arxiv')).toThrow(QueryError);
  });

  it.each(['diffusion', 'a OR b', 'a source:arxiv', '(a OR b) source:any', 'x cat:cs.CL,stat', 'x source:any cat:cs revisions:yes', '(a OR b) cat:cs.LG'])(
    'formatAlertQuery of %j parses back to the same query and scope',
    (typed) => {
      const parsed = parseAlertQuery(typed);
      const text = formatAlertQuery(parsed);
      const again = parseAlertQuery(text);
      expect(again.scope).toEqual(parsed.scope);
      expect(formatQuery(again.query)).toBe(formatQuery(parsed.query));
    },
  );
});

describe('admits: which papers a scope takes', () => {
  const hfOnly = paper({ id: 'h' });
  const both = paper({ id: 'b', seenOn: ['arxiv', 'hf'], categories: ['cs.CL'], announceType: 'replace' });
  const arxivNew = paper({ id: 'n', seenOn: ['arxiv'], categories: ['cs.LG', 'stat.ML'], announceType: 'new' });
  const arxivRevision = paper({ id: 'r', seenOn: ['arxiv'], categories: ['cs.CL'], announceType: 'replace-cross' });
  const all: Paper[] = [hfOnly, both, arxivNew, arxivRevision];
  const ids = (input: string) => all.filter((p) => admits(scopeOf(input), p)).map((p) => p.id);

  it.each([
    ['a', ['h', 'b']],
    ['a source:arxiv', ['n']],
    ['a source:arxiv revisions:yes', ['b', 'n', 'r']],
    ['a source:any', ['h', 'b', 'n']],
    ['a cat:cs.CL', []],
    ['a cat:cs.CL revisions:yes', ['b', 'r']],
    ['a source:any cat:cs.CL', ['b']],
    ['a cat:cs', ['n']],
    ['a cat:stat.ml', ['n']],
    ['a cat:c', []],
  ] as const)('%j takes %j', (input, expected) => {
    expect(ids(input)).toEqual(expected);
  });

  it('says where a paper came from', () => {
    expect(sourceLine(hfOnly)).toBe('Hugging Face');
    expect(sourceLine(arxivNew)).toBe('arXiv cs.LG, stat.ML (new)');
    expect(sourceLine(both)).toBe('Hugging Face · arXiv cs.CL (revised)');
    expect(sourceLine(paper({ seenOn: ['arxiv'], categories: ['a.B', 'c.D', 'e.F', 'g.H'], announceType: 'cross' }))).toBe('arXiv a.B, c.D, e.F +1 (cross-list)');
  });
});
