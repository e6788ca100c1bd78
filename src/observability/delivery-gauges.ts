import { Counter, Gauge } from 'prom-client';
import { z } from 'zod';
import type { DeliveryQueue } from '../delivery/queue-api.ts';
import { COLLECTIONS } from '../delivery/records.ts';
import type { RunCounts } from '../delivery/run-stats.ts';
import type { Platform } from '../model.ts';
import type { Store } from '../store/store.ts';
import type { AppMetrics } from './metrics.ts';

export interface DeliveryWatchOptions {
  queue: DeliveryQueue;
  /** The platforms this process sends for (the ones with a registered Sender). */
  platforms: () => readonly Platform[];
  /** How long one scan of the pending items serves scrapes; default 5 s (a scan reads every pending item). */
  cacheMs?: number;
  now?: () => number;
}

/** Memoises an async read for `ms`, so frequent scrapes cost one read. */
function cached<T>(ms: number, now: () => number, read: () => Promise<T>): () => Promise<T> {
  let at = -Infinity;
  let value: Promise<T> | undefined;
  return () => {
    if (!value || now() - at >= ms) {
      at = now();
      value = read().catch((err: unknown) => ((value = undefined), Promise.reject(err)));
    }
    return value;
  };
}

/**
 * Delivery gauges read through the queue's public interface when `/metrics` is scraped: queue depth and oldest pending
 * age (every process sees the whole shared queue), the sender lease per platform, and the queue's own totals.
 */
export function watchDelivery(metrics: AppMetrics, opts: DeliveryWatchOptions): void {
  const now = opts.now ?? Date.now;
  const registers = [metrics.registry];
  const pending = cached(opts.cacheMs ?? 5_000, now, () => opts.queue.pendingItems());
  new Gauge({
    name: 'paperboy_delivery_queue_depth',
    help: 'Messages waiting in the shared delivery queue (all instances), by platform and kind',
    labelNames: ['platform', 'kind'] as const,
    registers,
    async collect() {
      this.reset();
      for (const item of await pending()) this.inc({ platform: item.to.platform, kind: item.kind });
    },
  });
  new Gauge({
    name: 'paperboy_delivery_oldest_pending_seconds',
    help: 'Age of the oldest message waiting in the delivery queue, by platform (absent when none waits)',
    labelNames: ['platform'] as const,
    registers,
    async collect() {
      this.reset();
      const oldest = new Map<string, number>();
      for (const item of await pending()) oldest.set(item.to.platform, Math.min(oldest.get(item.to.platform) ?? Infinity, item.enqueuedAt));
      for (const [platform, at] of oldest) this.set({ platform }, Math.max(0, now() - at) / 1000);
    },
  });
  new Gauge({
    name: 'paperboy_sender_lease_held',
    help: '1 when this instance holds the active-sender lease of a platform, else 0',
    labelNames: ['platform'] as const,
    registers,
    collect() {
      this.reset();
      for (const platform of opts.platforms()) this.set({ platform }, opts.queue.isActiveSender(platform) ? 1 : 0);
    },
  });
  const OUTCOMES: ReadonlyArray<keyof RunCounts> = ['queued', 'sent', 'retried', 'failed', 'duplicates'];
  /** What each (platform, kind, outcome) had reached at the last scrape: the counter grows by the difference. */
  const seen = new Map<string, number>();
  new Counter({
    name: 'paperboy_deliveries_total',
    help: 'Delivery queue outcomes in this instance by platform and kind: queued, sent, retried, failed (given up), duplicates (already delivered, dropped)',
    labelNames: ['platform', 'kind', 'outcome'] as const,
    registers,
    collect() {
      for (const totals of opts.queue.totalsByLabel()) {
        for (const outcome of OUTCOMES) {
          const labels = { platform: totals.platform, kind: totals.kind, outcome };
          const id = `${labels.platform}\u0000${labels.kind}\u0000${outcome}`;
          const delta = totals[outcome] - (seen.get(id) ?? 0);
          if (delta > 0) this.inc(labels, delta);
          seen.set(id, totals[outcome]);
        }
      }
    },
  });
}

/** The stored shape of a paused destination (`createDestinationHealth`): only `failing` is needed here. */
const pausedSchema = z.object({ failing: z.literal(true) }).loose();

/**
 * Destinations whose delivery, schedule and alerts are paused after a permanent failure, by platform. Read from the
 * store (keys `platform:community:…` in the `destinations` collection) at most every `cacheMs` (default 30 s).
 */
export function watchPausedDestinations(metrics: AppMetrics, store: Store, opts: { cacheMs?: number; now?: () => number } = {}): void {
  const now = opts.now ?? Date.now;
  const destinations = store.collection(COLLECTIONS.destinations, pausedSchema);
  const count = cached(opts.cacheMs ?? 30_000, now, async () => {
    const byPlatform = new Map<string, number>();
    for await (const [key] of destinations.entries()) {
      const platform = key.split(':', 1)[0]!;
      byPlatform.set(platform, (byPlatform.get(platform) ?? 0) + 1);
    }
    return byPlatform;
  });
  new Gauge({
    name: 'paperboy_paused_destinations',
    help: 'Channels and DMs paused after a permanent delivery failure (lost access, deleted channel), by platform',
    labelNames: ['platform'] as const,
    registers: [metrics.registry],
    async collect() {
      this.reset();
      for (const [platform, n] of await count()) this.set({ platform }, n);
    },
  });
}
