import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryQueue } from '../../src/delivery/delivery-queue.ts';
import { silentLogger } from '../../src/log.ts';
import { createPostsRegistry } from '../../src/posts/posts.ts';
import type { Store } from '../../src/store/store.ts';
import { backendCases, openTestStore } from '../helpers/backends.ts';
import { channel } from '../helpers/sample.ts';
import { settle, waitFor } from '../helpers/wait.ts';
import { createCountingSender } from '../fakes/counting-sender.ts';

const script = join(import.meta.dirname, '../fakes/queue-process.ts');

function runChild(env: Record<string, string>): Promise<{ lines: string[]; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env }, cwd: join(import.meta.dirname, '../..') });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
  return new Promise((resolve) => child.on('close', (_code, signal) => resolve({ lines: out.trim().split('\n'), signal })));
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe.each(backendCases().filter((c) => c.name !== 'memory'))('a process crash on a shared $name store', ({ url }) => {
  async function crashThenResume(mode: string) {
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    const key = `daily:discord:g1:c1:2026-08-20`;
    const child = await runChild({ STORE_URL: url!, STORE_PREFIX: prefix, MODE: mode, KEY: key });
    expect(child.signal).toBe('SIGKILL');
    const store: Store = await openTestStore(url!, prefix);
    const posts = createPostsRegistry(store);
    const queue = createDeliveryQueue({ store, posts, log: silentLogger(), pollMs: 20, leaseMs: 400, claimMs: 400 });
    closers.push(() => store.close(), () => queue.close());
    const sender = createCountingSender('discord');
    queue.registerSender(sender);
    queue.start();
    await waitFor(async () => (await queue.pendingItems()).length === 0, 'the resumed queue to drain');
    await settle(100);
    return { child: child.lines, sender, queue, key, posts };
  }

  it.skipIf(!url)('between enqueue and send: a new process sends the persisted item, once', async () => {
    const { child, sender, queue, key } = await crashThenResume('enqueue-then-die');
    expect(child).toEqual(['ENQUEUED']);
    expect(sender.callsFor(key)).toHaveLength(1);
    expect(await queue.delivered(key)).toMatchObject({ messageId: 'm1' });
  });

  it.skipIf(!url)('between send and answer: the new process sends again, told that the first may have landed', async () => {
    const { child, sender, queue, key } = await crashThenResume('die-in-send');
    expect(child).toEqual(['ENQUEUED', `SENT ${key}`]);
    const sendsInAll = 1 + sender.callsFor(key).length;
    expect(sendsInAll).toBe(2);
    expect(sender.callsFor(key)[0]).toMatchObject({ outcomeUnknown: true });
    expect(await queue.delivered(key)).toMatchObject({ messageId: 'm1' });
  });

  it.skipIf(!url)('after the ledger write: the new process finds the ledger entry and sends nothing', async () => {
    const { child, sender, queue, key, posts } = await crashThenResume('die-after-ledger');
    expect(child).toEqual(['ENQUEUED', `SENT ${key}`, 'LEDGER-WRITTEN']);
    expect(sender.calls).toHaveLength(0);
    expect(await queue.delivered(key)).toMatchObject({ messageId: 'child-message' });
    expect(await posts.find(channel('c1'), 'child-message')).toMatchObject({ paperIds: ['p1', 'p2'] });
  });
});
