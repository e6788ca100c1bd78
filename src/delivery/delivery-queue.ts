import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Platform, Reply, Sender } from '../model.ts';
import { deliverOne, type AttemptContext } from './deliver-one.ts';
import { createDestinationHealth } from './destination-health.ts';
import { createLease, type Lease } from './lease.ts';
import { createPacer } from './pacer.ts';
import { PlatformPauses } from './platform-pause.ts';
import { createPlatformStatus } from './platform-status.ts';
import {
  COLLECTIONS, failureSchema, ledgerSchema, PAYLOAD_TTL_MS, payloadIdOf, pendingSchema, refusedSchema,
  type PendingItem,
} from './records.ts';
import { replySchema } from './reply-schema.ts';
import { RunStats } from './run-stats.ts';
import type { DeliveryQueue, DeliveryQueueOptions } from './queue-api.ts';
import { yieldToEventLoop } from '../turns.ts';

export type { DeliveryQueue, DeliveryQueueOptions, DeliveryRequest, EnqueueResult } from './queue-api.ts';

export function createDeliveryQueue(opts: DeliveryQueueOptions): DeliveryQueue {
  const { store, log } = opts;
  const owner = opts.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const now = opts.now ?? Date.now;
  const leaseMs = opts.leaseMs ?? 30_000;
  const claimMs = opts.claimMs ?? 60_000;
  const pollMs = opts.pollMs ?? 1_000;
  const health = opts.health ?? createDestinationHealth(store, log);
  const pending = store.collection(COLLECTIONS.pending, pendingSchema);
  const payloads = store.collection(COLLECTIONS.payloads, replySchema);
  const ledger = store.collection(COLLECTIONS.ledger, ledgerSchema);
  const failed = store.collection(COLLECTIONS.failed, failureSchema);
  const leaseSpace = store.leases(COLLECTIONS.leases);
  const status = opts.platformStatus ?? createPlatformStatus(store);
  const pauses = new PlatformPauses(log, opts.tokenProbeMs, undefined, (platform, reason) => {
    const text = reason && `sending paused: the bot token cannot send (${reason}); it resumes by itself once the token works`;
    status.note(platform, 'token', text).catch((err: unknown) => log.warn({ err, platform }, 'could not record the platform note'));
  });
  const senders = new Map<Platform, Sender>();
  const leases = new Map<Platform, Lease>();
  const stats = new RunStats(log);
  const pacer = createPacer({ concurrency: opts.concurrency ?? 32, perDestination: opts.perDestination ?? 1, rules: opts.pacing });
  const active = new Set<string>();
  /** Items whose attempt has started (claimed or claiming), as opposed to waiting in the pacer. */
  const running = new Set<string>();
  const writtenPayloads = new Map<string, number>();
  const payloadIds = new WeakMap<Reply, string>();
  let started = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let wakeTimer: NodeJS.Timeout | undefined;
  let wakeAt = Infinity;
  let leasesRefreshedAt = -Infinity;
  let pumping: Promise<void> | undefined;
  let again = false;

  const ctx: AttemptContext = {
    owner, pending, payloads, ledger, failed, health, senders, stats, log, now, pauses,
    posts: opts.posts,
    claims: store.leases(COLLECTIONS.claims),
    refused: store.collection(COLLECTIONS.refused, refusedSchema),
    senderLeaseLeft: async (platform) => (await leases.get(platform)?.remaining()) ?? 0,
    lingering: new Set(),
    landed: new Map(),
    maxAttempts: opts.maxAttempts ?? 8,
    backoff: opts.backoff ?? { baseMs: 2_000, capMs: 600_000 },
    claimMs,
    leaseMs,
    sendTimeoutMs: opts.sendTimeoutMs ?? claimMs,
    random: opts.random ?? Math.random,
    wake(at) {
      if (closed || at >= wakeAt) return;
      clearTimeout(wakeTimer);
      wakeAt = at;
      wakeTimer = setTimeout(() => ((wakeAt = Infinity), kick()), Math.max(0, at - now()));
      wakeTimer.unref();
    },
  };

  async function refreshLeases(): Promise<void> {
    leasesRefreshedAt = now();
    for (const [platform, lease] of leases) {
      const wasHeld = lease.held;
      const held = await lease.refresh();
      if (held !== wasHeld) log.info({ platform, owner }, held ? 'active sender for this platform' : 'no longer the active sender');
    }
  }

  function dispatch(item: PendingItem, probe: boolean): void {
    active.add(item.key);
    pacer
      .run(item.to, async () => {
        if (closed) return 'busy' as const;
        running.add(item.key);
        try {
          return await deliverOne(ctx, item);
        } finally {
          running.delete(item.key);
        }
      })
      .catch((err: unknown) => log.error({ err, key: item.key }, 'delivery attempt failed; the item stays pending'))
      .finally(() => {
        if (probe) pauses.settled(item.to.platform);
        active.delete(item.key);
        stats.progress(active.size);
        if (active.size === 0) kick();
      });
  }

  async function pass(): Promise<void> {
    // Held leases are renewed every third of their time; a standby asks every poll, so it takes over a released lease at
    // once (docs/decisions/093) instead of up to a third of the lease later.
    const standby = [...leases.values()].some((l) => !l.held);
    if (now() - leasesRefreshedAt >= (standby ? Math.min(pollMs, leaseMs / 3) : leaseMs / 3)) await refreshLeases();
    const leading = new Set([...leases].filter(([, l]) => l.held).map(([p]) => p));
    const dispatched: string[] = [];
    let waiting = 0;
    if (leading.size > 0) {
      let seen = 0;
      const at = now();
      for await (const [key, item] of pending.entries()) {
        if (closed) return;
        if (++seen % 500 === 0) await yieldToEventLoop();
        if (!leading.has(item.to.platform) || active.has(key) || ctx.lingering.has(key)) continue;
        const admitted = item.notBefore > at ? 'wait' : pauses.admit(item.to.platform, at);
        if (admitted === 'wait') {
          waiting++;
          ctx.wake(Math.max(item.notBefore, pauses.of(item.to.platform)?.probeAt ?? 0));
        } else {
          dispatch(item, admitted === 'probe');
          dispatched.push(key);
        }
      }
      stats.noteDispatched(dispatched);
      pacer.prune(at);
    }
    if (active.size === 0 && dispatched.length === 0 && waiting === 0) stats.endRun(2 * pollMs);
  }

  function kick(): void {
    if (!started || closed) return;
    void pump();
  }

  async function pump(): Promise<void> {
    if (closed) return;
    if (pumping) {
      again = true;
      return pumping;
    }
    pumping = (async () => {
      do {
        again = false;
        try {
          await pass();
        } catch (err) {
          log.error({ err }, 'delivery pass failed; will try again');
        }
      } while (again && !closed);
    })().finally(() => (pumping = undefined));
    return pumping;
  }

  async function writePayload(id: string, reply: Reply): Promise<void> {
    const at = now();
    if ((writtenPayloads.get(id) ?? -Infinity) > at - 3_600_000) return;
    if (writtenPayloads.size > 10_000) writtenPayloads.clear();
    await payloads.set(id, reply, PAYLOAD_TTL_MS);
    writtenPayloads.set(id, at);
  }

  return {
    destinations: health,
    registerSender(sender) {
      senders.set(sender.platform, sender);
      if (!leases.has(sender.platform))
        leases.set(sender.platform, createLease(leaseSpace, `sender:${sender.platform}`, owner, leaseMs));
      leasesRefreshedAt = -Infinity;
      kick();
    },
    async enqueue({ key, kind, to, reply }) {
      if (await ledger.get(key)) return 'already-delivered';
      if (await health.isFailing(to)) return 'destination-failing';
      let payloadId = payloadIds.get(reply);
      if (!payloadId) payloadIds.set(reply, (payloadId = payloadIdOf(reply)));
      await writePayload(payloadId, reply);
      const at = now();
      const item: PendingItem = { key, kind, to, payloadId, attempts: 0, notBefore: at, enqueuedAt: at };
      if (!(await pending.add(key, item))) return 'already-queued';
      stats.count('queued', item);
      kick();
      return 'queued';
    },
    delivered: (key) => ledger.get(key),
    failure: (key) => failed.get(key),
    async pendingItems() {
      const items: PendingItem[] = [];
      for await (const [, item] of pending.entries()) items.push(item);
      return items;
    },
    isActiveSender: (platform) => leases.get(platform)?.held ?? false,
    platformPause: (platform) => {
      const p = pauses.of(platform);
      return p && { reason: p.reason, since: p.since };
    },
    totals: () => stats.total(),
    totalsByLabel: () => stats.totalBy(),
    start() {
      if (started || closed) return;
      started = true;
      timer = setInterval(kick, pollMs);
      timer.unref();
      kick();
    },
    pump,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      clearTimeout(wakeTimer);
      await pacer.stop(opts.shutdownGraceMs ?? Math.min(5_000, ctx.sendTimeoutMs));
      await pumping?.catch(() => {});
      stats.endRun();
      const unsettled = [...new Set([...running, ...ctx.lingering])];
      if (unsettled.length > 0)
        log.warn({ items: unsettled.slice(0, 20), count: unsettled.length },
          'sends still unanswered at shutdown: their items keep the in-flight mark and claim, and are checked before any new attempt');
      for (const [platform, lease] of leases) {
        const held = lease.held;
        await lease.release().catch((err: unknown) => log.warn({ err, platform }, 'could not release the sender lease; it lapses by itself'));
        if (held) log.info({ platform, owner }, 'sender lease released for another instance');
      }
    },
  };
}
