import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAlertEngine } from '../../src/alerts/alert-engine.ts';
import { createSubscriptionStore } from '../../src/alerts/subscriptions.ts';
import { formatQuery, parseQuery } from '../../src/alerts/query.ts';
import { silentLogger } from '../../src/log.ts';
import type { Destination } from '../../src/model.ts';
import type { Store } from '../../src/store/store.ts';
import { backendCases, openTestStore } from '../helpers/backends.ts';

const Item = z.object({ n: z.number() });
/** More than two of the SQLite and PostgreSQL backends' pages (1,000 rows), not a multiple of one. */
const KEYS = 2_345;
/** More than one page; each takes several store round trips to make. */
const SUBSCRIPTIONS = 1_050;

describe.each(backendCases())('listing a large namespace on $name', ({ url }) => {
  let stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    stores = [];
  });

  it.skipIf(!url)('entries and keys yield every live key exactly once across pages, the empty key and expired ones between them included', async () => {
    const store = await openTestStore(url!);
    stores.push(store);
    const c = store.collection('big', Item);
    // Keys whose order differs between numbers and text, an empty key, and short-lived ones spread among them.
    const keys = ['', ...Array.from({ length: KEYS }, (_, i) => `k${i}`)];
    for (let from = 0; from < keys.length; from += 100) {
      await Promise.all(keys.slice(from, from + 100).map((k, j) => c.set(k, { n: from + j }, (from + j) % 97 === 5 ? 1 : undefined)));
    }
    await new Promise((r) => setTimeout(r, 20));
    const seen = new Map<string, number>();
    for await (const [k, v] of c.entries()) {
      expect(seen.has(k)).toBe(false);
      seen.set(k, v.n);
    }
    const live = keys.filter((_, i) => i % 97 !== 5);
    expect(seen.size).toBe(live.length);
    for (const k of live) expect(seen.get(k)).toBe(keys.indexOf(k));
    const listed: string[] = [];
    for await (const k of c.keys()) listed.push(k);
    expect(listed.length).toBe(live.length);
    expect(new Set(listed)).toEqual(new Set(live));
  });

  it.skipIf(!url)('a restarted alert engine loads every one of thousands of subscriptions, with owners as stored', async () => {
    const store = await openTestStore(url!);
    stores.push(store);
    const subscriptions = createSubscriptionStore(store);
    const place = (i: number): Destination => ({ platform: i % 2 ? 'slack' : 'discord', community: `g${i % 7}`, channel: `c${i % 300}` });
    const made = new Map<string, Destination>();
    // One person subscribing from two channels keeps the channel of each subscription.
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      const owner = i % 3 ? place(i) : { ...place(i), user: `u${i % 50}` };
      const query = `topic${i} OR "word ${i % 40}"`;
      const out = await subscriptions.create({ owner, query, canonical: formatQuery(parseQuery(query)), createdBy: 'u', now: new Date() });
      if (out.status === 'created') made.set(out.sub.id, out.sub.owner);
    }
    expect(made.size).toBeGreaterThan(1_000);
    const engine = createAlertEngine({
      store, subscriptions, papers: {} as never, queue: { enqueue: async () => undefined } as never, health: {} as never,
      log: silentLogger(), pollMs: 60_000, dailyCap: 10,
    });
    await engine.resync();
    expect(engine.size).toBe(made.size);
    const listed = new Map<string, Destination>();
    for await (const sub of subscriptions.all()) listed.set(sub.id, sub.owner);
    expect(listed).toEqual(made);
  }, 150_000);
});
