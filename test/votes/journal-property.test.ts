import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { journalNamespace } from '../../src/votes/keys.ts';
import type { Votes } from '../../src/votes/votes.ts';
import { backendCases, openPeerStores } from '../helpers/backends.ts';
import { at, nets, votesOn, where } from './helpers.ts';

/**
 * Votes and un-votes from two instances (A, B), interleaved with catch-ups by them and by a third instance (C) that only
 * reads, sometimes racing one another, sometimes after a journal batch was lost. After every step, the cached tallies
 * of A and B (and C's, when it read) equal a full rebuild from the vote keys: the same nets and the same `top`.
 */
const vote = fc.record({
  by: fc.constantFrom(0, 1),
  msg: fc.constantFrom('d', 'sA', 'sB'),
  user: fc.constantFrom('u1', 'u2', 'u3'),
  slot: fc.nat(3),
  added: fc.boolean(),
  at: fc.nat(20),
});
type Vote = typeof vote extends fc.Arbitrary<infer V> ? V : never;
type Step = { kind: 'votes'; votes: Vote[]; racing: boolean } | { kind: 'read'; reader: number } | { kind: 'lose'; pick: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('votes' as const), votes: fc.array(vote, { minLength: 1, maxLength: 6 }), racing: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('read' as const), reader: fc.constantFrom(0, 1, 2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lose' as const), pick: fc.nat() }) },
);
const emojiFor = (v: Vote) => (v.msg === 'd' ? String(1 + (v.slot % 3)) : v.slot % 2 ? 'down' : 'up');
const PAPERS = ['A', 'B', 'C'];
const RUNS: Record<string, number> = { memory: 120, sqlite: 25, redis: 25, postgres: 15 };

describe.each(backendCases())('cached tallies of two voting instances on $name', ({ name, url }) => {
  let stores: Store[] = [];
  let close = async () => {};
  beforeAll(async () => {
    if (!url) return;
    ({ stores, close } = await openPeerStores(url, 4));
  });
  afterAll(() => close());
  let run = 0;

  it.skipIf(!url)('equal a full rebuild after every step', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), async (steps) => {
        const community = `prop${++run}`;
        const [a, b, c, full] = stores.map((s, i) => votesOn(s, i === 3 ? { cache: false } : {}));
        const instances = [a!.votes, b!.votes, c!.votes];
        const here = where(community);
        await Promise.all(['d', 'sA', 'sB'].map((m) => full!.posts.record(here, m, m === 'd' ? PAPERS : [m.slice(1)], m === 'd' ? 'digest' : 'single')));
        const view = async (v: Votes) => ({ nets: await nets(v, PAPERS, community), top: await v.top(community, 'month', at(60), 10) });
        const cast = (v: Vote) =>
          instances[v.by]!.handle({ where: here, messageId: v.msg, userId: v.user, emoji: emojiFor(v), added: v.added, at: at(v.at) });
        await Promise.all(instances.map((v) => view(v)));

        for (const s of steps) {
          if (s.kind === 'votes' && s.racing) await Promise.all([...s.votes.map(cast), ...instances.map((v) => view(v))]);
          else if (s.kind === 'votes') for (const v of s.votes) await cast(v);
          else if (s.kind === 'read') await view(instances[s.reader]!);
          else {
            const journal = stores[3]!.collection(journalNamespace(community), z.unknown());
            const keys: string[] = [];
            for await (const [k] of journal.entries()) keys.push(k);
            if (keys.length) await journal.delete(keys.sort()[s.pick % keys.length]!);
          }
          const truth = await view(full!.votes);
          const compared = s.kind === 'read' && s.reader === 2 ? instances : instances.slice(0, 2);
          for (const v of compared) expect(await view(v)).toEqual(truth);
        }
        expect(await view(instances[2]!)).toEqual(await view(full!.votes));
      }),
      { numRuns: RUNS[name] ?? 10 },
    );
  }, 120_000);
});
