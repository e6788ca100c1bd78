/**
 * One subscriber's share of a poll: claim the new (subscriber, paper) pairs, take daily-cap slots, queue one message,
 * then confirm the claims. Claim first, so two pollers never both alert a pair; a crash between the claim and the
 * enqueue leaves a claim that lapses after 30 min and is retried (docs/decisions/053).
 */
import type { DestinationHealth } from '../delivery/destination-health.ts';
import type { DeliveryQueue } from '../delivery/queue-api.ts';
import { alertKey } from '../delivery/records.ts';
import type { Logger } from '../log.ts';
import type { Reply } from '../model.ts';
import { alertDigest, overflowNotice, type SubscriberBatch } from './alert-batch.ts';
import type { AlertLedger } from './alert-ledger.ts';

export interface BatchContext {
  ledger: AlertLedger;
  queue: Pick<DeliveryQueue, 'enqueue'>;
  health: DestinationHealth;
  log: Logger;
  /** Pairs known to be done in this process (`subscriber|paper`). */
  done: Set<string>;
  cap: number;
  /** The UTC day the cap counts for. */
  day: string;
  now: Date;
}

export interface BatchOutcome {
  status: 'queued' | 'nothing-new' | 'paused' | 'error';
  alerted: number;
  overflow: number;
}

export async function deliverBatch(ctx: BatchContext, batch: SubscriberBatch): Promise<BatchOutcome> {
  const { ledger, subscriber, log } = { ...ctx, subscriber: batch.subscriber };
  const fresh = batch.items.filter((i) => !ctx.done.has(`${subscriber}|${i.paper.id}`));
  if (fresh.length === 0) return { status: 'nothing-new', alerted: 0, overflow: 0 };
  if (await ctx.health.isFailing(batch.to)) {
    log.info({ subscriber, papers: fresh.length }, 'alerts paused: the destination is failing');
    return { status: 'paused', alerted: 0, overflow: 0 };
  }
  const claimed = new Set(await ledger.claim(subscriber, fresh.map((i) => i.paper.id), ctx.now));
  const items = fresh.filter((i) => claimed.has(i.paper.id));
  const lost = fresh.filter((i) => !claimed.has(i.paper.id)).map((i) => i.paper.id);
  if (lost.length > 0) for (const id of await ledger.sentAmong(subscriber, lost)) ctx.done.add(`${subscriber}|${id}`);
  if (items.length === 0) return { status: 'nothing-new', alerted: 0, overflow: 0 };
  const ids = items.map((i) => i.paper.id);
  let slots: string[] = [];
  try {
    slots = await ledger.takeDailySlots(subscriber, ctx.day, items.length, ctx.cap, ctx.now);
    const sending = items.slice(0, slots.length);
    const overflow = items.length - sending.length;
    let reply: Reply | undefined;
    let key = alertKey(subscriber, sending.map((i) => i.paper.id));
    if (sending.length > 0) {
      if (overflow > 0) await ledger.firstOverflow(subscriber, ctx.day, ctx.now);
      reply = alertDigest(batch.to, sending, overflow, ctx.cap);
    } else if (await ledger.firstOverflow(subscriber, ctx.day, ctx.now)) {
      reply = overflowNotice(batch.to, overflow, ctx.cap);
      key = alertKey(subscriber, [`cap-${ctx.day}`]);
    }
    if (reply) {
      const result = await ctx.queue.enqueue({ key, kind: 'alert', to: batch.to, reply });
      if (result === 'destination-failing') {
        await ledger.release(subscriber, ids);
        await ledger.returnDailySlots(subscriber, slots);
        log.info({ subscriber }, 'alerts paused: the destination is failing');
        return { status: 'paused', alerted: 0, overflow: 0 };
      }
    }
    await ledger.confirm(subscriber, ids, ctx.now);
    for (const id of ids) ctx.done.add(`${subscriber}|${id}`);
    if (overflow > 0) log.info({ subscriber, overflow, cap: ctx.cap }, 'daily alert cap reached');
    return { status: sending.length > 0 ? 'queued' : 'nothing-new', alerted: sending.length, overflow };
  } catch (err) {
    log.error({ err, subscriber }, 'alert batch failed; its papers will be tried again next poll');
    await ledger.release(subscriber, ids).catch(() => undefined);
    await ledger.returnDailySlots(subscriber, slots).catch(() => undefined);
    return { status: 'error', alerted: 0, overflow: 0 };
  }
}
