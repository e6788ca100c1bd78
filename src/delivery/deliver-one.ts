import { startLateTimer } from '../late-timer.ts';
import type { Logger } from '../log.ts';
import { destinationKey, type Platform, type Reply, type SendContext, type SendOutcome, type Sender } from '../model.ts';
import type { PostsRegistry } from '../posts/posts.ts';
import type { Collection, LeaseSpace } from '../store/store.ts';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';
import { guardClaim, type ClaimGuard } from './claim-guard.ts';
import type { DestinationHealth } from './destination-health.ts';
import type { PlatformPauses } from './platform-pause.ts';
import { LEDGER_TTL_MS, PAYLOAD_TTL_MS, type FailureRecord, type LedgerEntry, type PendingItem } from './records.ts';
import type { RunStats } from './run-stats.ts';

/** Everything one delivery attempt touches. */
export interface AttemptContext {
  owner: string;
  pending: Collection<PendingItem>;
  payloads: Collection<Reply>;
  ledger: Collection<LedgerEntry>;
  failed: Collection<FailureRecord>;
  refused: Collection<{ platform: string; reason: string; at: number }>;
  claims: LeaseSpace;
  health: DestinationHealth;
  posts: PostsRegistry;
  senders: ReadonlyMap<Platform, Sender>;
  pauses: PlatformPauses;
  /** Ms left on this process's sender lease of a platform (0 = not held). */
  senderLeaseLeft(platform: Platform): Promise<number>;
  /** Items whose send outlived its timeout and may still land: not tried again by this process until it settles. */
  lingering: Set<string>;
  /** Items this process saw accepted whose ledger write failed: written on the next attempt, never sent again. */
  landed: Map<string, string>;
  maxAttempts: number;
  backoff: BackoffPolicy;
  claimMs: number;
  /** The sender lease's time to live. */
  leaseMs: number;
  sendTimeoutMs: number;
  now: () => number;
  random: () => number;
  stats: RunStats;
  log: Logger;
  /** Asks the queue to look again at `at` (epoch ms), when a retry becomes due. */
  wake(at: number): void;
}

/**
 * An unknown outcome is retried within a minute at the latest: Discord's nonce returns the message already created only
 * for a few minutes (docs/decisions/085), and a Slack lookup reads recent history.
 */
const UNKNOWN_RETRY_CAP_MS = 60_000;

/** A message the platform accepted in this attempt, and whether its ledger entry is written. */
interface Landed {
  id: string;
  ledgered: boolean;
}

export type AttemptResult = 'sent' | 'duplicate' | 'retry' | 'failed' | 'busy' | 'no-sender' | 'paused';

function outcomeText(o: Exclude<SendOutcome, { ok: true }>): string {
  if ('retryAfterMs' in o) return `rate limited: ${o.reason}`;
  if ('transient' in o) return o.transient;
  if ('unknown' in o) return `outcome unknown: ${o.unknown}`;
  if ('permanent' in o) return o.permanent;
  if ('tokenProblem' in o) return o.tokenProblem;
  if ('refused' in o) return o.refused;
  return o.fenced;
}

/**
 * Waits for the send at most `timeoutMs`. A send that outlives it counts as `unknown` for now (it may still land); `late`
 * then gives its real outcome when it settles.
 */
async function sendBounded(ctx: AttemptContext, sender: Sender, item: PendingItem, reply: Reply, send: SendContext) {
  let stop = () => {};
  const sending = sender.send(item.to, reply, send).catch((err: unknown): SendOutcome => ({
    ok: false,
    unknown: err instanceof Error ? err.message : String(err),
  }));
  const timeout = new Promise<'timeout'>((resolve) => (stop = startLateTimer(ctx.sendTimeoutMs, () => resolve('timeout'))));
  const first = await Promise.race([sending, timeout]);
  stop();
  if (first !== 'timeout') return { outcome: first };
  return { outcome: { ok: false, unknown: `no answer within ${ctx.sendTimeoutMs} ms` } as SendOutcome, late: sending };
}

/**
 * A send that outlived its timeout: the item is not tried again, by this process or another (the claim stays renewed,
 * at most 4 timeouts long), until the request settles; if it then turns out accepted, it is recorded as sent.
 */
function awaitLateOutcome(ctx: AttemptContext, guard: ClaimGuard, late: Promise<SendOutcome>, finish: (o: SendOutcome) => Promise<unknown>) {
  const key = guard.fence.key;
  ctx.lingering.add(key);
  const bound = setTimeout(() => guard.abandon(), 4 * ctx.sendTimeoutMs);
  bound.unref();
  void late
    .then(finish)
    .catch((err: unknown) => ctx.log.warn({ err, key }, 'could not record a send that answered late'))
    .finally(async () => {
      clearTimeout(bound);
      ctx.lingering.delete(key);
      await guard.release().catch(() => undefined);
    });
}

async function giveUp(ctx: AttemptContext, guard: ClaimGuard, item: PendingItem, reason: string, permanent: boolean): Promise<AttemptResult> {
  const record = { reason, at: ctx.now(), attempts: item.attempts, kind: item.kind, to: destinationKey(item.to), permanent };
  if (!(await ctx.failed.setIfHolds(guard.fence, item.key, record, LEDGER_TTL_MS))) return 'busy';
  await ctx.pending.deleteIfHolds(guard.fence, item.key);
  ctx.stats.count('failed', item);
  ctx.log.warn({ key: item.key, ...record }, `delivery failed: ${reason}`);
  return 'failed';
}

/** The ledger entry, written only while our claim holds; false when the claim was lost (the successor settles it). */
async function writeLedger(ctx: AttemptContext, guard: ClaimGuard, item: PendingItem, messageId: string): Promise<boolean> {
  const entry: LedgerEntry = { status: 'sent', messageId, at: ctx.now(), kind: item.kind, to: destinationKey(item.to) };
  const result = await ctx.ledger.addIfHolds(guard.fence, item.key, entry, LEDGER_TTL_MS);
  if (result === 'exists') ctx.log.warn({ key: item.key, messageId }, 'sent twice: the ledger already had this item (platform answer was lost)');
  if (result === 'fenced') ctx.log.warn({ key: item.key, messageId }, 'the claim was lost while sending; the ledger is left to the process that took it over');
  return result !== 'fenced';
}

/** After the platform accepted: the post record (unless the sender recorded its own messages), then the item leaves. */
async function finishSent(ctx: AttemptContext, guard: ClaimGuard, item: PendingItem, reply: Reply, landed: Landed, senderRecorded: boolean) {
  if (!landed.ledgered && !(await writeLedger(ctx, guard, item, landed.id))) return;
  const messageId = landed.id;
  ctx.landed.delete(item.key);
  if (!senderRecorded) await recordPost(ctx, item, reply, messageId);
  await ctx.pending.deleteIfHolds(guard.fence, item.key);
}

async function recordPost(ctx: AttemptContext, item: PendingItem, reply: Reply, messageId: string): Promise<void> {
  try {
    const at = new Date(ctx.now());
    if (reply.kind === 'digest') await ctx.posts.record(item.to, messageId, reply.papers.map((r) => r.paper.id), 'digest', at);
    if (reply.kind === 'paper') await ctx.posts.record(item.to, messageId, [reply.paper.paper.id], 'single', at);
  } catch (err) {
    ctx.log.error({ err, key: item.key }, 'could not record the post for votes');
  }
}

/**
 * Puts the item back for a later attempt. The in-flight mark stays while any attempt's outcome is unknown (this one's, or
 * an earlier one's: a refusal now says nothing of a message that may have landed before), so the next attempt looks
 * before posting; only a definite refusal after definite refusals clears it.
 */
async function retryLater(ctx: AttemptContext, guard: ClaimGuard, item: PendingItem, outcome: Exclude<SendOutcome, { ok: true }>, earlierUnknown: boolean): Promise<AttemptResult> {
  const reason = outcomeText(outcome);
  if (item.attempts >= ctx.maxAttempts) return giveUp(ctx, guard, item, `gave up after ${item.attempts} attempts: ${reason}`, false);
  const backoff = backoffDelay(item.attempts, ctx.backoff, ctx.random);
  const delay = 'retryAfterMs' in outcome ? Math.max(0, outcome.retryAfterMs) : 'unknown' in outcome ? Math.min(backoff, UNKNOWN_RETRY_CAP_MS) : backoff;
  const next: PendingItem = { ...item, notBefore: ctx.now() + delay, lastError: reason };
  if (!('unknown' in outcome) && !earlierUnknown) delete next.inFlight;
  if (!(await ctx.pending.setIfHolds(guard.fence, item.key, next))) return 'busy';
  ctx.wake(next.notBefore);
  ctx.stats.count('retried', item);
  ctx.log.info({ key: item.key, attempts: item.attempts, delayMs: delay, reason }, 'delivery will be retried');
  return 'retry';
}

/** What the sender's answer means for the item. */
async function settle(ctx: AttemptContext, guard: ClaimGuard, item: PendingItem, before: PendingItem, reply: Reply, outcome: SendOutcome, landed?: Landed) {
  const platform = item.to.platform;
  if (outcome.ok || landed) {
    if (!outcome.ok) ctx.log.warn({ key: item.key, outcome }, 'the platform accepted the message, then the sender failed; not sent again');
    ctx.pauses.resume(platform, ctx.now());
    const message = landed ?? { id: outcome.ok ? outcome.messageId : '', ledgered: false };
    ctx.landed.set(item.key, message.id);
    await finishSent(ctx, guard, item, reply, message, outcome.ok && outcome.recordedPosts === true);
    ctx.stats.count('sent', item);
    return 'sent';
  }
  if ('fenced' in outcome) {
    ctx.log.warn({ key: item.key, reason: outcome.fenced }, 'claim or sender lease lost before posting; nothing sent, another process takes over');
    return 'busy';
  }
  if ('tokenProblem' in outcome) {
    const probeAt = ctx.pauses.pause(platform, outcome.tokenProblem, ctx.now());
    const back: PendingItem = { ...before, notBefore: probeAt, lastError: outcome.tokenProblem };
    if (await ctx.pending.setIfHolds(guard.fence, item.key, back)) ctx.wake(probeAt);
    return 'paused';
  }
  ctx.pauses.resume(platform, ctx.now());
  if ('refused' in outcome) {
    const fresh = await ctx.refused.add(item.payloadId, { platform, reason: outcome.refused, at: ctx.now() }, PAYLOAD_TTL_MS);
    if (fresh)
      ctx.log.error({ payloadId: item.payloadId, kind: item.kind, reason: outcome.refused },
        `${platform} refused this message's content; it is given up for every destination (no channel was marked failing)`);
    return giveUp(ctx, guard, item, `message refused by ${platform}: ${outcome.refused}`, false);
  }
  if ('permanent' in outcome) {
    await ctx.health.markFailing(item.to, outcome.permanent, ctx.now());
    return giveUp(ctx, guard, item, outcome.permanent, true);
  }
  return retryLater(ctx, guard, item, outcome, before.inFlight !== undefined);
}

/**
 * One attempt at one pending item (docs/decisions/080): take a fenced claim on it, check the ledger and the payload,
 * mark the attempt in flight (fenced), send — the sender re-checks the claim right before posting — and write the
 * ledger the moment the platform accepted. Every write is fenced by the claim, so a process that paused past it
 * changes nothing. The claim is released at the end, or once a send that outlived its timeout settles.
 */
export async function deliverOne(ctx: AttemptContext, item: PendingItem): Promise<AttemptResult> {
  const sender = ctx.senders.get(item.to.platform);
  if (!sender) return 'no-sender';
  const guard = await guardClaim({
    claims: ctx.claims, key: item.key, owner: ctx.owner, ttlMs: ctx.claimMs,
    senderLeaseLeft: () => ctx.senderLeaseLeft(item.to.platform),
    senderLeaseTtlMs: ctx.leaseMs,
    onRenewalError: (err) => ctx.log.warn({ err, key: item.key }, 'could not renew a claim'),
  });
  if (!guard) return 'busy';
  let lingering = false;
  try {
    if (await ctx.ledger.get(item.key)) {
      await ctx.pending.deleteIfHolds(guard.fence, item.key);
      ctx.landed.delete(item.key);
      ctx.stats.count('duplicates', item);
      return 'duplicate';
    }
    const current = await ctx.pending.get(item.key);
    if (!current) return 'duplicate';
    const failure = await ctx.health.failureOf(current.to);
    if (failure) return await giveUp(ctx, guard, current, `destination failing: ${failure.reason}`, true);
    const refused = await ctx.refused.get(current.payloadId);
    if (refused) return await giveUp(ctx, guard, current, `message refused by ${refused.platform}: ${refused.reason}`, false);
    const reply = await ctx.payloads.get(current.payloadId);
    if (!reply) return await giveUp(ctx, guard, current, 'message content missing from the store', true);
    const landedBefore = ctx.landed.get(current.key);
    if (landedBefore !== undefined)
      return await settle(ctx, guard, current, current, reply, { ok: true, messageId: landedBefore }, { id: landedBefore, ledgered: false });

    const attempt: PendingItem = {
      ...current,
      attempts: current.attempts + 1,
      inFlight: { owner: ctx.owner, token: guard.fence.token, at: ctx.now() },
    };
    if (!(await ctx.pending.setIfHolds(guard.fence, current.key, attempt))) return 'busy';
    let landed: Landed | undefined;
    const send: SendContext = {
      idempotencyKey: current.key,
      attempt: attempt.attempts,
      outcomeUnknown: current.inFlight !== undefined,
      mayPost: () => guard.mayPost(),
      async accepted(messageId) {
        if (landed) return;
        const message: Landed = (landed = { id: messageId, ledgered: false });
        ctx.landed.set(current.key, messageId);
        message.ledgered = await writeLedger(ctx, guard, attempt, messageId).catch((err: unknown) => {
          ctx.log.warn({ err, key: current.key }, 'the platform accepted the message, the ledger write failed; it is retried, never sent again');
          return false;
        });
      },
    };
    const sent = await sendBounded(ctx, sender, attempt, reply, send);
    const result = await settle(ctx, guard, attempt, current, reply, sent.outcome, landed);
    if (sent.late) {
      lingering = true;
      const settledAsSent = result === 'sent';
      awaitLateOutcome(ctx, guard, sent.late, async (outcome) => {
        if (settledAsSent || (!outcome.ok && !landed)) return;
        ctx.log.info({ key: current.key }, 'a send that timed out was accepted after all; recorded, not sent again');
        await settle(ctx, guard, attempt, current, reply, outcome, landed);
      });
    }
    return result;
  } finally {
    if (!lingering) await guard.release().catch((err: unknown) => ctx.log.warn({ err, key: item.key }, 'could not release a claim'));
  }
}
