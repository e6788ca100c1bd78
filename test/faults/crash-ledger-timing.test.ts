import { afterEach, describe, expect, it } from 'vitest';
import { createDeliveryQueue, type DeliveryQueue } from '../../src/delivery/delivery-queue.ts';
import { silentLogger } from '../../src/log.ts';
import type { SendContext, SendOutcome, Sender } from '../../src/model.ts';
import { createPostsRegistry } from '../../src/posts/posts.ts';
import type { Store } from '../../src/store/store.ts';
import { openTestStore } from '../helpers/backends.ts';
import { channel, digestOf } from '../helpers/sample.ts';
import { settle, waitFor } from '../helpers/wait.ts';

const open: Array<{ queue: DeliveryQueue; store: Store }> = [];
afterEach(async () => {
  for (const { queue, store } of open.splice(0)) {
    await queue.close();
    await store.close();
  }
});

/** What happens after the platform accepted the message, while the sender does its follow-up work (reactions). */
type AfterAccept = 'finish' | 'throw' | 'hang' | 'fail';

/** A sender that reports `accepted` at once, then behaves as told; it records whether the ledger had the key by then. */
function acceptingSender(queue: () => DeliveryQueue, after: AfterAccept) {
  const seen: Array<{ key: string; ledgerHadIt: boolean }> = [];
  const sender: Sender = {
    platform: 'discord',
    async send(_to, _reply, ctx?: SendContext): Promise<SendOutcome> {
      await ctx!.accepted!(`m-${ctx!.idempotencyKey}`);
      seen.push({ key: ctx!.idempotencyKey, ledgerHadIt: (await queue().delivered(ctx!.idempotencyKey)) !== undefined });
      if (after === 'throw') throw new Error('connection reset while adding reactions');
      if (after === 'hang') await new Promise(() => {});
      if (after === 'fail') return { ok: false, transient: 'reaction request failed' };
      return { ok: true, messageId: `m-${ctx!.idempotencyKey}` };
    },
  };
  return { sender, seen };
}

describe('the ledger entry is written the moment the platform accepted a message', () => {
  it.each<[string, AfterAccept]>([
    ['the sender finishes normally', 'finish'],
    ['the follow-up throws', 'throw'],
    ['the follow-up reports a transient failure', 'fail'],
    ['the follow-up hangs past the send timeout', 'hang'],
  ])('before any follow-up work, and the message is never sent again when %s', async (_what, after) => {
    const store = await openTestStore('memory://');
    let queue: DeliveryQueue | undefined;
    const { sender, seen } = acceptingSender(() => queue!, after);
    queue = createDeliveryQueue({ store, posts: createPostsRegistry(store), log: silentLogger(), pollMs: 20, claimMs: 400, sendTimeoutMs: 150,
      backoff: { baseMs: 10, capMs: 20 } });
    open.push({ queue, store });
    queue.registerSender(sender);
    queue.start();
    await queue.enqueue({ key: 'daily:k1', kind: 'daily', to: channel('c1'), reply: digestOf(['p1']) });
    await waitFor(async () => (await queue.pendingItems()).length === 0, 'the item to leave the queue');
    await settle(300);
    expect(seen).toEqual([{ key: 'daily:k1', ledgerHadIt: true }]);
    expect(await queue.delivered('daily:k1')).toMatchObject({ messageId: 'm-daily:k1' });
    expect(await queue.failure('daily:k1')).toBeUndefined();
  });
});
