import { describe, expect, it } from 'vitest';
import { createSubscriptionStore, type NewSubscription } from '../../src/alerts/subscriptions.ts';
import { silentLogger } from '../../src/log.ts';
import { createMemoryBackend } from '../../src/store/memory-backend.ts';
import { createStore } from '../../src/store/store.ts';
import type { Destination } from '../../src/model.ts';

const owner: Destination = { platform: 'discord', community: 'g1', channel: 'c1' };
const request = (): NewSubscription => ({
  owner, query: '"world model" -survey', canonical: '"world model" -survey', createdBy: 'u1', now: new Date('2026-08-20T12:00:00Z'),
});

describe('a duplicate subscribe that repairs the id index, racing', () => {
  it('its creator: one subscription under one id when the duplicate indexes it before its creator does', async () => {
    const backend = createMemoryBackend();
    const add = backend.add.bind(backend);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reachedIndex!: () => void;
    const creatorAtIndex = new Promise<void>((resolve) => (reachedIndex = resolve));
    let held = false;
    // The creator's first write to the id index (`subs`) waits until the duplicate has answered.
    backend.add = async (ns, key, value, ttlMs) => {
      if (ns === 'subs' && !held) {
        held = true;
        reachedIndex();
        await gate;
      }
      return add(ns, key, value, ttlMs);
    };
    const subs = createSubscriptionStore(createStore(backend, silentLogger()));

    const creating = subs.create(request());
    await creatorAtIndex;
    const duplicate = await subs.create(request());
    release();
    const created = await creating;

    expect(created.status).toBe('created');
    expect(duplicate).toEqual({ status: 'duplicate', id: created.status === 'created' ? created.sub.id : '' });
    const listed = await subs.list(owner);
    expect(listed.map((s) => s.id)).toEqual([duplicate.status === 'duplicate' ? duplicate.id : '']);
    const indexed: string[] = [];
    for await (const sub of subs.all()) indexed.push(sub.id);
    expect(indexed).toEqual(listed.map((s) => s.id));
  });

  it('a remove of it: nothing is left in the id index for the engine to alert on', async () => {
    const backend = createMemoryBackend();
    const del = backend.delete.bind(backend);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reachedSlot!: () => void;
    const removerAtSlot = new Promise<void>((resolve) => (reachedSlot = resolve));
    let armed = false;
    // The remover's delete of the slot record waits until the duplicate has answered.
    backend.delete = async (ns, key) => {
      if (armed && ns.startsWith('subs:')) {
        armed = false;
        reachedSlot();
        await gate;
      }
      return del(ns, key);
    };
    const subs = createSubscriptionStore(createStore(backend, silentLogger()));
    const created = await subs.create(request());
    if (created.status !== 'created') throw new Error(`not created: ${created.status}`);

    armed = true;
    const removing = subs.remove(created.sub);
    await removerAtSlot;
    expect(await subs.create(request())).toEqual({ status: 'duplicate', id: created.sub.id });
    release();
    expect(await removing).toBe(true);

    expect(await subs.list(owner)).toEqual([]);
    const indexed: string[] = [];
    for await (const sub of subs.all()) indexed.push(sub.id);
    expect(indexed).toEqual([]);
    expect((await subs.create(request())).status).toBe('created');
  });

  it('a remove of it that ends before the duplicate writes the index: the duplicate undoes its write', async () => {
    const backend = createMemoryBackend();
    const del = backend.delete.bind(backend);
    const set = backend.set.bind(backend);
    let duplicateAtIndex!: () => void;
    const atIndex = new Promise<void>((resolve) => (duplicateAtIndex = resolve));
    let removed!: () => void;
    const removeDone = new Promise<void>((resolve) => (removed = resolve));
    let armed = false;
    // The remover's slot delete waits for the duplicate to reach its index write, which waits for the remove to end.
    backend.delete = async (ns, key) => {
      if (armed && ns.startsWith('subs:')) await atIndex;
      return del(ns, key);
    };
    backend.set = async (ns, key, value, ttlMs) => {
      if (armed && ns === 'subs') {
        duplicateAtIndex();
        await removeDone;
      }
      return set(ns, key, value, ttlMs);
    };
    const subs = createSubscriptionStore(createStore(backend, silentLogger()));
    const created = await subs.create(request());
    if (created.status !== 'created') throw new Error(`not created: ${created.status}`);

    armed = true;
    const removing = subs.remove(created.sub).then((r) => (removed(), r));
    // The remover has deleted the index entry (its first step) before the duplicate looks for it.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const duplicate = subs.create(request());
    expect(await removing).toBe(true);
    expect(await duplicate).toEqual({ status: 'duplicate', id: created.sub.id });
    armed = false;

    const indexed: string[] = [];
    for await (const sub of subs.all()) indexed.push(sub.id);
    expect(indexed).toEqual([]);
    expect(await subs.list(owner)).toEqual([]);
  });
});
