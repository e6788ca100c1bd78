import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { batchKey, eventKey, headsNamespace, journalHeadSchema, journalNamespace, voteValueSchema, votesNamespace } from '../../src/votes/keys.ts';
import type { VotesOptions } from '../../src/votes/votes.ts';
import { backendCases, openPeerStores } from '../helpers/backends.ts';
import { settle, waitFor } from '../helpers/wait.ts';
import { add, at, nets, remove, votesOn, where } from './helpers.ts';

/**
 * The vote journal (docs/decisions/096): instance A reads instance B's votes from B's journal batches, and rebuilds
 * from the vote keys when it cannot (a batch expired or missing, B's head vanished, too many batches behind). A vote
 * key stored *without* being journaled (as by a writer that died right after storing it) is visible only to a rebuild,
 * which is how these tests tell a catch-up from a rebuild.
 */
describe.each(backendCases())('vote journal on $name', ({ url }) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function twoInstances(a: Partial<VotesOptions> = {}, b: Partial<VotesOptions> = {}) {
    const peers = await openPeerStores(url!, 2);
    close = peers.close;
    const [storeA, storeB] = peers.stores as [Store, Store];
    const A = votesOn(storeA, a);
    const B = votesOn(storeB, b);
    await A.posts.record(where(), 'single-P', ['P'], 'single');
    await A.posts.record(where(), 'single-X', ['X'], 'single');
    const unjournaled = (user: string) =>
      storeB.collection(votesNamespace('g1'), voteValueSchema).set(
        eventKey({ paperId: 'X', userId: user, channel: 'c1', messageId: 'single-X', emoji: 'up', at: at(1).getTime(), added: true }),
        { value: 1, at: at(1).getTime() },
      );
    const journal = storeB.collection(journalNamespace('g1'), z.unknown());
    const heads = storeB.collection(headsNamespace('g1'), journalHeadSchema);
    return { A: A.votes, B: B.votes, unjournaled, journal, heads };
  }

  it.skipIf(!url)("applies another instance's votes and un-votes from its journal, without rescanning", async () => {
    const { A, B, unjournaled } = await twoInstances();
    expect(await nets(A, ['P', 'X'])).toEqual({});
    await unjournaled('ghost');
    await B.handle(add('single-P', 'u1', 'up', 2));
    await B.handle(add('single-P', 'u2', 'down', 3));
    expect(await nets(A, ['P', 'X'])).toEqual({});
    expect((await A.top('g1', 'week', at(60), 5)).map((r) => [r.paperId, r.up, r.down])).toEqual([['P', 1, 1]]);
    await Promise.all([B.handle(remove('single-P', 'u2', 'down', 4)), B.handle(add('single-P', 'u3', 'up', 5))]);
    expect(await nets(A, ['P', 'X'])).toEqual({ P: 2 });
    expect((await A.top('g1', 'week', at(60), 5)).map((r) => [r.paperId, r.up, r.down])).toEqual([['P', 2, 0]]);
    await A.rebuild('g1');
    expect(await nets(A, ['P', 'X'])).toEqual({ P: 2, X: 1 });
  });

  it.skipIf(!url)('rebuilds when a batch it has not applied is missing', async () => {
    const { A, B, unjournaled, journal, heads } = await twoInstances();
    expect(await nets(A, ['P', 'X'])).toEqual({});
    await B.handle(add('single-P', 'u1', 'up', 2));
    expect(await nets(A, ['P', 'X'])).toEqual({ P: 1 });
    await unjournaled('ghost');
    await B.handle(add('single-P', 'u2', 'up', 3));
    await B.handle(add('single-P', 'u3', 'up', 4));
    const [instance, head] = [...(await entriesOf(heads))][0]!;
    expect(head.seq).toBe(3);
    expect(await journal.delete(batchKey(instance, 2))).toBe(true);
    expect(await nets(A, ['P', 'X'])).toEqual({ P: 3, X: 1 });
    await B.handle(add('single-P', 'u4', 'up', 5));
    expect(await nets(A, ['P', 'X'])).toEqual({ P: 4, X: 1 });
  });

  it.skipIf(!url)("rebuilds when the batches it needs expired (by the store's clock)", async () => {
    const short = { journal: { batchTtlMs: 300 } };
    const { A, B, unjournaled } = await twoInstances(short, short);
    expect(await nets(A, ['P', 'X'])).toEqual({});
    await unjournaled('ghost');
    await B.handle(add('single-P', 'u1', 'up', 2));
    await settle(700);
    expect(await nets(A, ['P', 'X'])).toEqual({ P: 1, X: 1 });
  });

  it.skipIf(!url)("rebuilds when an instance's head it had applied vanished", async () => {
    const { A, B, unjournaled, heads } = await twoInstances();
    expect(await nets(A, ['P', 'X'])).toEqual({});
    await B.handle(add('single-P', 'u1', 'up', 2));
    expect(await nets(A, ['P', 'X'])).toEqual({ P: 1 });
    await unjournaled('ghost');
    expect(await nets(A, ['P', 'X'])).toEqual({ P: 1 });
    const [instance] = [...(await entriesOf(heads)).keys()];
    if (!instance) throw new Error('no head published');
    expect(await heads.delete(instance)).toBe(true);
    expect(await nets(A, ['P', 'X'])).toEqual({ P: 1, X: 1 });
  });

  it.skipIf(!url)('catches up through up to `maxBehind` batches and rebuilds beyond', async () => {
    const { A, B, unjournaled } = await twoInstances({ journal: { maxBehind: 3 } });
    expect(await nets(A, ['P', 'X'])).toEqual({});
    await unjournaled('ghost');
    for (let i = 0; i < 3; i++) await B.handle(add('single-P', `u${i}`, 'up', 2));
    expect(await nets(A, ['P', 'X'])).toEqual({ P: 3 });
    for (let i = 3; i < 7; i++) await B.handle(add('single-P', `u${i}`, 'up', 2));
    expect(await nets(A, ['P', 'X'])).toEqual({ P: 7, X: 1 });
  });

  it.skipIf(!url)('rebuilds a tally older than maxCacheAgeMs in the background', async () => {
    const { A, B, unjournaled } = await twoInstances({ maxCacheAgeMs: 200 });
    expect(await nets(A, ['P', 'X'])).toEqual({});
    await unjournaled('ghost');
    await B.handle(add('single-P', 'u1', 'up', 2));
    expect(await nets(A, ['P', 'X'])).toEqual({ P: 1 });
    await settle(300);
    await waitFor(async () => (await nets(A, ['P', 'X'])).X === 1, 'the safety-net rebuild');
    expect(await nets(A, ['P', 'X'])).toEqual({ P: 1, X: 1 });
  });
});

async function entriesOf<T>(c: { entries(): AsyncIterable<[string, T]> }): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  for await (const [k, v] of c.entries()) out.set(k, v);
  return out;
}
