import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { backendCases, openPeerStores } from '../helpers/backends.ts';
import type { Fence, Store } from '../../src/store/store.ts';

const Item = z.object({ n: z.number() });

/** Acquires `key` for `owner` once the current holder's lease has lapsed (by the store's clock). */
async function acquireWhenFree(store: Store, key: string, owner: string, ttlMs: number): Promise<Fence> {
  for (;;) {
    const fence = await store.leases('lease').acquire(key, owner, ttlMs);
    if (fence) return fence;
    await sleep(10);
  }
}

describe.each(backendCases())('fenced leases on $name', ({ name, url }) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await close?.();
    close = undefined;
  });
  const peers = async (count: number) => {
    const opened = await openPeerStores(url!, count);
    close = opened.close;
    return opened.stores;
  };

  it.skipIf(!url)('gives the lease to exactly one of 50 racing acquirers on 5 connections', async () => {
    const stores = await peers(5);
    const fences = await Promise.all(
      Array.from({ length: 50 }, (_, i) => stores[i % 5]!.leases('lease').acquire('sender', `owner-${i}`, 10_000)),
    );
    const winners = fences.filter((f): f is Fence => f !== undefined);
    expect(winners).toHaveLength(1);
    expect(await stores[0]!.leases('lease').remaining(winners[0]!)).toBeGreaterThan(0);
  });

  it.skipIf(!url)('returns the same fence to its holder, and a strictly larger token on every take-over', async () => {
    const [a, b] = await peers(2);
    const first = (await a!.leases('lease').acquire('k', 'A', 50))!;
    expect(first.token).toBeGreaterThan(0);
    expect((await a!.leases('lease').acquire('k', 'A', 50))?.token).toBe(first.token);
    const second = await acquireWhenFree(b!, 'k', 'B', 50);
    expect(second.token).toBeGreaterThan(first.token);
    const third = await acquireWhenFree(a!, 'k', 'C', 10_000);
    expect(third.token).toBeGreaterThan(second.token);
  });

  it.skipIf(!url)('refuses a stale fence in every fenced operation after a take-over, and honours the new one', async () => {
    const [a, b] = await peers(2);
    const stale = (await a!.leases('lease').acquire('k', 'A', 50))!;
    const items = a!.collection('items', Item);
    await items.set('doomed', { n: 0 });
    const fresh = await acquireWhenFree(b!, 'k', 'B', 10_000);

    expect(await a!.leases('lease').renew(stale, 10_000)).toBe(false);
    expect(await a!.leases('lease').remaining(stale)).toBe(0);
    expect(await a!.leases('lease').release(stale)).toBe(false);
    expect(await items.setIfHolds(stale, 'x', { n: 1 })).toBe(false);
    expect(await items.addIfHolds(stale, 'y', { n: 1 })).toBe('fenced');
    expect(await items.deleteIfHolds(stale, 'doomed')).toBe(false);
    expect(await items.get('x')).toBeUndefined();
    expect(await items.get('y')).toBeUndefined();
    expect(await items.get('doomed')).toEqual({ n: 0 });

    const theirs = b!.collection('items', Item);
    expect(await theirs.setIfHolds(fresh, 'x', { n: 2 })).toBe(true);
    expect(await theirs.addIfHolds(fresh, 'y', { n: 2 })).toBe('added');
    expect(await theirs.addIfHolds(fresh, 'y', { n: 3 })).toBe('exists');
    expect(await theirs.deleteIfHolds(fresh, 'doomed')).toBe(true);
    expect(await items.get('x')).toEqual({ n: 2 });
    expect(await items.get('y')).toEqual({ n: 2 });
    expect(await items.get('doomed')).toBeUndefined();
    expect(await b!.leases('lease').renew(fresh, 10_000)).toBe(true);
    expect(await b!.leases('lease').release(fresh)).toBe(true);
    expect(await b!.leases('lease').remaining(fresh)).toBe(0);
  });

  it.skipIf(!url)('counts the remaining time down from at most the time to live, and renew sets it again', async () => {
    const [store] = await peers(1);
    const leases = store!.leases('lease');
    const fence = (await leases.acquire('k', 'A', 10_000))!;
    const first = await leases.remaining(fence);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(10_000);
    await sleep(30);
    const later = await leases.remaining(fence);
    expect(later).toBeGreaterThan(0);
    expect(later).toBeLessThan(first);
    expect(await leases.renew(fence, 20_000)).toBe(true);
    const renewed = await leases.remaining(fence);
    expect(renewed).toBeGreaterThan(later);
    expect(renewed).toBeLessThanOrEqual(20_000);
  });

  // Memory and SQLite have no clock but the host's: a host clock that runs ahead IS the store clock running ahead.
  it.skipIf(!url || name === 'memory' || name === 'sqlite')(
    'judges expiry by the store clock: a host whose clock runs 5 s ahead takes over no live lease or key',
    async () => {
      const [a, b] = await peers(2);
      const held = (await a!.leases('lease').acquire('k', 'A', 3_000))!;
      await a!.collection('claims', Item).add('c', { n: 1 }, 3_000);
      const realNow = Date.now.bind(Date);
      vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 5_000);
      expect(await b!.leases('lease').acquire('k', 'B', 3_000)).toBeUndefined();
      expect(await b!.collection('claims', Item).add('c', { n: 2 }, 3_000)).toBe(false);
      expect(await b!.collection('claims', Item).get('c')).toEqual({ n: 1 });
      vi.restoreAllMocks();
      expect(await a!.leases('lease').remaining(held)).toBeGreaterThan(0);
    },
  );
});
