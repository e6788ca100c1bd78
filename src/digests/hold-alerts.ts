/**
 * Where a subscriber's matches go at delivery: at once (`deliverBatch`), or, for a digest subscriber or one inside their
 * quiet hours, into the held list that their next slot delivers. Holding claims the pairs in the once-ever alert ledger
 * first (two pollers never both hold a pair, a pair already alerted is never held), stores them (`add`: a retry never
 * duplicates), then confirms them. A crash between claim and confirm lets the claim lapse (30 min) and a later poll
 * hold the pair again, harmlessly; the digest confirms whatever it carries before queuing it.
 */
import { deliverBatch, type BatchContext, type BatchOutcome } from '../alerts/deliver-batch.ts';
import type { SubscriberBatch } from '../alerts/alert-batch.ts';
import { holdsAlerts } from './alert-mode-input.ts';
import type { AlertModes } from './alert-modes.ts';
import { heldAlert, type HeldAlerts } from './held-alerts.ts';

export function createAlertRouting(modes: AlertModes, held: HeldAlerts): (ctx: BatchContext, batch: SubscriberBatch) => Promise<BatchOutcome> {
  return async (ctx, batch) => {
    let mode;
    try {
      mode = await modes.get(batch.to);
    } catch (err) {
      ctx.log.error({ err, subscriber: batch.subscriber }, 'alert mode unreadable; its papers will be tried again next poll');
      return { status: 'error', alerted: 0, overflow: 0 };
    }
    if (!holdsAlerts(mode, ctx.now)) return deliverBatch(ctx, batch);
    try {
      return await hold(ctx, held, batch);
    } catch (err) {
      ctx.log.error({ err, subscriber: batch.subscriber }, 'holding alerts failed; their claims lapse and a later poll holds them');
      return { status: 'error', alerted: 0, overflow: 0 };
    }
  };
}

async function hold(ctx: BatchContext, held: HeldAlerts, batch: SubscriberBatch): Promise<BatchOutcome> {
  const { subscriber } = batch;
  const fresh = batch.items.filter((i) => !ctx.done.has(`${subscriber}|${i.paper.id}`));
  if (fresh.length === 0) return { status: 'nothing-new', alerted: 0, overflow: 0 };
  const claimed = new Set(await ctx.ledger.claim(subscriber, fresh.map((i) => i.paper.id), ctx.now));
  const items = fresh.filter((i) => claimed.has(i.paper.id));
  if (items.length > 0) {
    await held.hold(subscriber, items.map((i) => heldAlert(i.paper, i.why, i.subscriptions ?? [], ctx.now)));
    await ctx.ledger.confirm(subscriber, [...claimed], ctx.now);
  }
  for (const i of items) ctx.done.add(`${subscriber}|${i.paper.id}`);
  // Pairs not claimable here: already sent, held, or carried by an instant alert whose enqueue was never confirmed
  // (the mode changed meanwhile). deliverBatch settles them as for an instant subscriber: it re-queues that alert's key.
  const others = fresh.filter((i) => !claimed.has(i.paper.id));
  const settled = others.length > 0 ? await deliverBatch(ctx, { ...batch, items: others }) : undefined;
  if (items.length > 0) ctx.log.info({ subscriber, papers: items.length }, 'alerts held for a digest or the end of quiet hours');
  if (settled && settled.status !== 'nothing-new') return { ...settled, held: items.length };
  return items.length > 0 ? { status: 'held', alerted: 0, overflow: 0, held: items.length } : { status: 'nothing-new', alerted: 0, overflow: 0 };
}
