/**
 * One subscriber's share of a poll: claim the new (subscriber, paper) pairs, take daily-cap slots, mark the pairs with
 * the message's key, queue one message, then confirm. Claim first, so two pollers never both alert a pair; a crash
 * between the claim and the mark leaves a claim that lapses after 30 min and is retried (docs/decisions/053). Once the
 * mark is written the claims and slots are never given back: a failed or unknown enqueue, or a failed confirm, is retried
 * by a later poll under the same key, which the queue accepts once (docs/decisions/088).
 */
import type { DestinationHealth } from '../delivery/destination-health.ts';
import type { DeliveryQueue } from '../delivery/queue-api.ts';
import { alertKey } from '../delivery/records.ts';
import type { Logger } from '../log.ts';
import type { Reply } from '../model.ts';
import { alertDigest, overflowNotice, type BatchItem, type SubscriberBatch } from './alert-batch.ts';
import { ALERT_CLAIM_TTL_MS, type AlertLedger } from './alert-ledger.ts';

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
  /** `held`: kept for the subscriber's digest or the end of their quiet hours (src/digests). */
  status: 'queued' | 'nothing-new' | 'paused' | 'error' | 'held';
  alerted: number;
  overflow: number;
  /** Papers held (status `held`). */
  held?: number;
}

const idsOf = (items: readonly BatchItem[]) => items.map((i) => i.paper.id);
const pair = (subscriber: string, id: string) => `${subscriber}|${id}`;

/** Never throws: a store error costs this subscriber this poll (its papers are tried again), never the other subscribers. */
export async function deliverBatch(ctx: BatchContext, batch: SubscriberBatch): Promise<BatchOutcome> {
  try {
    return await deliver(ctx, batch);
  } catch (err) {
    ctx.log.error({ err, subscriber: batch.subscriber }, 'alert batch failed; its papers will be tried again next poll');
    return { status: 'error', alerted: 0, overflow: 0 };
  }
}

async function deliver(ctx: BatchContext, batch: SubscriberBatch): Promise<BatchOutcome> {
  const { ledger, log } = ctx;
  const subscriber = batch.subscriber;
  const fresh = batch.items.filter((i) => !ctx.done.has(pair(subscriber, i.paper.id)));
  if (fresh.length === 0) return { status: 'nothing-new', alerted: 0, overflow: 0 };
  if (await ctx.health.isFailing(batch.to)) {
    log.info({ subscriber, papers: fresh.length }, 'alerts paused: the destination is failing');
    return { status: 'paused', alerted: 0, overflow: 0 };
  }
  const claimed = new Set(await ledger.claim(subscriber, idsOf(fresh), ctx.now));
  const items = fresh.filter((i) => claimed.has(i.paper.id));
  const others = fresh.filter((i) => !claimed.has(i.paper.id));
  // The new claims first: an error in the re-queue below can then never leave them claimed (and delayed by the lapse).
  const outcome: BatchOutcome =
    items.length > 0 ? await deliverClaimed(ctx, batch, items) : { status: 'nothing-new', alerted: 0, overflow: 0 };
  const requeued = others.length > 0 && outcome.status !== 'paused' ? await requeueMarked(ctx, batch, others) : 0;
  if (requeued === 0) return outcome;
  return { status: 'queued', alerted: outcome.alerted + requeued, overflow: outcome.overflow };
}

/**
 * Pairs marked `queuing` whose message was never confirmed (the enqueue failed or timed out, the confirm failed, the
 * process died, the destination was failing): queues each such message again under its own key. The queue answers
 * `already-queued` or `already-delivered` when the first attempt got through, so a pair is never alerted twice.
 * A message this batch holds only some papers of is left alone while recent: another instance may be marking its
 * pairs right now and queue it whole, and the queue keeps the first message under a key (queued here with part of
 * its papers, the rest would be lost). Once the mark is older than a claim's lapse, its writer is taken for dead.
 * Returns how many papers went into messages queued now.
 */
async function requeueMarked(ctx: BatchContext, batch: SubscriberBatch, items: readonly BatchItem[]): Promise<number> {
  const subscriber = batch.subscriber;
  const states = await ctx.ledger.statesOf(subscriber, idsOf(items));
  const byKey = new Map<string, BatchItem[]>();
  for (const item of items) {
    const state = states.get(item.paper.id);
    if (state?.state === 'sent') ctx.done.add(pair(subscriber, item.paper.id));
    if (state?.state !== 'queuing') continue;
    const group = byKey.get(state.key);
    if (group) group.push(item);
    else byKey.set(state.key, [item]);
  }
  let queued = 0;
  for (const [key, group] of byKey) {
    const mark = states.get(group[0]!.paper.id);
    if (mark?.state === 'queuing' && !carriesAll(group, mark.ids) && ctx.now.getTime() - mark.at < ALERT_CLAIM_TTL_MS) continue;
    const result = await ctx.queue.enqueue({ key, kind: 'alert', to: batch.to, reply: alertDigest(batch.to, group, 0, ctx.cap) });
    if (result === 'destination-failing') continue;
    if (result === 'queued') queued += group.length;
    ctx.log.info({ subscriber, key, result }, 'alert queued again under its own key after an earlier attempt failed');
    await ctx.ledger.confirm(subscriber, idsOf(group), ctx.now);
    for (const item of group) ctx.done.add(pair(subscriber, item.paper.id));
  }
  return queued;
}

/** Whether `group` holds every paper of `ids` (unknown `ids`, from an older record: taken as yes). */
function carriesAll(group: readonly BatchItem[], ids: readonly string[] | undefined): boolean {
  if (!ids) return true;
  const held = new Set(idsOf(group));
  return ids.every((id) => held.has(id));
}

async function deliverClaimed(ctx: BatchContext, batch: SubscriberBatch, items: readonly BatchItem[]): Promise<BatchOutcome> {
  const { ledger, log } = ctx;
  const subscriber = batch.subscriber;
  const ids = idsOf(items);
  let slots: string[] = [];
  let sending: readonly BatchItem[];
  let reply: Reply | undefined;
  let key: string;
  try {
    slots = await ledger.takeDailySlots(subscriber, ctx.day, items.length, ctx.cap, ctx.now);
    sending = items.slice(0, slots.length);
    key = alertKey(subscriber, idsOf(sending));
    const overflow = items.length - sending.length;
    if (sending.length > 0) {
      if (overflow > 0) await ledger.firstOverflow(subscriber, ctx.day, ctx.now);
      reply = alertDigest(batch.to, sending, overflow, ctx.cap);
    } else if (await ledger.firstOverflow(subscriber, ctx.day, ctx.now)) {
      reply = overflowNotice(batch.to, overflow, ctx.cap);
      key = alertKey(subscriber, [`cap-${ctx.day}`]);
    }
  } catch (err) {
    // Nothing was marked or queued yet: give the claims and slots back, so the next poll alerts these papers.
    await ledger.release(subscriber, ids).catch(() => undefined);
    await ledger.returnDailySlots(subscriber, slots).catch(() => undefined);
    throw err;
  }
  const sendingIds = idsOf(sending);
  const overflowIds = ids.slice(sending.length);
  // From here on nothing is given back (decision 088): the pairs are the message's under `key`, or settled as overflow.
  await Promise.all([ledger.markQueuing(subscriber, sendingIds, key, ctx.now), ledger.confirm(subscriber, overflowIds, ctx.now)]);
  if (reply) {
    const result = await ctx.queue.enqueue({ key, kind: 'alert', to: batch.to, reply });
    if (result === 'destination-failing') {
      log.info({ subscriber }, 'alerts paused: the destination is failing; queued again under the same key once it is cleared');
      return { status: 'paused', alerted: 0, overflow: 0 };
    }
  }
  await ledger.confirm(subscriber, sendingIds, ctx.now);
  for (const id of ids) ctx.done.add(pair(subscriber, id));
  const overflow = overflowIds.length;
  if (overflow > 0) log.info({ subscriber, overflow, cap: ctx.cap }, 'daily alert cap reached');
  return { status: sending.length > 0 ? 'queued' : 'nothing-new', alerted: sending.length, overflow };
}
