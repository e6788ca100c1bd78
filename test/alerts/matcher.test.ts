import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/alerts/matcher.ts';
import { naiveMatch } from '../../src/alerts/naive.ts';
import { formatQuery, parseQuery } from '../../src/alerts/query.ts';
import type { QueryNode } from '../../src/alerts/query.ts';
import type { AlertScope } from '../../src/alerts/scope.ts';
import type { Subscription } from '../../src/alerts/subscription.ts';
import type { AnnounceType, Paper, PaperSource } from '../../src/model.ts';
import { paper } from './paper.ts';

const sub = (id: string, query: string): Subscription => ({ id, query: parseQuery(query) });

describe('createMatcher', () => {
  const papers = [
    paper({ id: '1', title: 'World Models for Agents', authors: ['Yann LeCun'], upvotes: 30 }),
    paper({ id: '2', title: 'Diffusion Policies', summary: 'Robots learn from video.', upvotes: 5 }),
  ];

  it.each([
    ['"world model"', ['1'], ['"world model" in title']],
    ['agent -diffusion', ['1'], ['"agent" in title']],
    ['author:lecun upvotes>=20', ['1'], ['author "Yann LeCun"', 'upvotes 30 ≥ 20']],
    ['diffusion OR agents', ['1', '2'], ['"agents" in title']],
    ['robot video', ['2'], ['"robot" in abstract', '"video" in abstract']],
    ['fragment', [], []],
  ])('%s matches papers %j', (query, ids, firstWhy) => {
    const matcher = createMatcher([sub('s', query)]);
    const results = matcher.matchMany(papers);
    expect(results.map((r) => r.paper.id)).toEqual(['1', '2']);
    expect(results.filter((r) => r.matches.length > 0).map((r) => r.paper.id)).toEqual(ids);
    expect(results.find((r) => r.matches.length > 0)?.matches[0]?.why ?? []).toEqual(firstWhy);
  });

  it('answers in the order subscriptions were added; re-adding an id replaces it and moves it last', () => {
    const matcher = createMatcher([sub('a', 'agent'), sub('b', 'world'), sub('c', 'diffusion')]);
    expect(matcher.match(papers[0]!).map((m) => m.subscriptionId)).toEqual(['a', 'b']);
    matcher.add(sub('a', 'models'));
    expect(matcher.size).toBe(3);
    expect(matcher.match(papers[0]!).map((m) => m.subscriptionId)).toEqual(['b', 'a']);
  });

  it('removes subscriptions incrementally', () => {
    const matcher = createMatcher([sub('a', 'agent'), sub('b', 'agent OR diffusion')]);
    expect(matcher.remove('a')).toBe(true);
    expect(matcher.remove('a')).toBe(false);
    expect(matcher.has('a')).toBe(false);
    expect(matcher.match(papers[0]!).map((m) => m.subscriptionId)).toEqual(['b']);
    matcher.remove('b');
    expect(matcher.size).toBe(0);
    expect(matcher.match(papers[0]!)).toEqual([]);
  });

  it('matches long phrases (terms of more than four words) exactly', () => {
    const gpt3 = paper({ id: '3', title: 'Language Models are Few-Shot Learners', summary: 'Large language models are few shot.' });
    const queries = [
      '"language models are few shot learners"',
      'title:"language models are few shot learners"',
      'abstract:"language models are few shot learners"',
      '"large language models are few shot"',
      '"language models are few shot teachers"',
    ];
    const subs = queries.map((q, i) => sub(`q${i}`, q));
    const answers = createMatcher(subs).match(gpt3);
    expect(answers).toEqual(naiveMatch(subs, gpt3));
    expect(answers.map((m) => m.subscriptionId)).toEqual(['q0', 'q1', 'q3']);
  });

  it('keeps the members of one query apart: removing one leaves the others, in order', () => {
    const matcher = createMatcher(['a', 'b', 'c', 'd'].map((id) => sub(id, 'agent')));
    const ids = () => matcher.match(papers[0]!).map((m) => m.subscriptionId);
    matcher.remove('a');
    expect(ids()).toEqual(['b', 'c', 'd']);
    matcher.remove('c');
    expect(ids()).toEqual(['b', 'd']);
    matcher.add(sub('a', 'agent'));
    matcher.remove('d');
    expect(ids()).toEqual(['b', 'a']);
  });

  it('tries a query without required terms (only buildable by hand) on every paper', () => {
    const agent = parseQuery('agent');
    const unanchored: QueryNode = { type: 'or', pos: 0, operands: [agent, { type: 'not', pos: 0, operand: agent }] };
    const matcher = createMatcher([{ id: 'x', query: unanchored }]);
    expect(matcher.matchMany(papers).map((r) => r.matches.length)).toEqual([1, 1]);
  });
});

// ---- Property: the index never changes the answer -------------------------------------------

const VOCAB = [
  'agent', 'Agents', 'model', 'models', 'world', 'diffusion', 'policy', 'policies', 'LLM', 'LLMs',
  'RAG', 'fragment', 'vision', 'language', 'naïve', 'naive', 'video', 'robot', 'yann', 'lecun', 'meta',
];
const word = fc.constantFrom(...VOCAB);
const words = (max: number) => fc.array(word, { minLength: 0, maxLength: max });
const sep = fc.constantFrom(' ', ' ', '-', ', ', ': ');
const sentence = (max: number) =>
  fc.tuple(words(max), sep).map(([ws, s]) => ws.join(s));

const paperArb: fc.Arbitrary<Paper> = fc
  .record({
    title: sentence(6),
    summary: sentence(14),
    aiSummary: fc.option(sentence(5), { nil: undefined }),
    keywords: fc.array(sentence(3), { maxLength: 3 }),
    authors: fc.array(sentence(2), { maxLength: 3 }),
    organization: fc.option(word, { nil: undefined }),
    upvotes: fc.nat(60),
    // Where it was seen: absent (HF, as stored before arXiv), or any mix with arXiv's categories and announce type.
    sighting: fc.option(
      fc.record({
        seenOn: fc.constantFrom<PaperSource[]>(['hf'], ['arxiv'], ['arxiv', 'hf']),
        categories: fc.option(fc.subarray(['cs.CL', 'cs.LG', 'cs.CV', 'stat.ML', 'math.OC'], { minLength: 1 }), { nil: undefined }),
        announceType: fc.option(fc.constantFrom<AnnounceType>('new', 'cross', 'replace', 'replace-cross'), { nil: undefined }),
      }),
      { nil: undefined },
    ),
  })
  .map(({ sighting, ...f }) => {
    const extra = sighting && Object.fromEntries(Object.entries(sighting).filter(([, v]) => v !== undefined));
    return paper({ ...f, ...extra });
  });

/** A subscription's scope, often absent (the HF default). */
const scopeArb: fc.Arbitrary<AlertScope | undefined> = fc.option(
  fc.record({
    source: fc.constantFrom<AlertScope['source']>('hf', 'arxiv', 'any'),
    categories: fc.subarray(['cs.CL', 'CS.lg', 'cs', 'stat', 'math.OC', 'q-bio.NC']),
    revisions: fc.boolean(),
  }),
  { nil: undefined, freq: 3 },
);
const scoped = (id: string, query: QueryNode, scope: AlertScope | undefined): Subscription => (scope ? { id, query, scope } : { id, query });

const termText = fc
  .tuple(
    fc.constantFrom('', '', '', 'title:', 'abstract:', 'keyword:', 'author:', 'org:'),
    fc.array(word, { minLength: 1, maxLength: 3 }),
    fc.constantFrom('"', '-'),
  )
  .map(([field, ws, style]) => (ws.length === 1 ? field + ws[0] : style === '"' ? `${field}"${ws.join(' ')}"` : field + ws.join('-')));

/** Random trees, including ones the parser would reject (they go to the always-candidate list). */
const queryArb: fc.Arbitrary<QueryNode> = fc.letrec<{ node: QueryNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    termText.map((t) => parseQuery(t)),
    fc.record({ op: fc.constantFrom('>=', '<', '=') as fc.Arbitrary<'>=' | '<' | '='>, value: fc.nat(60) }).map(
      ({ op, value }): QueryNode => ({ type: 'upvotes', op, value, pos: 0 }),
    ),
    tie('node').map((operand): QueryNode => ({ type: 'not', operand, pos: 0 })),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((operands): QueryNode => ({ type: 'and', operands, pos: 0 })),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((operands): QueryNode => ({ type: 'or', operands, pos: 0 })),
  ),
})).node;

const op = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), query: queryArb, scope: scopeArb }),
  fc.record({ kind: fc.constant('remove' as const), index: fc.nat() }),
  // Another subscription with the query of an existing one: groups with several members.
  fc.record({ kind: fc.constant('copy' as const), index: fc.nat() }),
);

describe('createMatcher ≡ naiveMatch (property)', () => {
  it('gives exactly the same subscriptions and reasons, before and after random adds and removes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(queryArb, scopeArb), { maxLength: 25 }),
        fc.array(op, { maxLength: 15 }),
        fc.array(paperArb, { minLength: 1, maxLength: 6 }),
        (initial, ops, papers) => {
          let next = 0;
          let model: Subscription[] = initial.map(([query, scope]) => scoped(`s${next++}`, query, scope));
          const matcher = createMatcher(model);
          const same = (): void => {
            for (const p of papers) expect(matcher.match(p)).toEqual(naiveMatch(model, p));
            expect(matcher.matchMany(papers).map((r) => r.matches)).toEqual(papers.map((p) => naiveMatch(model, p)));
          };
          same();
          for (const o of ops) {
            if (o.kind !== 'remove') {
              const copied = o.kind === 'copy' ? model[o.index % Math.max(1, model.length)] : undefined;
              const query = o.kind === 'add' ? o.query : copied?.query;
              if (query === undefined) continue;
              const s = scoped(`s${next++}`, query, o.kind === 'add' ? o.scope : copied?.scope);
              matcher.add(s);
              model.push(s);
            } else if (model.length > 0) {
              const victim = model[o.index % model.length]!;
              expect(matcher.remove(victim.id)).toBe(true);
              model = model.filter((s) => s !== victim);
            }
          }
          same();
          expect(matcher.size).toBe(model.length);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('matches many papers at once (batches of 64 in two halves, and their remainder) exactly like naive', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(queryArb, scopeArb), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 70 }).chain((n) => fc.array(paperArb, { minLength: n, maxLength: n })),
        (queries, papers) => {
        const model = queries.map(([query, scope], i) => scoped(`s${i}`, query, scope));
        const results = createMatcher(model).matchMany(papers);
        expect(results.map((r) => r.paper)).toEqual(papers);
        expect(results.map((r) => r.matches)).toEqual(papers.map((p) => naiveMatch(model, p)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('re-parsing formatQuery output never changes whether a query matches', () => {
    fc.assert(
      fc.property(queryArb, fc.array(paperArb, { minLength: 1, maxLength: 4 }), (query, papers) => {
        let reparsed: QueryNode;
        try {
          reparsed = parseQuery(formatQuery(query));
        } catch {
          return; // the parser rejects queries without required terms; hand-built trees may lack them
        }
        const subs = (q: QueryNode) => [{ id: 'q', query: q }];
        for (const p of papers) {
          expect(naiveMatch(subs(reparsed), p).length).toBe(naiveMatch(subs(query), p).length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
