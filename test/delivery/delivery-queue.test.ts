import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryQueue, type DeliveryQueue, type DeliveryQueueOptions } from '../../src/delivery/delivery-queue.ts';
import { dailyKey } from '../../src/delivery/records.ts';
import { silentLogger } from '../../src/log.ts';
import { createPostsRegistry } from '../../src/posts/posts.ts';
import type { Store } from '../../src/store/store.ts';
import { backendCases, openTestStore } from '../helpers/backends.ts';
import { channel, digestOf, paperReply } from '../helpers/sample.ts';
import { waitFor } from '../helpers/wait.ts';
import { createCountingSender, type Script } from '../fakes/counting-sender.ts';

const open: Array<{ queue: DeliveryQueue; store: Store }> = [];
afterEach(async () => {
  for (const { queue, store } of open.splice(0)) {
    await queue.close();
    await store.close();
  }
});

describe.each(backendCases())('delivery queue on $name', ({ url }) => {
  async function setup(script?: Script, extra: Partial<DeliveryQueueOptions> = {}) {
    const store = await openTestStore(url!);
    const posts = createPostsRegistry(store);
    const queue = createDeliveryQueue({ store, posts, log: silentLogger(), pollMs: 20, backoff: { baseMs: 40, capMs: 400 }, ...extra });
    const sender = createCountingSender('discord', script);
    queue.registerSender(sender);
    queue.start();
    open.push({ queue, store });
    return { store, posts, queue, sender };
  }
  const drained = (queue: DeliveryQueue) => waitFor(async () => (await queue.pendingItems()).length === 0, 'an empty queue');

  it.skipIf(!url)('sends a queued digest once, writes the ledger and records the post for votes', async () => {
    const { queue, sender, posts } = await setup();
    const to = channel('c1');
    const key = dailyKey(to, '2026-08-20');
    expect(await queue.enqueue({ key, kind: 'daily', to, reply: digestOf(['p1', 'p2', 'p3']) })).toBe('queued');
    await drained(queue);
    expect(sender.callsFor(key)).toHaveLength(1);
    const entry = await queue.delivered(key);
    expect(entry).toMatchObject({ status: 'sent', messageId: 'm1', kind: 'daily', to: 'discord:g1:c1' });
    expect(await posts.find(to, 'm1')).toMatchObject({ kind: 'digest', paperIds: ['p1', 'p2', 'p3'] });
  });

  it.skipIf(!url)('records a single-paper message as a single post', async () => {
    const { queue, posts } = await setup();
    const to = channel('c1');
    await queue.enqueue({ key: 'alert:u1:p9', kind: 'alert', to, reply: paperReply('p9') });
    await drained(queue);
    expect(await posts.find(to, 'm1')).toMatchObject({ kind: 'single', paperIds: ['p9'] });
  });

  it.skipIf(!url)('never sends the same key twice: queued twice is one item, and a delivered key is refused', async () => {
    const { queue, sender } = await setup();
    const to = channel('c1');
    const item = { key: dailyKey(to, '2026-08-20'), kind: 'daily', to, reply: digestOf(['p1']) } as const;
    const first = await queue.enqueue(item);
    const second = await queue.enqueue(item);
    expect([first, second]).toEqual(['queued', 'already-queued']);
    await drained(queue);
    expect(await queue.enqueue(item)).toBe('already-delivered');
    expect(sender.calls).toHaveLength(1);
  });

  it.skipIf(!url)('honours retry-after before trying again', async () => {
    const { queue, sender } = await setup((_, n) => (n === 1 ? { ok: false, retryAfterMs: 300, reason: '429' } : { ok: true, messageId: 'm' }));
    const to = channel('c1');
    await queue.enqueue({ key: 'k1', kind: 'alert', to, reply: paperReply('p1') });
    await waitFor(async () => (await queue.delivered('k1')) !== undefined, 'delivery');
    const [a, b] = sender.callsFor('k1');
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(300);
    expect(b!.attempt).toBe(2);
  });

  it.skipIf(!url)('backs off on 5xx and network errors, then succeeds', async () => {
    const { queue, sender } = await setup(
      (_, n) => {
        if (n === 1) return { ok: false, transient: '502 Bad Gateway' };
        if (n === 2) throw new Error('ECONNRESET');
        return { ok: true, messageId: 'm' };
      },
      { random: () => 0 },
    );
    await queue.enqueue({ key: 'k1', kind: 'alert', to: channel('c1'), reply: paperReply('p1') });
    await waitFor(async () => (await queue.delivered('k1')) !== undefined, 'delivery');
    const at = sender.callsFor('k1').map((c) => c.at);
    expect(at).toHaveLength(3);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(20);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(40);
  });

  it.skipIf(!url)('gives up after the configured attempts and says why, without marking the destination failing', async () => {
    const { queue, sender } = await setup(() => ({ ok: false, transient: '503' }), { maxAttempts: 3, backoff: { baseMs: 5, capMs: 5 } });
    const to = channel('c1');
    await queue.enqueue({ key: 'k1', kind: 'alert', to, reply: paperReply('p1') });
    await drained(queue);
    expect(sender.calls).toHaveLength(3);
    expect(await queue.failure('k1')).toMatchObject({ permanent: false, attempts: 3, reason: expect.stringMatching(/gave up after 3 attempts: 503/) });
    expect(await queue.destinations.isFailing(to)).toBe(false);
  });

  it.skipIf(!url)('stops at a permanent failure, marks the destination failing, and leaves others alone', async () => {
    const lost = channel('lost');
    const { queue, sender } = await setup((call) =>
      call.to.channel === 'lost' ? { ok: false, permanent: 'Missing Access' } : { ok: true, messageId: `m-${call.key}` },
    );
    await queue.enqueue({ key: 'k-lost-1', kind: 'alert', to: lost, reply: paperReply('p1') });
    await queue.enqueue({ key: 'k-ok', kind: 'alert', to: channel('fine'), reply: paperReply('p1') });
    await drained(queue);
    expect(sender.callsFor('k-lost-1')).toHaveLength(1);
    expect(await queue.delivered('k-ok')).toBeDefined();
    expect(await queue.destinations.failureOf(lost)).toMatchObject({ failing: true, reason: 'Missing Access' });
    expect(await queue.failure('k-lost-1')).toMatchObject({ permanent: true, reason: 'Missing Access' });
    expect(await queue.enqueue({ key: 'k-lost-2', kind: 'alert', to: lost, reply: paperReply('p2') })).toBe('destination-failing');
    expect(await queue.destinations.clearFailure(lost)).toBe(true);
    expect(await queue.enqueue({ key: 'k-lost-3', kind: 'alert', to: lost, reply: paperReply('p3') })).toBe('queued');
  });
});
