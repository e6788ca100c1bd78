/**
 * One slot of a subscriber's digest (or of the end of their quiet hours), run by the daily-post scheduler: the held
 * alerts go out as one message under a key of their own, then are cleared. The slot is claimed like a channel's daily
 * post (fenced, renewed); the papers a slot carries are fixed by its first attempt, so a retry after a pause or a crash
 * queues the same key (refused by the queue if it got through) and clears the same papers, never newer ones.
 */
import type { AlertLedger } from '../alerts/alert-ledger.ts';
import type { Logger } from '../log.ts';
import { destinationKey, type Destination } from '../model.ts';
import type { DueChannel } from '../schedule/due-index.ts';
import { claimSlot } from '../schedule/slot-claim.ts';
import { SLOT_TTL_MS, type SlotOutcome, type SlotRunnerDeps } from '../schedule/slot-runner.ts';
import { slotRecordKey } from '../schedule/slots.ts';
import type { AlertModes } from './alert-modes.ts';
import { digestReply } from './digest-reply.ts';
import type { HeldAlerts } from './held-alerts.ts';

export interface DigestSlotDeps {
  held: HeldAlerts;
  ledger: AlertLedger;
  modes: AlertModes;
  /** A subscriber's subscriptions in their order: id → query text (for the digest's groups). */
  queries(owner: Destination): Promise<Map<string, string>>;
}

/** The queue key of one digest: one per subscriber and slot instant, so a slot is delivered at most once. */
export const digestKey = (subscriber: string, slotIso: string): string => `alert-digest:${subscriber}:${slotIso}`;

export async function runDigestSlot(deps: SlotRunnerDeps, d: DigestSlotDeps, due: DueChannel, now: Date, log: Logger): Promise<SlotOutcome> {
  const { settings, slot } = due;
  const to = settings.to;
  const subscriber = destinationKey(to);
  const key = slotRecordKey(settings, slot);
  const failure = await deps.health.failureOf(to);
  if (failure) {
    if (await deps.slots.add(key, { state: 'paused', at: now.getTime(), result: failure.reason }, SLOT_TTL_MS))
      log.warn({ reason: failure.reason }, 'alert digest paused: the destination is failing; the papers stay held');
    return 'paused';
  }
  const claim = await claimSlot(deps.leases, deps.slots, key, deps.owner, deps.leaseMs);
  if (!claim) return 'taken';
  try {
    const messageKey = digestKey(subscriber, slot.toUTC().toISO() ?? String(slot.toMillis()));
    const ids = (await d.held.batchOf(messageKey)) ?? (await d.held.list(subscriber)).map((a) => a.paper.id);
    if (ids.length === 0) {
      await claim.finish({ state: 'done', at: now.getTime(), result: 'nothing held' }, SLOT_TTL_MS);
      return 'empty';
    }
    const fixed = await d.held.batch(messageKey, ids, now);
    const queries = await d.queries(to);
    // Papers held for subscriptions removed since are dropped (and cleared with the rest).
    const alerts = (await d.held.some(subscriber, fixed)).filter((a) => a.subscriptions.length === 0 || a.subscriptions.some((id) => queries.has(id)));
    // Once ever: the pairs are settled in the alert ledger before the message exists (a hold whose confirm never ran).
    await d.ledger.confirm(subscriber, fixed, now);
    let result = 'cleared';
    if (alerts.length > 0) {
      if (!(await claim.holds())) {
        await claim.stop();
        log.warn('alert digest not queued: this process lost its claim on the slot (it paused past the lease); another sends it');
        return 'taken';
      }
      const mode = await d.modes.get(to);
      const kind = mode?.mode === 'daily' || mode?.mode === 'weekly' ? mode.mode : 'held';
      const reply = digestReply(kind, to, alerts, queries);
      result = await deps.queue.enqueue({ key: messageKey, kind: 'alert', to, reply });
      if (result === 'destination-failing') {
        await claim.finish({ state: 'paused', at: now.getTime(), result }, SLOT_TTL_MS);
        return 'paused';
      }
    }
    await d.held.clear(subscriber, fixed);
    if (!(await claim.finish({ state: 'done', at: now.getTime(), result }, SLOT_TTL_MS)))
      log.warn({ result }, 'alert digest queued, but the claim on the slot was lost before its record was written');
    log.info({ papers: alerts.length, result }, 'alert digest handled');
    return result === 'queued' ? 'queued' : alerts.length ? 'already-posted' : 'empty';
  } catch (err) {
    await claim.release().catch(() => undefined);
    throw err;
  }
}
