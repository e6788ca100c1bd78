import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryQueue, type DeliveryQueue, type DeliveryQueueOptions } from '../../src/delivery/delivery-queue.ts';
import { createLogger, silentLogger } from '../../src/log.ts';
import { createPostsRegistry } from '../../src/posts/posts.ts';
import type { Store } from '../../src/store/store.ts';
import { backendCases, openTestStore } from '../helpers/backends.ts';
import { channel, paperReply } from '../helpers/sample.ts';
import { waitFor } from '../helpers/wait.ts';
import { createCountingSender } from '../fakes/counting-sender.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function openQueue(url: string, prefix: string, extra: Partial<DeliveryQueueOptions> = {}) {
  const store: Store = await openTestStore(url, prefix);
  const queue = createDeliveryQueue({ store, posts: createPostsRegistry(store), log: silentLogger(), pollMs: 20, ...extra });
  closers.push(() => store.close(), () => queue.close());
  return queue;
}
const drained = (queue: DeliveryQueue) => waitFor(async () => (await queue.pendingItems()).length === 0, 'an empty queue');

describe('pacing', () => {
  it('keeps a destination within its window while other destinations go ahead', async () => {
    const queue = await openQueue('memory://', 'p:', { pacing: { discord: { cap: 2, intervalMs: 300, perSecond: 100 } } });
    const sender = createCountingSender('discord');
    queue.registerSender(sender);
    const busy = channel('busy');
    for (let i = 0; i < 6; i++) await queue.enqueue({ key: `busy-${i}`, kind: 'alert', to: busy, reply: paperReply(`p${i}`) });
    await queue.enqueue({ key: 'quiet-0', kind: 'alert', to: channel('quiet'), reply: paperReply('q') });
    queue.start();
    await drained(queue);
    const busyAt = sender.callsTo(busy).map((c) => c.at);
    expect(busyAt).toHaveLength(6);
    // The pacer stamps a slot when it releases a send; the counting sender stamps it a few event-loop turns later,
    // so allow scheduling jitter. Without pacing the gap would be ~0 ms.
    for (let i = 2; i < busyAt.length; i++) expect(busyAt[i]! - busyAt[i - 2]!).toBeGreaterThanOrEqual(250);
    expect(sender.callsFor('quiet-0')[0]!.at).toBeLessThan(busyAt[2]!);
  });

  it('logs progress during a large fan-out and one status line for the run', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } });
    const queue = await openQueue('memory://', 'v:', { log, pacing: { console: { cap: 5, intervalMs: 1000, perSecond: 100_000 } }, concurrency: 50 });
    queue.registerSender(createCountingSender('console'));
    for (let i = 0; i < 400; i++)
      await queue.enqueue({ key: `daily:c${i}`, kind: 'daily', to: channel(`c${i}`, 'console'), reply: paperReply('p1') });
    queue.start();
    await waitFor(() => lines.some((l) => l.includes('delivery run:')), 'the status line');
    const messages = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages.filter((m) => m.startsWith('delivery progress:')).length).toBeGreaterThanOrEqual(1);
    expect(messages).toContain('delivery run: queued 400, sent 400, retried 0, failed 0, duplicates 0');
  });
});

describe.each(backendCases().filter((c) => c.name !== 'memory'))('one active sender on a shared $name store', ({ url }) => {
  it.skipIf(!url)('sends every item exactly once, all from the elected process', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    const [a, b] = [await openQueue(url!, prefix), await openQueue(url!, prefix)];
    const [sa, sb] = [createCountingSender('discord'), createCountingSender('discord')];
    a.registerSender(sa);
    b.registerSender(sb);
    a.start();
    b.start();
    for (let i = 0; i < 20; i++) {
      const queue = i % 2 ? a : b;
      await queue.enqueue({ key: `k${i}`, kind: 'alert', to: channel(`c${i % 5}`), reply: paperReply(`p${i}`) });
    }
    await drained(a);
    const keys = [...sa.calls, ...sb.calls].map((c) => c.key).sort();
    expect(keys).toEqual(Array.from({ length: 20 }, (_, i) => `k${i}`).sort());
    expect([sa.calls.length, sb.calls.length].sort()).toEqual([0, 20]);
    expect([a.isActiveSender('discord'), b.isActiveSender('discord')].sort()).toEqual([false, true]);
  });

  it.skipIf(!url)('hands over to another process when the active sender shuts down', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    const a = await openQueue(url!, prefix, { leaseMs: 300 });
    const sa = createCountingSender('discord');
    a.registerSender(sa);
    a.start();
    await waitFor(() => a.isActiveSender('discord'), 'a to lead');
    const b = await openQueue(url!, prefix, { leaseMs: 300 });
    const sb = createCountingSender('discord');
    b.registerSender(sb);
    b.start();
    await a.close();
    await b.enqueue({ key: 'after', kind: 'alert', to: channel('c1'), reply: paperReply('p1') });
    await drained(b);
    expect(sb.callsFor('after')).toHaveLength(1);
    expect(sa.calls).toHaveLength(0);
  });
});
