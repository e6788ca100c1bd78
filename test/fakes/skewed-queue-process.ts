/**
 * A delivery process whose clock is wrong, run as a child by the clock-skew test:
 *   node --import tsx test/fakes/skewed-queue-process.ts
 * env: STORE_URL, STORE_PREFIX, CLOCK_OFFSET_MS (added to Date.now in this whole process, store client included),
 * ITEMS (how many items to enqueue; every instance enqueues the same keys). It prints `SENT <key> <start> <end>` per
 * send and `LEAD <from> <to>` per stretch as the active sender, in true epoch ms (performance clock, not Date.now), and
 * exits once nothing is pending for a while.
 */
import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const offset = Number(process.env.CLOCK_OFFSET_MS ?? 0);
const realNow = Date.now.bind(Date);
Date.now = () => realNow() + offset;
const trueNow = () => Math.round(performance.timeOrigin + performance.now());

const { createDeliveryQueue } = await import('../../src/delivery/delivery-queue.ts');
const { silentLogger } = await import('../../src/log.ts');
const { createPostsRegistry } = await import('../../src/posts/posts.ts');
const { openStore } = await import('../../src/store/open-store.ts');
const { channel, paperReply } = await import('../helpers/sample.ts');

const say = (line: string) => writeSync(1, `${line}\n`);
const store = await openStore(process.env.STORE_URL ?? '', silentLogger(), process.env.STORE_PREFIX ?? '');
const queue = createDeliveryQueue({ store, posts: createPostsRegistry(store), log: silentLogger(), pollMs: 10, leaseMs: 300, claimMs: 300 });
queue.registerSender({
  platform: 'discord',
  async send(_to, _reply, ctx) {
    if (!(await ctx!.mayPost!())) return { ok: false, fenced: 'lost the claim' };
    const start = trueNow();
    await new Promise((r) => setTimeout(r, 5));
    say(`SENT ${ctx!.idempotencyKey} ${start} ${trueNow()}`);
    return { ok: true, messageId: `m-${ctx!.idempotencyKey}` };
  },
});
const items = Number(process.env.ITEMS ?? 60);
for (let i = 0; i < items; i++)
  await queue.enqueue({ key: `k${i}`, kind: 'alert', to: channel(`c${i % 12}`), reply: paperReply(`p${i}`) });
queue.start();

// Leadership is sampled every 5 ms by a synchronous timer; the idle check is one loop, one check at a time (an async
// setInterval callback overlapped itself when the store was slow, and two overlapping checks both closing the store
// made this process crash before it printed DONE).
let leadSince: number | undefined;
const sampleLead = () => {
  const leading = queue.isActiveSender('discord');
  if (leading && leadSince === undefined) leadSince = trueNow();
  if (!leading && leadSince !== undefined) (say(`LEAD ${leadSince} ${trueNow()}`), (leadSince = undefined));
};
const sampler = setInterval(sampleLead, 5);
for (let idle = 0; idle <= 100; ) {
  await new Promise((r) => setTimeout(r, 5));
  idle = (await queue.pendingItems()).length === 0 ? idle + 1 : 0;
}
clearInterval(sampler);
sampleLead();
if (leadSince !== undefined) say(`LEAD ${leadSince} ${trueNow()}`);
await queue.close();
await store.close();
say('DONE');
