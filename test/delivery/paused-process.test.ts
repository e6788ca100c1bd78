import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryQueue } from '../../src/delivery/delivery-queue.ts';
import { silentLogger } from '../../src/log.ts';
import { createPostsRegistry } from '../../src/posts/posts.ts';
import { backendCases, openTestStore } from '../helpers/backends.ts';
import { waitFor } from '../helpers/wait.ts';
import { createCountingSender } from '../fakes/counting-sender.ts';

const script = join(import.meta.dirname, '../fakes/queue-process.ts');
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe.each(backendCases().filter((c) => c.name !== 'memory'))('a sender paused past its claim on a shared $name store', ({ url }) => {
  it.skipIf(!url)('resumes to find its claim fenced: it posts nothing, and the process that took over posts once', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    const key = 'daily:discord:g1:c1:2026-08-20';
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      env: { ...process.env, STORE_URL: url!, STORE_PREFIX: prefix, MODE: 'stall-before-post', KEY: key },
      cwd: join(import.meta.dirname, '../..'),
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise((r) => child.on('close', r));
    closers.push(async () => (child.kill('SIGKILL'), exited));
    await waitFor(() => out.includes('SENDING'), 'the child to start its send');
    child.kill('SIGSTOP');

    const store = await openTestStore(url!, prefix);
    const queue = createDeliveryQueue({ store, posts: createPostsRegistry(store), log: silentLogger(), pollMs: 20, leaseMs: 400, claimMs: 400 });
    closers.push(() => store.close(), () => queue.close());
    const sender = createCountingSender('discord');
    queue.registerSender(sender);
    queue.start();
    await waitFor(async () => (await queue.delivered(key)) !== undefined, 'the second process to take over and send');

    child.kill('SIGCONT');
    await waitFor(() => /POSTED|FENCED/.test(out), 'the resumed child to decide');
    expect(out.trim().split('\n')).toEqual(['ENQUEUED', `SENDING ${key}`, 'FENCED']);
    expect(sender.callsFor(key)).toHaveLength(1);
    expect(sender.callsFor(key)[0]).toMatchObject({ outcomeUnknown: true });
    expect(await queue.delivered(key)).toMatchObject({ messageId: 'm1' });
  });
});
