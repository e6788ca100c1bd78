/**
 * A paperboy delivery process that dies on purpose, run as a child by the crash tests:
 *   node --import tsx test/fakes/queue-process.ts
 * env: STORE_URL, STORE_PREFIX, MODE, KEY. It prints progress lines on stdout and ends with SIGKILL, like a crash:
 * - enqueue-then-die: persists one item and dies before any sender exists;
 * - die-in-send: the platform receives the message, and the process dies before an answer comes back;
 * - die-after-ledger: the platform accepts and the ledger is written, then the process dies before removing the item;
 * - stall-before-post: the sender prints SENDING, waits a moment (the test stops the process with SIGSTOP there), then
 *   asks `mayPost` as platform senders do and prints POSTED or FENCED; it never exits by itself before that answer.
 */
import { writeSync } from 'node:fs';
import { createDeliveryQueue } from '../../src/delivery/delivery-queue.ts';
import { silentLogger } from '../../src/log.ts';
import type { Sender } from '../../src/model.ts';
import { createPostsRegistry } from '../../src/posts/posts.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Collection, Store } from '../../src/store/store.ts';
import { channel, digestOf } from '../helpers/sample.ts';

const say = (line: string) => writeSync(1, `${line}\n`);
const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};
const { STORE_URL = '', STORE_PREFIX = '', MODE = '', KEY = 'k' } = process.env;

const real = await openStore(STORE_URL, silentLogger(), STORE_PREFIX);
const store: Store =
  MODE === 'die-after-ledger'
    ? {
        ...real,
        collection<T>(name: string, schema: Parameters<Store['collection']>[1]) {
          const c = real.collection(name, schema) as Collection<T>;
          if (name !== 'delivery-pending') return c;
          return { ...c, deleteIfHolds: async () => (say('LEDGER-WRITTEN'), die()) };
        },
      }
    : real;

const queue = createDeliveryQueue({ store, posts: createPostsRegistry(store), log: silentLogger(), pollMs: 10, leaseMs: 400, claimMs: 400 });
const sender: Sender = {
  platform: 'discord',
  async send(_to, _reply, ctx) {
    if (MODE === 'stall-before-post') {
      say(`SENDING ${ctx?.idempotencyKey}`);
      await new Promise((r) => setTimeout(r, 300));
      const may = await ctx!.mayPost!();
      say(may ? 'POSTED' : 'FENCED');
      return may ? { ok: true, messageId: 'child-message' } : { ok: false, fenced: 'lost the claim' };
    }
    say(`SENT ${ctx?.idempotencyKey}`);
    if (MODE === 'die-in-send') die();
    return { ok: true, messageId: 'child-message' };
  },
};
await queue.enqueue({ key: KEY, kind: 'daily', to: channel('c1'), reply: digestOf(['p1', 'p2']) });
say('ENQUEUED');
if (MODE === 'enqueue-then-die') die();
queue.registerSender(sender);
queue.start();
setTimeout(() => (say('NOTHING-HAPPENED'), die()), 10_000);
