import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryQueue, type DeliveryQueue, type DeliveryQueueOptions } from '../../src/delivery/delivery-queue.ts';
import { createPlatformStatus } from '../../src/delivery/platform-status.ts';
import { silentLogger } from '../../src/log.ts';
import type { SendOutcome } from '../../src/model.ts';
import { createPostsRegistry } from '../../src/posts/posts.ts';
import type { Collection, Store } from '../../src/store/store.ts';
import { openTestStore } from '../helpers/backends.ts';
import { channel, digestOf } from '../helpers/sample.ts';
import { settle, waitFor } from '../helpers/wait.ts';
import { createCountingSender, type Script } from '../fakes/counting-sender.ts';

const open: Array<{ queue: DeliveryQueue; store: Store }> = [];
afterEach(async () => {
  for (const { queue, store } of open.splice(0)) {
    await queue.close();
    await store.close();
  }
});

/** A store whose `delivery-ledger` fenced add fails the first `failures` times, as a store error would. */
function ledgerFailing(store: Store, failures: number): Store {
  let left = failures;
  return {
    ...store,
    collection<T>(name: string, schema: Parameters<Store['collection']>[1]) {
      const c = store.collection(name, schema) as Collection<T>;
      if (name !== 'delivery-ledger') return c;
      return {
        ...c,
        addIfHolds: async (...args: Parameters<Collection<T>['addIfHolds']>) => {
          if (left-- > 0) throw new Error('store unavailable (fenced add delivery-ledger): no answer in 2500 ms');
          return c.addIfHolds(...args);
        },
      };
    },
  };
}

async function setup(script: Script, extra: Partial<DeliveryQueueOptions> = {}, wrap: (s: Store) => Store = (s) => s) {
  const real = await openTestStore('memory://');
  const store = wrap(real);
  const queue = createDeliveryQueue({ store, posts: createPostsRegistry(store), log: silentLogger(), pollMs: 20,
    backoff: { baseMs: 10, capMs: 40 }, ...extra });
  const sender = createCountingSender('slack', script);
  queue.registerSender(sender);
  queue.start();
  open.push({ queue, store: real });
  return { queue, sender, store };
}
const drained = (queue: DeliveryQueue) => waitFor(async () => (await queue.pendingItems()).length === 0, 'an empty queue');
const to = channel('c1', 'slack', 'T1');
const key = 'daily:slack:T1:c1:2026-08-20';
const later = (ms: number, outcome: SendOutcome) => new Promise<SendOutcome>((r) => setTimeout(() => r(outcome), ms));

describe('a send whose outcome is not known', () => {
  it('is never retried while the slow request still runs, and is recorded once it turns out accepted', async () => {
    const { queue, sender } = await setup((_c, nth) => (nth === 1 ? later(400, { ok: true, messageId: 'slow-1' }) : { ok: true, messageId: 'again' }),
      { sendTimeoutMs: 80 });
    await queue.enqueue({ key, kind: 'daily', to, reply: digestOf(['p1']) });
    await drained(queue);
    await settle(200);
    expect(sender.callsFor(key)).toHaveLength(1);
    expect(await queue.delivered(key)).toMatchObject({ messageId: 'slow-1' });
  });

  it('is retried after the slow request settles without an answer, and the retry is told to look first', async () => {
    const order: string[] = [];
    const { queue, sender } = await setup(async (_c, nth) => {
      order.push(`call ${nth}`);
      if (nth > 1) return { ok: true, messageId: 'm2' };
      const outcome = await later(300, { ok: false, unknown: 'socket hang up' });
      order.push('first settled');
      return outcome;
    }, { sendTimeoutMs: 60 });
    await queue.enqueue({ key, kind: 'daily', to, reply: digestOf(['p1']) });
    await drained(queue);
    expect(order).toEqual(['call 1', 'first settled', 'call 2']);
    expect(sender.callsFor(key).map((c) => c.outcomeUnknown)).toEqual([false, true]);
  });

  it('after a definite refusal, the retry is not asked to look', async () => {
    const { queue, sender } = await setup((_c, nth) => (nth === 1 ? { ok: false, transient: 'internal_error' } : { ok: true, messageId: 'm2' }));
    await queue.enqueue({ key, kind: 'daily', to, reply: digestOf(['p1']) });
    await drained(queue);
    expect(sender.callsFor(key).map((c) => c.outcomeUnknown)).toEqual([false, false]);
  });

  it('a store error on the ledger write after the platform accepted never sends the message again', async () => {
    const { queue, sender } = await setup(() => ({ ok: true, messageId: 'landed' }), {}, (s) => ledgerFailing(s, 2));
    await queue.enqueue({ key, kind: 'daily', to, reply: digestOf(['p1']) });
    await drained(queue);
    await settle(100);
    expect(sender.callsFor(key)).toHaveLength(1);
    expect(await queue.delivered(key)).toMatchObject({ messageId: 'landed' });
  });
});

describe('token-wide and content refusals', () => {
  it('a token problem pauses the platform without marking any channel, probes, and resumes by itself', async () => {
    let tokenWorks = false;
    const { queue, sender, store } = await setup(() => (tokenWorks ? { ok: true, messageId: 'ok' } : { ok: false, tokenProblem: 'token_revoked' }),
      { tokenProbeMs: 60, concurrency: 1 });
    const status = createPlatformStatus(store);
    const channels = ['c1', 'c2', 'c3', 'c4'].map((c) => channel(c, 'slack', 'T1'));
    for (const c of channels) await queue.enqueue({ key: `daily:${c.channel}`, kind: 'daily', to: c, reply: digestOf(['p1']) });
    await waitFor(() => queue.platformPause('slack') !== undefined, 'the platform to pause');
    await settle(250);
    const whilePaused = sender.calls.length;
    expect(whilePaused).toBeLessThanOrEqual(5);
    expect(queue.platformPause('slack')).toMatchObject({ reason: 'token_revoked' });
    for (const c of channels) expect(await queue.destinations.isFailing(c)).toBe(false);
    expect(await status.notes('slack')).toEqual([expect.objectContaining({ topic: 'token', text: expect.stringContaining('token_revoked') })]);
    tokenWorks = true;
    await drained(queue);
    expect(queue.platformPause('slack')).toBeUndefined();
    await waitFor(async () => (await status.notes('slack')).length === 0, 'the pause note to be cleared');
    for (const c of channels) expect(await queue.delivered(`daily:${c.channel}`)).toMatchObject({ messageId: 'ok' });
    for (const c of channels) expect(await queue.failure(`daily:${c.channel}`)).toBeUndefined();
  });

  it('content the platform refuses is given up once for every destination, and no channel is marked failing', async () => {
    const { queue, sender } = await setup(() => ({ ok: false, refused: 'invalid_blocks' }), { concurrency: 1 });
    const channels = ['c1', 'c2', 'c3'].map((c) => channel(c, 'slack', 'T1'));
    const reply = digestOf(['p1']);
    for (const c of channels) await queue.enqueue({ key: `daily:${c.channel}`, kind: 'daily', to: c, reply });
    await drained(queue);
    expect(sender.calls).toHaveLength(1);
    for (const c of channels) {
      expect(await queue.failure(`daily:${c.channel}`)).toMatchObject({ permanent: false, reason: expect.stringContaining('invalid_blocks') });
      expect(await queue.destinations.isFailing(c)).toBe(false);
    }
    const other = channel('c9', 'slack', 'T1');
    await queue.enqueue({ key: 'daily:c9', kind: 'daily', to: other, reply: digestOf(['p2']) });
    await drained(queue);
    expect(sender.callsTo(other)).toHaveLength(1);
  });
});
