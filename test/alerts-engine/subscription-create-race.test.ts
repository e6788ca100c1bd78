import { describe, expect, it } from 'vitest';
import { createSubscriptionStore, type NewSubscription } from '../../src/alerts/subscriptions.ts';
import { silentLogger } from '../../src/log.ts';
import type { RawBackend } from '../../src/store/backend.ts';
import { createMemoryBackend } from '../../src/store/memory-backend.ts';
import { createStore } from '../../src/store/store.ts';
import type { Destination } from '../../src/model.ts';

const owner: Destination = { platform: 'discord', community: 'g1', channel: 'c1' };
const request = (): NewSubscription => ({
  owner, query: '"world model" -survey', canonical: '"world model" -survey', createdBy: 'u1', now: new Date('2026-08-20T12:00:00Z'),
});

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** The first `method` call on a namespace `when` accepts waits for `until`; the returned promise says it is waiting. */
function pauseFirst(backend: RawBackend, method: 'add' | 'set' | 'delete', when: (ns: string) => boolean, until: Promise<unknown>): Promise<void> {
  const original = backend[method].bind(backend) as (ns: string, ...rest: unknown[]) => Promise<unknown>;
  const waiting = deferred();
  let done = false;
  (backend as unknown as Record<string, unknown>)[method] = async (ns: string, ...rest: unknown[]) => {
    if (!done && when(ns)) {
      done = true;
      waiting.resolve();
      await until;
    }
    return original(ns, ...rest);
  };
  return waiting.promise;
}

async function indexedIds(subs: ReturnType<typeof createSubscriptionStore>): Promise<string[]> {
  const ids: string[] = [];
  for await (const sub of subs.all()) ids.push(sub.id);
  return ids;
}

describe('a duplicate subscribe that repairs the id index, racing', () => {
  it('its creator: one subscription under one id when the duplicate indexes it before its creator does', async () => {
    const backend = createMemoryBackend();
    const release = deferred();
    // The creator's first write to the id index (`subs`) waits until the duplicate has answered.
    const creatorAtIndex = pauseFirst(backend, 'add', (ns) => ns === 'subs', release.promise);
    const subs = createSubscriptionStore(createStore(backend, silentLogger()));

    const creating = subs.create(request());
    await creatorAtIndex;
    const duplicate = await subs.create(request());
    release.resolve();
    const created = await creating;

    expect(created.status).toBe('created');
    expect(duplicate).toEqual({ status: 'duplicate', id: created.status === 'created' ? created.sub.id : '' });
    const listed = await subs.list(owner);
    expect(listed.map((s) => s.id)).toEqual([duplicate.status === 'duplicate' ? duplicate.id : '']);
    expect(await indexedIds(subs)).toEqual(listed.map((s) => s.id));
  });

  it('a remove of it: nothing is left in the id index for the engine to alert on', async () => {
    const backend = createMemoryBackend();
    const release = deferred();
    let armed = false;
    // The remover's delete of the slot record waits until the duplicate has answered.
    const removerAtSlot = pauseFirst(backend, 'delete', (ns) => armed && ns.startsWith('subs:'), release.promise);
    const subs = createSubscriptionStore(createStore(backend, silentLogger()));
    const created = await subs.create(request());
    if (created.status !== 'created') throw new Error(`not created: ${created.status}`);

    armed = true;
    const removing = subs.remove(created.sub);
    await removerAtSlot;
    expect(await subs.create(request())).toEqual({ status: 'duplicate', id: created.sub.id });
    release.resolve();
    expect(await removing).toBe(true);

    expect(await subs.list(owner)).toEqual([]);
    expect(await indexedIds(subs)).toEqual([]);
    expect((await subs.create(request())).status).toBe('created');
  });

  it('a remove of it that ends before the duplicate writes the index: the duplicate undoes its write', async () => {
    const backend = createMemoryBackend();
    const removeDone = deferred();
    let armed = false;
    // The remover's slot delete waits for the duplicate to reach its index write, which waits for the remove to end.
    const duplicateAtIndex = pauseFirst(backend, 'set', (ns) => armed && ns === 'subs', removeDone.promise);
    void pauseFirst(backend, 'delete', (ns) => armed && ns.startsWith('subs:'), duplicateAtIndex);
    const subs = createSubscriptionStore(createStore(backend, silentLogger()));
    const created = await subs.create(request());
    if (created.status !== 'created') throw new Error(`not created: ${created.status}`);

    armed = true;
    const removing = subs.remove(created.sub).then((r) => (removeDone.resolve(), r));
    // The remover has deleted the index entry (its first step) before the duplicate looks for it.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const duplicate = subs.create(request());
    expect(await removing).toBe(true);
    expect(await duplicate).toEqual({ status: 'duplicate', id: created.sub.id });
    armed = false;

    expect(await indexedIds(subs)).toEqual([]);
    expect(await subs.list(owner)).toEqual([]);
  });
});
