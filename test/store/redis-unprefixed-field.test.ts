import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openTestStore } from '../helpers/backends.ts';
import type { Store } from '../../src/store/store.ts';

const url = process.env.REDIS_URL;
if (!url) console.warn('\n!!! SKIPPED: Redis unprefixed-field suite — REDIS_URL is not set. !!!\n');
const Item = z.object({ n: z.number() });

/**
 * A field written by hand (or by another tool) without paperboy's `expiresAt|` prefix: its expiry is unknown, so the
 * backend treats it as expired (docs/decisions/081): reads skip it, add/acquire replace it, purge deletes it.
 */
describe.skipIf(!url)('a Redis field without its expiry prefix', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  /** A fresh store with field `k` of namespace `ns` written by hand as `value`. */
  async function withHandWrittenField(ns: string, value: string): Promise<Store> {
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    store = await openTestStore(url!, prefix);
    const raw = await createClient({ url }).connect();
    await raw.hSet(`paperboy:${prefix}${ns}`, 'k', value);
    await raw.quit();
    return store;
  }

  it('is replaced by add instead of failing it for good, and is never read as a value', async () => {
    const items = (await withHandWrittenField('items', JSON.stringify({ value: { n: 7 } }))).collection('items', Item);
    expect(await items.get('k')).toBeUndefined();
    expect(await items.add('k', { n: 1 }, 60_000)).toBe(true);
    expect(await items.get('k')).toEqual({ n: 1 });
    expect(await items.add('k', { n: 2 })).toBe(false);
  });

  it('does not block a lease', async () => {
    const s = await withHandWrittenField('lease', '5|someone');
    expect(await s.leases('lease').acquire('k', 'A', 60_000)).toBeDefined();
  });

  it('is deleted by purge', async () => {
    const s = await withHandWrittenField('items', 'no prefix at all');
    expect(await s.purgeExpired()).toBe(1);
  });
});
