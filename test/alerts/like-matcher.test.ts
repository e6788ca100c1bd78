import { describe, expect, it } from 'vitest';
import { createLikeMatcher } from '../../src/alerts/like-matcher.ts';
import { LIKE_PAPER_TERMS, LIKE_TERMS, LIKE_THRESHOLD, similarity, type LikeProfile } from '../../src/alerts/like-profile.ts';
import { formatLikeQuery, isLikeQuery, parseLikeQuery } from '../../src/alerts/like-query.ts';
import { QueryError } from '../../src/alerts/query.ts';
import { HF_SCOPE, type AlertScope } from '../../src/alerts/scope.ts';
import { createSearchIndex } from '../../src/archive/search-index.ts';
import { UserError } from '../../src/errors.ts';
import type { Paper } from '../../src/model.ts';
import { allFixturePapers } from '../helpers/fixture-papers.ts';
import { paper } from './paper.ts';

const followedPaper = paper({
  id: '2605.00001',
  title: 'Sparse mixture-of-experts routing for speech recognition',
  summary: 'We route audio frames to sparse experts; the router balances expert load and speech recognition accuracy improves on noisy audio.',
});
const close = paper({
  id: '2606.00002',
  title: 'Load-balanced expert routing in sparse mixture-of-experts speech models',
  summary: 'A router sends audio frames to sparse experts with balanced load, improving speech recognition on noisy audio.',
});
const unrelated = paper({ id: '2606.00003', title: 'Protein folding with graph transformers', summary: 'We predict protein structure with graph attention over residues.' });

function world() {
  const index = createSearchIndex();
  for (const p of [...allFixturePapers(), followedPaper, close, unrelated]) index.upsert(p);
  const termsOf = (p: Paper, max: number) => index.distinctiveTerms(p, max);
  const profile = (p: Paper): LikeProfile => ({ paperId: p.id, title: p.title, terms: termsOf(p, LIKE_TERMS) });
  return { termsOf, profile, matcher: createLikeMatcher(termsOf) };
}

const ARXIV: AlertScope = { source: 'arxiv', categories: [], revisions: false };

describe('like: matching', () => {
  it('alerts a close paper with "similar to <title>", not an unrelated one, nor the followed paper itself', () => {
    const { matcher, profile } = world();
    matcher.add('a1', profile(followedPaper), HF_SCOPE);
    const out = matcher.matchMany([followedPaper, close, unrelated]);
    expect(out.map((m) => m.paper.id)).toEqual([close.id]);
    expect(out[0]!.matches).toEqual([{ subscriptionId: 'a1', why: [`similar to ${followedPaper.title}`] }]);
  });

  it('every subscription following the paper is answered, within its own scope; a removed one no more', () => {
    const { matcher, profile } = world();
    matcher.add('a1', profile(followedPaper), HF_SCOPE);
    matcher.add('a2', profile(followedPaper), HF_SCOPE);
    matcher.add('a3', profile(followedPaper), ARXIV);
    expect(matcher.matchMany([close])[0]!.matches.map((m) => m.subscriptionId)).toEqual(['a1', 'a2']);
    expect(matcher.matchMany([{ ...close, seenOn: ['arxiv'], announceType: 'new' }])[0]!.matches.map((m) => m.subscriptionId)).toEqual(['a3']);
    expect(matcher.remove('a1')).toBe(true);
    expect(matcher.remove('a2')).toBe(true);
    expect(matcher.size).toBe(1);
    expect(matcher.matchMany([close])).toEqual([]);
  });

  it('answers exactly as comparing every followed paper with every paper (fixture papers)', () => {
    const { matcher, profile, termsOf } = world();
    const papers = allFixturePapers();
    const followed = papers.filter((_, i) => i % 7 === 0).map(profile);
    followed.forEach((f, i) => matcher.add(`s${i}`, f, HF_SCOPE));
    const got = matcher.matchMany(papers).flatMap((m) => m.matches.map((x) => `${m.paper.id}>${x.subscriptionId}`));
    const want = papers.flatMap((p) => {
      const terms = termsOf(p, LIKE_PAPER_TERMS);
      return followed.flatMap((f, i) => (f.paperId !== p.id && similarity(f.terms, terms) >= LIKE_THRESHOLD ? [`${p.id}>s${i}`] : []));
    });
    expect(want.length).toBeGreaterThan(0);
    expect(got.sort()).toEqual(want.sort());
  });

  it('tracks stored like: subscriptions only, and refuses a record whose profile is not its paper', () => {
    const { matcher, profile } = world();
    expect(matcher.track({ id: 'k1', query: 'diffusion source:any' })).toBe(false);
    expect(matcher.track({ id: 'l1', query: 'like:2605.00001 source:arxiv', like: profile(followedPaper) })).toBe(true);
    expect(() => matcher.track({ id: 'l2', query: 'like:2605.00009', like: profile(followedPaper) })).toThrow(QueryError);
    expect(matcher.matchMany([close])).toEqual([]); // HF-only paper, arXiv scope
  });
});

describe('like: query text', () => {
  it('takes an id or a link and scope terms, and stores a canonical form that parses back', () => {
    expect(isLikeQuery(' like:2605.00001')).toBe(true);
    expect(isLikeQuery('likes diffusion')).toBe(false);
    const q = parseLikeQuery('like:https://huggingface.co/papers/2605.00001 cat:cs.CL', 'any');
    expect(q).toMatchObject({ paperId: '2605.00001', explicit: true, scope: { source: 'arxiv', categories: ['cs.CL'] } });
    expect(formatLikeQuery(q)).toBe('like:2605.00001 cat:cs.CL');
    const d = parseLikeQuery('like:arxiv.org/abs/2605.00001v2', 'any');
    expect(formatLikeQuery(d)).toBe('like:2605.00001 source:any');
    expect(parseLikeQuery(formatLikeQuery(d))).toEqual({ ...d, explicit: true });
  });

  it('refuses a bad id, a missing one, and words after the paper', () => {
    expect(() => parseLikeQuery('like:12345')).toThrow(UserError);
    expect(() => parseLikeQuery('like:')).toThrow(/needs a paper/);
    expect(() => parseLikeQuery('like:2605.00001 diffusion')).toThrow(/separate subscription/);
  });
});
