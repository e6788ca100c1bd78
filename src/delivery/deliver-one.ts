import type { z } from 'zod';
import type { Logger } from '../log.ts';
import { destinationKey, type Platform, type Reply, type SendContext, type SendOutcome, type Sender } from '../model.ts';
import type { PostsRegistry } from '../posts/posts.ts';
import type { Collection } from '../store/store.ts';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';
import type { DestinationHealth } from './destination-health.ts';
import { LEDGER_TTL_MS, type claimSchema, type FailureRecord, type LedgerEntry, type PendingItem } from './records.ts';
import type { RunStats } from './run-stats.ts';

/** Everything one delivery attempt touches. */
export interface AttemptContext {
  owner: string;
  pending: Collection<PendingItem>;
  payloads: Collection<Reply>;
  ledger: Collection<LedgerEntry>;
  failed: Collection<FailureRecord>;
  claims: Collection<z.infer<typeof claimSchema>>;
  health: DestinationHealth;
  posts: PostsRegistry;
  senders: ReadonlyMap<Platform, Sender>;
  maxAttempts: number;
  backoff: BackoffPolicy;
  claimMs: number;
  sendTimeoutMs: number;
  now: () => number;
  random: () => number;
  stats: RunStats;
  log: Logger;
  /** Asks the queue to look again at `at` (epoch ms), when a retry becomes due. */
  wake(at: number): void;
}

export type AttemptResult = 'sent' | 'duplicate' | 'retry' | 'failed' | 'busy' | 'no-sender';

async function sendWithTimeout(sender: Sender, item: PendingItem, reply: Reply, ctx: SendContext, timeoutMs: number): Promise<SendOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<SendOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, transient: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    const sending = sender.send(item.to, reply, ctx);
    return await Promise.race([sending, timeout]);
  } catch (err) {
    return { ok: false, transient: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

async function giveUp(ctx: AttemptContext, item: PendingItem, reason: string, permanent: boolean): Promise<AttemptResult> {
  const record = { reason, at: ctx.now(), attempts: item.attempts, kind: item.kind, to: destinationKey(item.to), permanent };
  await ctx.failed.set(item.key, record, LEDGER_TTL_MS);
  await ctx.pending.delete(item.key);
  ctx.stats.count('failed');
  ctx.log.warn({ key: item.key, ...record }, `delivery failed: ${reason}`);
  return 'failed';
}

async function writeLedger(ctx: AttemptContext, item: PendingItem, messageId: string): Promise<LedgerEntry> {
  const entry: LedgerEntry = { status: 'sent', messageId, at: ctx.now(), kind: item.kind, to: destinationKey(item.to) };
  if (!(await ctx.ledger.add(item.key, entry, LEDGER_TTL_MS)))
    ctx.log.warn({ key: item.key, messageId }, 'sent twice: the ledger already had this item (platform answer was lost)');
  return entry;
}

/**
 * After the ledger write: the post record (unless the sender recorded its own messages: a digest split over several
 * messages is recorded per message by the platform sender), then the item leaves the queue.
 */
async function afterAccepted(
  ctx: AttemptContext,
  item: PendingItem,
  reply: Reply,
  entry: LedgerEntry,
  senderRecorded: boolean,
): Promise<void> {
  if (!senderRecorded) await recordPost(ctx, item, reply, entry.messageId, new Date(entry.at));
  await ctx.pending.delete(item.key);
}

async function recordPost(ctx: AttemptContext, item: PendingItem, reply: Reply, messageId: string, at: Date): Promise<void> {
  try {
    if (reply.kind === 'digest') await ctx.posts.record(item.to, messageId, reply.papers.map((r) => r.paper.id), 'digest', at);
    if (reply.kind === 'paper') await ctx.posts.record(item.to, messageId, [reply.paper.paper.id], 'single', at);
  } catch (err) {
    ctx.log.error({ err, key: item.key }, 'could not record the post for votes');
  }
}

async function releaseClaim(ctx: AttemptContext, key: string): Promise<void> {
  if ((await ctx.claims.get(key))?.owner === ctx.owner) await ctx.claims.delete(key);
}

/**
 * One attempt at one pending item: claim it (atomic `add` with a lease), check the ledger, send, and write the ledger
 * entry the moment the platform accepted the message (the sender calls `ctx.accepted`, or else when `send` returns).
 * Retry-after and transient failures put the item back with a `notBefore`; a permanent failure marks the destination
 * failing. The claim is always released.
 */
export async function deliverOne(ctx: AttemptContext, item: PendingItem): Promise<AttemptResult> {
  const sender = ctx.senders.get(item.to.platform);
  if (!sender) return 'no-sender';
  if (!(await ctx.claims.add(item.key, { owner: ctx.owner, at: ctx.now() }, ctx.claimMs))) return 'busy';
  try {
    if (await ctx.ledger.get(item.key)) {
      await ctx.pending.delete(item.key);
      ctx.stats.count('duplicates');
      return 'duplicate';
    }
    const current = await ctx.pending.get(item.key);
    if (!current) return 'duplicate';
    const failure = await ctx.health.failureOf(current.to);
    if (failure) return await giveUp(ctx, current, `destination failing: ${failure.reason}`, true);
    const reply = await ctx.payloads.get(current.payloadId);
    if (!reply) return await giveUp(ctx, current, 'message content missing from the store', true);

    const ledgered: { entry?: LedgerEntry } = {};
    const accepted = async (messageId: string) => {
      ledgered.entry ??= await writeLedger(ctx, current, messageId);
    };
    const attempt: SendContext = { idempotencyKey: current.key, attempt: current.attempts + 1, accepted };
    const outcome = await sendWithTimeout(sender, current, reply, attempt, ctx.sendTimeoutMs);
    if (outcome.ok || ledgered.entry) {
      if (!outcome.ok) ctx.log.warn({ key: current.key, outcome }, 'the platform accepted the message, then the sender failed; not sent again');
      const entry = ledgered.entry ?? (await writeLedger(ctx, current, outcome.ok ? outcome.messageId : ''));
      await afterAccepted(ctx, current, reply, entry, outcome.ok && outcome.recordedPosts === true);
      ctx.stats.count('sent');
      return 'sent';
    }
    const attempts = current.attempts + 1;
    if ('permanent' in outcome) {
      await ctx.health.markFailing(current.to, outcome.permanent, ctx.now());
      return await giveUp(ctx, { ...current, attempts }, outcome.permanent, true);
    }
    const reason = 'retryAfterMs' in outcome ? `rate limited: ${outcome.reason}` : Object.values(outcome)[1] as string;
    if (attempts >= ctx.maxAttempts) return await giveUp(ctx, { ...current, attempts }, `gave up after ${attempts} attempts: ${reason}`, false);
    const delay = 'retryAfterMs' in outcome ? Math.max(0, outcome.retryAfterMs) : backoffDelay(attempts, ctx.backoff, ctx.random);
    await ctx.pending.set(current.key, { ...current, attempts, notBefore: ctx.now() + delay, lastError: reason });
    ctx.wake(ctx.now() + delay);
    ctx.stats.count('retried');
    ctx.log.info({ key: current.key, attempts, delayMs: delay, reason }, 'delivery will be retried');
    return 'retry';
  } finally {
    await releaseClaim(ctx, item.key).catch((err: unknown) => ctx.log.warn({ err, key: item.key }, 'could not release a claim'));
  }
}
