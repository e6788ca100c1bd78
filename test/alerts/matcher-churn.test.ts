/**
 * The matcher reuses term and word ids as subscriptions come and go. Long churn on real
 * papers must never leave a stale memo or posting behind: answers stay equal to naive.
 */
import { describe, expect, it } from 'vitest';
import { createMatcher } from '../../src/alerts/matcher.ts';
import { naiveMatch } from '../../src/alerts/naive.ts';
import { parseQuery } from '../../src/alerts/query.ts';
import type { Subscription } from '../../src/alerts/subscription.ts';
import { allFixturePapers } from '../helpers/fixture-papers.ts';
import { lcg, randomQueries } from './random-queries.ts';

describe('createMatcher under churn (real papers)', () => {
  const papers = allFixturePapers();
  const rand = lcg(7);
  const query = randomQueries(papers, rand);

  it('answers like naive after many rounds of adds and removes', () => {
    const matcher = createMatcher();
    let live: Subscription[] = [];
    let next = 0;
    const sample = papers.filter((_, i) => i % 7 === 0);
    let compared = 0;
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 300; i++) {
        const sub = { id: `s${next++}`, query: parseQuery(query()) };
        matcher.add(sub);
        live.push(sub);
      }
      const gone = new Set(live.filter(() => rand() < 0.6).map((s) => s.id));
      for (const id of gone) expect(matcher.remove(id)).toBe(true);
      live = live.filter((s) => !gone.has(s.id));
      // Odd rounds one paper at a time, even rounds in batches (papers of a batch share term data).
      const answers = round % 2 ? sample.map((p) => matcher.match(p)) : matcher.matchMany(sample).map((r) => r.matches);
      sample.forEach((p, i) => {
        const expected = naiveMatch(live, p);
        expect(answers[i]).toEqual(expected);
        compared += expected.length;
      });
    }
    expect(matcher.size).toBe(live.length);
    expect(compared).toBeGreaterThan(50); // the queries do match real papers, so the comparison means something
  });
});
