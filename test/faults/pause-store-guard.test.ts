// Found by pause-discord.test.ts (docs/decisions/089): a process frozen (SIGSTOP) while store operations are in flight
// reports them unavailable when it resumes, although the store answered them at once. On resume, Node runs expired
// timers before it reads the sockets, so the store's 2.5 s guard timer (src/store/store.ts `guarded`) fires before the
// answer already waiting in the socket is read. In the bot this logs e.g. "could not record a post; votes on it will be
// ignored" for a post that was recorded; a write reported unavailable may have been done (on Redis and PostgreSQL).
// Fixed by src/late-timer.ts: the guard yields to I/O before it fires.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { STORE_OP_TIMEOUT_MS } from '../../src/store/store.ts';
import { backendCases } from '../helpers/backends.ts';

const redis = backendCases().find((c) => c.name === 'redis')!.url;
const root = join(import.meta.dirname, '../..');

/**
 * 16 writes in flight. The store's Redis client sends a command a turn or two after it is called; a wrapped socket
 * write counts the sends, and once the 16th has left (so no event-loop turn reads an answer in between) the process stays
 * busy for 200 ms while the answers arrive and wait in the socket, then freezes itself (SIGSTOP, as an operator's or a
 * host's pause would land while it runs) until the test sends SIGCONT. Prints how many writes were unanswered when it
 * froze, how many succeeded, how many were reported unavailable, and how many the store holds afterwards. (Writes that
 * leave only after the resume are a different case: their answers cannot be in the socket before the guard's timer.)
 */
const WRITER = `
import net from 'node:net';
import { openStore } from './src/store/open-store.ts';
import { silentLogger } from './src/log.ts';
import { z } from 'zod';
const store = await openStore(process.env.STORE_URL, silentLogger(), process.env.STORE_PREFIX);
const items = store.collection('items', z.object({ n: z.number() }));
await items.set('warm', { n: 0 });
const counts = { pendingAtStop: 0, ok: 0, unavailable: 0, stored: 0 };
let sent = 0;
/** Runs right after the 16th command left, so no event-loop turn (no read of an answer) comes between the sends and the freeze. */
function freeze() {
  counts.pendingAtStop = 16 - counts.ok - counts.unavailable;
  const busyUntil = Date.now() + 200;
  while (Date.now() < busyUntil);
  console.log('stopping');
  process.kill(process.pid, 'SIGSTOP');
}
// The Redis client corks its socket while it writes a batch of commands: a write inside the batch is still in this
// process. The freeze comes after the uncork that flushed the 16th command to the kernel, so Redis can answer it.
const write = net.Socket.prototype.write;
net.Socket.prototype.write = function (...args) {
  if (this !== process.stdout) sent++;
  return write.apply(this, args);
};
const uncork = net.Socket.prototype.uncork;
let frozen = false;
net.Socket.prototype.uncork = function (...args) {
  uncork.apply(this, args);
  if (sent >= 16 && this.writableLength === 0 && !frozen) (frozen = true), freeze();
};
const writes = Array.from({ length: 16 }, (_, i) => items.set('k' + i, { n: i }).then(() => counts.ok++, () => counts.unavailable++));
await Promise.all(writes);
for (let i = 0; i < 16; i++) if ((await items.get('k' + i))?.n === i) counts.stored++;
console.log(JSON.stringify(counts));
await store.close();
`;

describe('a process frozen while its store operations are in flight', () => {
  it.skipIf(!redis)('does not report them unavailable on resume when the store had answered them (Redis)', async () => {
    const pauseMs = STORE_OP_TIMEOUT_MS + 1_000;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', WRITER], {
      cwd: root, env: { ...process.env, STORE_URL: redis!, STORE_PREFIX: `t${randomUUID().slice(0, 8)}:` },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: string[] = [];
    const stopping = new Promise<void>((resolve) => createInterface({ input: child.stdout }).on('line', (l) => (lines.push(l), l === 'stopping' && resolve())));
    const exited = new Promise((resolve) => child.on('close', resolve));
    await stopping;
    await sleep(pauseMs);
    child.kill('SIGCONT');
    await exited;
    const counts = JSON.parse(lines.at(-1)!) as { pendingAtStop: number; ok: number; unavailable: number; stored: number };
    console.info('store ops across a pause:', JSON.stringify({ pauseMs, ...counts }));
    expect(counts.pendingAtStop).toBeGreaterThan(0); // else the freeze caught no write in flight and proved nothing
    expect(counts.ok + counts.unavailable).toBe(16);
    expect(counts.stored).toBe(16); // Redis did every write
    expect(counts.unavailable).toBe(0);
  }, 20_000);
});
