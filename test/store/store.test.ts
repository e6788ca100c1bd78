import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { backendCases, openTestStore } from '../helpers/backends.ts';
import type { Store } from '../../src/store/store.ts';

const Item = z.object({ n: z.number(), tag: z.string() });

describe.each(backendCases())('store on $name', ({ url }) => {
  let store: Store;
  afterEach(async () => store?.close());

  it.skipIf(!url)('reads back what it wrote, and deletes it', async () => {
    store = await openTestStore(url!);
    const c = store.collection('items', Item);
    await c.set('a', { n: 1, tag: 'x' });
    expect(await c.get('a')).toEqual({ n: 1, tag: 'x' });
    expect(await c.delete('a')).toBe(true);
    expect(await c.get('a')).toBeUndefined();
  });

  it.skipIf(!url)('closes once however often close is called, at once or later', async () => {
    const own = await openTestStore(url!);
    await own.collection('items', Item).set('a', { n: 1, tag: 'x' });
    await expect(Promise.all([own.close(), own.close()])).resolves.toBeDefined();
    await expect(own.close()).resolves.toBeUndefined();
  });

  it.skipIf(!url)('keeps namespaces apart, even when one name prefixes another', async () => {
    store = await openTestStore(url!);
    const a = store.collection('votes:g1', Item);
    const b = store.collection('votes:g10', Item);
    await a.set('k', { n: 1, tag: 'a' });
    await b.set('k', { n: 2, tag: 'b' });
    const listed = [];
    for await (const e of a.entries()) listed.push(e);
    expect(listed).toEqual([['k', { n: 1, tag: 'a' }]]);
  });

  it.skipIf(!url)('add stores only once when many writers race for the same key', async () => {
    store = await openTestStore(url!);
    const c = store.collection('ledger', Item);
    const wins = await Promise.all(Array.from({ length: 50 }, (_, i) => c.add('once', { n: i, tag: 'w' })));
    expect(wins.filter(Boolean)).toHaveLength(1);
    const winner = wins.indexOf(true);
    expect(await c.get('once')).toEqual({ n: winner, tag: 'w' });
  });

  it.skipIf(!url)('loses no update when 300 writers each write their own key at once', async () => {
    store = await openTestStore(url!);
    const c = store.collection('many', Item);
    await Promise.all(Array.from({ length: 300 }, (_, i) => c.set(`k${i}`, { n: i, tag: 't' })));
    let count = 0;
    for await (const _ of c.entries()) count++;
    expect(count).toBe(300);
  });

  it.skipIf(!url)('expires values after their time to live, and add may then take the key again', async () => {
    store = await openTestStore(url!);
    const c = store.collection('ttl', Item);
    expect(await c.add('k', { n: 1, tag: 'first' }, 40)).toBe(true);
    expect(await c.add('k', { n: 2, tag: 'second' }, 40)).toBe(false);
    await new Promise((r) => setTimeout(r, 80));
    expect(await c.get('k')).toBeUndefined();
    const listed = [];
    for await (const e of c.entries()) listed.push(e);
    expect(listed).toEqual([]);
    expect(await c.add('k', { n: 3, tag: 'third' })).toBe(true);
    expect(await c.get('k')).toEqual({ n: 3, tag: 'third' });
  });

  it.skipIf(!url)('treats a stored value of the wrong shape as missing instead of throwing', async () => {
    store = await openTestStore(url!);
    const loose = store.collection('shape', z.unknown());
    await loose.set('bad', { n: 'not a number' });
    await loose.set('good', { n: 1, tag: 'ok' });
    const strict = store.collection('shape', Item);
    expect(await strict.get('bad')).toBeUndefined();
    const listed = [];
    for await (const e of strict.entries()) listed.push(e);
    expect(listed).toEqual([['good', { n: 1, tag: 'ok' }]]);
  });

  it.skipIf(!url)('refuses to write a value that does not match its schema', async () => {
    store = await openTestStore(url!);
    const c = store.collection('items', Item);
    await expect(c.set('a', { n: 'x' } as never)).rejects.toThrow();
    expect(await c.get('a')).toBeUndefined();
  });
});

describe.each(backendCases())('expired entries on $name', ({ url }) => {
  let store: Store;
  afterEach(async () => store?.close());

  it.skipIf(!url)('are deleted for good by purgeExpired, and live ones stay', async () => {
    store = await openTestStore(url!);
    const c = store.collection('purge', Item);
    await c.set('short', { n: 1, tag: 'x' }, 30);
    await c.add('short2', { n: 2, tag: 'x' }, 30);
    await c.set('long', { n: 3, tag: 'y' });
    await new Promise((r) => setTimeout(r, 60));
    expect(await store.purgeExpired()).toBeGreaterThanOrEqual(2);
    expect(await c.get('long')).toEqual({ n: 3, tag: 'y' });
  });
});
