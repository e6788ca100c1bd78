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

describe('subscription create racing a duplicate that repairs the index', () => {
  it('keeps one subscription under one id when the duplicate indexes it before its creator does', async () => {
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
});
