import type { Archive } from '../archive/archive.ts';
import type { Config } from '../config.ts';
import type { DeliveryQueue } from '../delivery/queue-api.ts';
import type { Platform } from '../model.ts';
import { newestFetch } from '../papers/papers-service.ts';
import type { Store } from '../store/store.ts';
import { watchArchive } from './archive-gauges.ts';
import { watchDelivery, watchPausedDestinations } from './delivery-gauges.ts';
import { healthRoutes, type HealthRoute } from './health-server.ts';
import type { AppMetrics } from './metrics.ts';
import { createReadiness, type PlatformConnection } from './readiness.ts';

export interface ObservedApp {
  config: Pick<Config, 'TODAY_REFRESH_MINUTES' | 'ALERT_POLL_MINUTES' | 'HEALTH_HF_GRACE_MINUTES' | 'TODAY_LOOKBACK_DAYS'>;
  store: Store;
  delivery: DeliveryQueue;
  archive: Pick<Archive, 'size' | 'loaded'>;
}

export interface ObserveOptions {
  /** The adapters started so far (read at each /readyz, so adapters started later count). */
  platforms: () => readonly PlatformConnection[];
  /** True once shutdown started: `/readyz` answers 503 `shutdown` from then on (docs/decisions/093). */
  stopping?: () => boolean;
  /** Test hooks. */
  now?: () => number;
  cacheMs?: number;
}

/** How old the HF data may be before /readyz fails: the longer of the two refresh windows, plus grace. */
export const hfMaxAgeMs = (c: ObservedApp['config']): number =>
  (Math.max(c.TODAY_REFRESH_MINUTES, c.ALERT_POLL_MINUTES) + c.HEALTH_HF_GRACE_MINUTES) * 60_000;

/**
 * The health routes of one core app: readiness from its store, the platforms and the HF cache; the delivery and archive
 * gauges registered on `metrics`. Serve them with `startHealthServer`, or beside Slack's `/slack/events`.
 */
export function observeApp(metrics: AppMetrics, app: ObservedApp, opts: ObserveOptions): HealthRoute[] {
  const now = opts.now ?? Date.now;
  const platforms = () => opts.platforms().map((p) => p.platform as Platform);
  watchDelivery(metrics, { queue: app.delivery, platforms, now, ...(opts.cacheMs !== undefined ? { cacheMs: opts.cacheMs } : {}) });
  watchPausedDestinations(metrics, app.store, { now, ...(opts.cacheMs !== undefined ? { cacheMs: opts.cacheMs } : {}) });
  watchArchive(metrics, app.archive);
  const readiness = createReadiness({
    store: app.store,
    platforms: opts.platforms,
    lastHfFetch: () => newestFetch(app.store, app.config.TODAY_LOOKBACK_DAYS, new Date(now())),
    hfMaxAgeMs: hfMaxAgeMs(app.config),
    ...(opts.stopping ? { stopping: opts.stopping } : {}),
    now,
  });
  return healthRoutes({ registry: metrics.registry, readiness });
}
