import { createAlertLedger } from './alerts/alert-ledger.ts';
import { createAlertService, type AlertService } from './alerts/alert-service.ts';
import { alertDigestSchedules, subscriptionQueries } from './digests/digest-wiring.ts';
import { createAlertModes } from './digests/alert-modes.ts';
import { createHeldAlerts } from './digests/held-alerts.ts';
import { createAlertRouting } from './digests/hold-alerts.ts';
import type { Config } from './config.ts';
import { secretsOf } from './config.ts';
import { createDeliveryQueue, type DeliveryQueue, type DeliveryQueueOptions } from './delivery/delivery-queue.ts';
import { createDestinationHealth } from './delivery/destination-health.ts';
import { createPlatformStatus, type PlatformStatus } from './delivery/platform-status.ts';
import { createLogger, type Logger } from './log.ts';
import type { AppMetrics } from './observability/metrics.ts';
import { observedSource } from './observability/observed-source.ts';
import { createArchive, type Archive } from './archive/archive.ts';
import { archivingArxiv, archivingSource } from './archive/archiving-sources.ts';
import { archiveLikeSource } from './archive/like-source.ts';
import { arxivClientFromConfig } from './arxiv/arxiv-from-config.ts';
import type { ArxivClient } from './arxiv/arxiv-client.ts';
import { createHfClient, type PapersSource } from './papers/hf-client.ts';
import { createPapersService, type PapersService } from './papers/papers-service.ts';
import { createPostsRegistry, type PostsRegistry } from './posts/posts.ts';
import { createDetailsThreads, type DetailsThreads } from './actions/details-threads.ts';
import { createChannelSettings, type ChannelSettingsService } from './schedule/channel-settings.ts';
import type { CommunityVotesReader } from './schedule/daily-digest.ts';
import { createDailyScheduler, type DailyScheduler } from './schedule/scheduler.ts';
import { openStore, sqlitePath } from './store/open-store.ts';
import type { Store } from './store/store.ts';
import { createVotes, type Votes } from './votes/votes.ts';

/** The core services, wired once. Adapters and commands receive what they need from here. */
/** Expired ledger, slot and cache entries are deleted for good this often. */
const STORE_PURGE_INTERVAL_MS = 3_600_000;

export interface CoreApp {
  config: Config;
  log: Logger;
  store: Store;
  source: PapersSource;
  papers: PapersService;
  /** arXiv's daily announcements (alerts and `today source:arxiv`); undefined when the arXiv source is off. */
  arxiv?: ArxivClient;
  /** Which papers each of the bot's messages shows, so reactions on them can be votes. */
  posts: PostsRegistry;
  /** Community votes: adapters feed reactions to `votes.handle`; commands and daily posts read the numbers. */
  votes: Votes;
  /** The outbound queue for daily posts and alerts; adapters `registerSender` on it. */
  delivery: DeliveryQueue;
  channels: ChannelSettingsService;
  /** Standing notes about a platform as a whole (adapters write them, `channel show` reads them). */
  platformStatus: PlatformStatus;
  scheduler: DailyScheduler;
  /** Keyword alert subscriptions and the engine that polls and alerts them. */
  alerts: AlertService;
  /** Where the Details action posted each (message, paper), so it is posted once (docs/decisions/101). */
  details: DetailsThreads;
  /** Every paper seen (HF and arXiv), searchable (`/papers search`, `similar`); loaded by `start`. */
  archive: Archive;
  /**
   * Starts the delivery queue and, unless `scheduler: false`, the daily scheduler; the alert poller follows `alerts`
   * (default: the same as `scheduler`). Idempotent.
   */
  start(opts?: { scheduler?: boolean; alerts?: boolean }): Promise<void>;
  /**
   * Graceful shutdown (docs/decisions/093): the queue, the scheduler and the alert poller stop taking work at once; sends
   * and slots under way get SHUTDOWN_GRACE_SECONDS; the sender leases and the claims are released (fenced), then the
   * store closes.
   */
  close(): Promise<void>;
}

export interface CoreAppOptions {
  log?: Logger;
  /** Keeps test runs apart on a shared Redis or PostgreSQL. Default: STORE_PREFIX. */
  storePrefix?: string;
  /** Test hook: faster HF retries. */
  retryBaseMs?: number;
  /** The clock of the scheduler (tests pass a fake one; ticks can also be driven with `scheduler.tick(now)`). */
  now?: () => Date;
  /** Community votes to blend into daily posts; default: this app's own `votes`. */
  votes?: CommunityVotesReader;
  /** Default: VOTE_WEIGHT. */
  voteWeight?: number;
  /** Test hooks for the queue: faster polling, shorter leases. */
  delivery?: Partial<Pick<DeliveryQueueOptions, 'pollMs' | 'leaseMs' | 'claimMs' | 'backoff' | 'pacing' | 'owner'>>;
  /** Test hook: how often the archive reads other instances' additions (default 60 s). */
  archiveSyncMs?: number;
  /** Test hook: a poll window in ms instead of ALERT_POLL_MINUTES. */
  alertPollMs?: number;
  /** When set, HF requests are counted here (`/metrics`). */
  metrics?: AppMetrics;
  /**
   * The arXiv source. Default: none. `npm start` passes `'from-config'` (ARXIV_CATEGORIES etc.); tests pass a client on
   * the fake arXiv, so no test reaches arxiv.org by default.
   */
  arxiv?: ArxivClient | 'from-config';
}

export async function createCoreApp(config: Config, opts: CoreAppOptions = {}): Promise<CoreApp> {
  const log =
    opts.log ?? createLogger({ level: config.LOG_LEVEL, pretty: process.stderr.isTTY, secrets: secretsOf(config) });
  const store = await openStore(config.STORE_URL, log, opts.storePrefix ?? config.STORE_PREFIX);
  const hfClient = createHfClient({
    endpoint: config.HF_ENDPOINT,
    log: log.child({ component: 'hf' }),
    timeoutMs: config.HF_TIMEOUT_MS,
    totalTimeoutMs: config.HF_TOTAL_TIMEOUT_MS,
    retries: config.HF_RETRIES,
    retryBaseMs: opts.retryBaseMs,
  });
  const archive = createArchive({ store, log: log.child({ component: 'archive' }), retentionDays: config.ARCHIVE_DAYS, syncMs: opts.archiveSyncMs });
  const observed = opts.metrics ? observedSource(hfClient, opts.metrics) : hfClient;
  const source = archivingSource(observed, archive, log.child({ component: 'archive' }));
  const papers = createPapersService({
    source,
    store,
    log: log.child({ component: 'papers' }),
    refreshMs: config.TODAY_REFRESH_MINUTES * 60_000,
    pastDayMs: config.PAST_DAY_CACHE_HOURS * 3_600_000,
    lookbackDays: config.TODAY_LOOKBACK_DAYS,
  });
  const arxivClient = opts.arxiv === 'from-config' ? arxivClientFromConfig(config, log.child({ component: 'arxiv' })) : opts.arxiv;
  const arxiv = arxivClient && archivingArxiv(arxivClient, archive, log.child({ component: 'archive' }));
  const posts = createPostsRegistry(store);
  const votes = createVotes({ store, posts, log: log.child({ component: 'votes' }) });
  const health = createDestinationHealth(store, log.child({ component: 'delivery' }));
  const delivery = createDeliveryQueue({
    store,
    posts,
    health,
    log: log.child({ component: 'delivery' }),
    maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
    backoff: { baseMs: config.DELIVERY_BACKOFF_BASE_MS, capMs: config.DELIVERY_BACKOFF_CAP_MS },
    concurrency: config.DELIVERY_CONCURRENCY,
    leaseMs: config.DELIVERY_LEASE_SECONDS * 1000,
    claimMs: config.DELIVERY_LEASE_SECONDS * 2000,
    shutdownGraceMs: config.SHUTDOWN_GRACE_SECONDS * 1000,
    ...opts.delivery,
  });
  const channels = createChannelSettings({ store, defaultTimeZone: config.TZ_DEFAULT, health, log: log.child({ component: 'schedule' }) });
  const alertModes = createAlertModes(store, config.TZ_DEFAULT);
  const heldAlerts = createHeldAlerts(store);
  const scheduler = createDailyScheduler({
    store,
    channels,
    alertDigests: {
      schedules: alertDigestSchedules(alertModes),
      slots: { held: heldAlerts, ledger: createAlertLedger(store), modes: alertModes, queries: (owner) => subscriptionQueries(alerts, owner) },
    },
    papers,
    queue: delivery,
    health,
    log: log.child({ component: 'schedule' }),
    votes: opts.votes ?? votes,
    voteWeight: opts.voteWeight ?? config.VOTE_WEIGHT,
    graceMs: config.POST_GRACE_HOURS * 3_600_000,
    sweepMinutes: config.SCHEDULE_RETRY_MINUTES,
    leaseMs: config.DELIVERY_LEASE_SECONDS * 1000,
    now: opts.now,
  });
  const alerts = createAlertService({
    store,
    snapshotFile: alertSnapshotFile(config, opts.storePrefix ?? config.STORE_PREFIX),
    papers,
    ...(arxiv ? { arxiv, earlierArxiv: (from: string, to: string) => archive.announced(from, to) } : {}),
    queue: delivery,
    health,
    log: log.child({ component: 'alerts' }),
    pollMinutes: config.ALERT_POLL_MINUTES,
    dailyCap: config.ALERT_DAILY_CAP,
    pollMs: opts.alertPollMs,
    likes: archiveLikeSource(archive, papers),
    now: opts.now,
    digests: { modes: alertModes, deliver: createAlertRouting(alertModes, heldAlerts) },
  });
  let closing: Promise<void> | undefined;
  let purgeTimer: NodeJS.Timeout | undefined;
  const purge = () =>
    store
      .purgeExpired()
      .then((gone) => gone && log.info({ gone }, 'expired store entries purged'))
      .catch((err: Error) => log.warn({ err: err.message }, 'store purge failed'));
  return {
    config,
    log,
    store,
    source,
    papers,
    ...(arxiv ? { arxiv } : {}),
    posts,
    votes,
    delivery,
    channels,
    platformStatus: createPlatformStatus(store),
    scheduler,
    alerts,
    details: createDetailsThreads(store),
    archive,
    async start({ scheduler: withScheduler = true, alerts: withAlerts = withScheduler } = {}) {
      // Loading a large archive takes a while (tens of seconds at 10,000 papers): nothing waits for it; search and
      // similar say when they ran on a partial index.
      void archive.start().catch((err: Error) => log.error({ err: err.message }, 'archive could not be loaded; search sees only new papers'));
      delivery.start();
      if (withScheduler) await scheduler.start();
      if (withAlerts) alerts.start();
      purgeTimer = setInterval(purge, STORE_PURGE_INTERVAL_MS);
      purgeTimer.unref();
    },
    close() {
      closing ??= (async () => {
        clearInterval(purgeTimer);
        archive.stop();
        // All stop taking new work at once; what is under way gets SHUTDOWN_GRACE_SECONDS, then leases and claims go.
        await Promise.all([alerts.stop(), scheduler.stop(config.SHUTDOWN_GRACE_SECONDS * 1000), delivery.close()]);
        arxiv?.close();
        await store.close();
        archive.close();
      })();
      return closing;
    },
  };
}

/** ALERT_SNAPSHOT_FILE, or beside the SQLite file (one per key prefix), or none. */
function alertSnapshotFile(config: Config, prefix: string): string | undefined {
  if (config.ALERT_SNAPSHOT_FILE === 'off') return undefined;
  if (config.ALERT_SNAPSHOT_FILE) return config.ALERT_SNAPSHOT_FILE;
  if (!config.STORE_URL.startsWith('sqlite:')) return undefined;
  const file = sqlitePath(config.STORE_URL);
  return file === ':memory:' ? undefined : `${file}-alerts${prefix ? `-${prefix}` : ''}.snapshot`;
}
