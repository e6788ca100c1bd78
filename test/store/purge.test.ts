import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { backendCases, openPeerStores, openStoresByPrefix } from '../helpers/backends.ts';
import type { Collection } from '../../src/store/store.ts';

const Item = z.object({ n: z.number() });
const KEYS = 2_000;
const CHUNK = 50;

/** Adds `key` with a long time to live as soon as its short-lived previous value has expired. */
async function addOnceExpired(c: Collection<{ n: number }>, key: string, n: number): Promise<void> {
  while (!(await c.add(key, { n }, 600_000))) await sleep(1);
}

describe.each(backendCases())('purgeExpired on $name', ({ url }) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it.skipIf(!url)('loses none of 2,000 keys added again while purges run in parallel on two connections', async () => {
    const opened = await openPeerStores(url!, 3);
    close = opened.close;
    const [writer, ...purgers] = opened.stores;
    const c = writer!.collection('claims', Item);
    let writing = true;
    const purges = purgers.map(async (purger) => {
      let runs = 0;
      while (writing) {
        await purger.purgeExpired();
        runs++;
        await new Promise(setImmediate); // memory and SQLite answer synchronously: let the writer run

      }
      return runs;
    });
    // Each chunk is written short-lived, and added again (long-lived) once that has expired, while the purges run:
    // a purge that saw the short-lived value expired must not delete the long-lived one written since.
    for (let start = 0; start < KEYS; start += CHUNK) {
      const keys = Array.from({ length: CHUNK }, (_, i) => `k${start + i}`);
      await Promise.all(keys.map((k) => c.set(k, { n: -1 }, 2)));
      await Promise.all(keys.map((k, i) => addOnceExpired(c, k, start + i)));
    }
    writing = false;
    const runs = await Promise.all(purges);
    expect(Math.min(...runs)).toBeGreaterThan(0);

    const live = new Map<string, number>();
    for await (const [k, v] of c.entries()) live.set(k, v.n);
    const lost = Array.from({ length: KEYS }, (_, i) => `k${i}`).filter((k) => live.get(k) !== Number(k.slice(1)));
    expect(lost).toEqual([]);
  });

  it.skipIf(!url)('deletes only under its own prefix, with wildcard characters taken literally', async () => {
    const run = `t${randomUUID().slice(0, 8)}`;
    // Every prefix below would match the victim's "axyz:" if it were a LIKE or glob pattern, or compared ignoring case.
    const others = ['a_', 'a%', 'a*', 'a?', 'a[x]', 'a\\', 'A', 'b:'];
    const opened = await openStoresByPrefix(url!, [`${run}axyz:`, ...others.map((p) => `${run}${p}`)]);
    close = opened.close;
    const [victim, ...purgers] = opened.stores;
    for (const store of opened.stores) await store.collection('claims', Item).set('short', { n: 1 }, 1);
    await sleep(20);
    for (const purger of purgers) expect(await purger.purgeExpired()).toBe(1);
    expect(await victim!.purgeExpired()).toBe(1);
  });
});
