/**
 * The alert engine: keeps a matcher in sync with the stored subscriptions, polls today's papers on a timer (one
 * instance per poll window), and queues one message per subscriber per poll through the delivery queue.
 */
import type { DestinationHealth } from '../delivery/destination-health.ts';
import type { DeliveryQueue } from '../delivery/queue-api.ts';
import type { Logger } from '../log.ts';
import type { Destination } from '../model.ts';
import type { ArxivAnnouncements } from '../papers/merge-papers.ts';
import type { PapersService } from '../papers/papers-service.ts';
import { createStoreRunCoordinator } from '../schedule/run-coordinator.ts';
import type { Store } from '../store/store.ts';
import { batchBySubscriber } from './alert-batch.ts';
import { createAlertLedger } from './alert-ledger.ts';
import { plainTerms, type TermsOf } from './like-profile.ts';
import { createLikeMatcher } from './like-matcher.ts';
import { deliverBatch, type BatchOutcome } from './deliver-batch.ts';
import { createMatcher } from './matcher.ts';
import { papersToMatch } from './papers-to-match.ts';
import { TrackedSubscriptions } from './tracked-subscriptions.ts';
import { MAX_QUERY_LENGTH, STORED_QUERY_SLACK, parseAlertQuery } from './query.ts';
import type { StoredSubscription, SubscriptionStore } from './subscriptions.ts';
import { yieldToEventLoop } from '../turns.ts';
import type { EngineState } from './engine-snapshot.ts';
import { snapshotTiming } from './snapshot-timing.ts';

/** What one poll did. `elected: false`: another instance had this poll window. */
export interface PollReport {
  elected: boolean;
  day?: string;
  papers: number;
  subscribers: number;
  /** Messages queued (one per subscriber with something new). */
  queued: number;
  /** Papers announced in those messages. */
  alerted: number;
  /** Matches beyond a daily cap. */
  overflow: number;
  /** Subscribers skipped because their destination is failing. */
  paused: number;
  /** Papers held for digests or until quiet hours end. */
  held: number;
  errors: number;
}

export interface AlertEngine {
  /** Adds a subscription made in this process to the matcher at once. */
  track(sub: StoredSubscription): void;
  untrack(id: string): void;
  /** Brings the matcher in line with the store (subscriptions made or removed by other instances). */
  resync(): Promise<void>;
  /** Polls now if this instance wins the poll window of `now` (or always, with `force`). */
  poll(now?: Date, opts?: { force?: boolean }): Promise<PollReport>;
  /** Polls at once, then at every window boundary. Idempotent; the timer never keeps the process alive. */
  start(): void;
  stop(): Promise<void>;
  readonly size: number;
}

export interface AlertEngineOptions {
  store: Store;
  subscriptions: SubscriptionStore;
  papers: PapersService;
  /** arXiv's daily announcements, when the arXiv source is on. */
  arxiv?: ArxivAnnouncements;
  queue: Pick<DeliveryQueue, 'enqueue'>;
  health: DestinationHealth;
  log: Logger;
  /** ALERT_POLL_MINUTES as ms. */
  pollMs: number;
  /** ALERT_DAILY_CAP. */
  dailyCap: number;
  now?: () => Date;
  /** Subscribers handled at once, between two yields to the event loop. Default 16. */
  parallel?: number;
  /** Where a subscriber's matches go (default `deliverBatch`): src/digests holds some for a digest or quiet hours. */
  deliver?: typeof deliverBatch;
  /** A paper's distinctive terms for `like:` subscriptions (the archive's); default: plain counts. */
  termsOf?: TermsOf;
  /** Where the engine keeps a snapshot of its tables for a quick restart (`engine-snapshot.ts`); none when absent. */
  snapshotFile?: string;
}

/** New subscriptions a resync reads by id; more than this, and it lists every record instead. */
const READ_ONE_BY_ONE = 1_000;

const emptyReport = (elected: boolean): PollReport => ({
  elected, papers: 0, subscribers: 0, queued: 0, alerted: 0, overflow: 0, paused: 0, held: 0, errors: 0,
});

export function createAlertEngine(opts: AlertEngineOptions): AlertEngine {
  const { log } = opts;
  const clock = opts.now ?? (() => new Date());
  let matcher = createMatcher();
  let likes = createLikeMatcher(opts.termsOf ?? plainTerms);
  /** What polling needs of each tracked subscription: its owner (shared, not the whole stored record). */
  let subs = new TrackedSubscriptions();
  const removedAt = new Map<string, number>();
  /** Stored queries the parser (since changed) rejects: warned about once. */
  let unparsable = new Set<string>();
  const snapshots = opts.snapshotFile === undefined ? undefined : snapshotTiming(opts.snapshotFile, log);
  const ledger = createAlertLedger(opts.store);
  const coordinator = createStoreRunCoordinator(opts.store);
  /** `subscriber|paper` pairs this process knows are done, so repeat polls skip the store. */
  const done = new Set<string>();
  let doneDay = '';
  let gen = 0;
  let timer: NodeJS.Timeout | undefined;
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  /** Takes the snapshot's tables, once, before the engine's first change (`engine-snapshot.ts`). */
  function restore(): void {
    const state = snapshots?.restore();
    if (!state) return;
    matcher = createMatcher([], state.matcher);
    likes = createLikeMatcher(opts.termsOf ?? plainTerms, undefined, state.likes);
    subs = state.tracked;
    unparsable = new Set(state.unparsable);
    gen = Math.max(gen, state.gen);
  }

  const state = (): EngineState => ({ matcher: matcher.state(), likes: likes.state(), tracked: subs, unparsable: [...unparsable], gen });

  function track(sub: StoredSubscription): void {
    restore();
    if (subs.has(sub.id) || unparsable.has(sub.id)) return;
    snapshots?.changed();
    try {
      // A stored query that names no source is one from before scopes: Hugging Face only (docs/decisions/098).
      if (!likes.track(sub)) {
        const { query, scope } = parseAlertQuery(sub.query, { maxLength: MAX_QUERY_LENGTH + STORED_QUERY_SLACK });
        matcher.add({ id: sub.id, query, scope });
      }
      subs.add(sub.id, sub.owner, ++gen);
      removedAt.delete(sub.id);
    } catch (err) {
      unparsable.add(sub.id);
      log.warn({ id: sub.id, err: (err as Error).message }, 'stored subscription no longer parses; ignored');
    }
  }

  function untrack(id: string): void {
    restore();
    snapshots?.changed();
    matcher.remove(id);
    likes.remove(id);
    subs.delete(id);
    removedAt.set(id, ++gen);
  }

  /**
   * Lists the stored ids and reads only the records not tracked yet (a subscription never changes under its id); with
   * more than {@link READ_ONE_BY_ONE} of those (the first load), lists the records instead.
   */
  async function resync(): Promise<void> {
    restore();
    const startGen = ++gen;
    const stillHere = (id: string) => (removedAt.get(id) ?? -1) < startGen;
    const seen = new Set<string>();
    const untracked: string[] = [];
    for await (const id of opts.subscriptions.ids()) {
      seen.add(id);
      if (!subs.has(id) && !unparsable.has(id)) untracked.push(id);
    }
    if (untracked.length > READ_ONE_BY_ONE) {
      let n = 0;
      for await (const sub of opts.subscriptions.all()) {
        if (++n % 500 === 0) await yieldToEventLoop();
        seen.add(sub.id);
        if (stillHere(sub.id)) track(sub);
      }
    } else {
      for (let i = 0; i < untracked.length; i += 32) {
        const read = await Promise.all(untracked.slice(i, i + 32).map((id) => opts.subscriptions.find(id)));
        for (const sub of read) if (sub && stillHere(sub.id)) track(sub);
      }
    }
    for (const [id, at] of subs.generations()) if (!seen.has(id) && at < startGen) untrack(id);
    for (const [id, at] of removedAt) if (at < startGen) removedAt.delete(id);
    snapshots?.saveSoon(state);
  }

  const ownerOf = (id: string): Destination | undefined => subs.ownerOf(id);

  async function run(now: Date): Promise<PollReport> {
    const report = emptyReport(true);
    await resync();
    if (matcher.size + likes.size === 0) return report;
    const list = await papersToMatch(opts.papers, opts.arxiv, now, log);
    if (!list) return report;
    if (list.day) report.day = list.day;
    report.papers = list.papers.length;
    if (doneDay !== list.label || done.size > 500_000) (done.clear(), (doneDay = list.label));
    const batches = batchBySubscriber([...matcher.matchMany(list.papers), ...likes.matchMany(list.papers)], ownerOf);
    const day = now.toISOString().slice(0, 10);
    const ctx = { ledger, queue: opts.queue, health: opts.health, log, done, cap: opts.dailyCap, day, now };
    const chunk = opts.parallel ?? 16;
    for (let i = 0; i < batches.length; i += chunk) {
      const outcomes = await Promise.all(batches.slice(i, i + chunk).map((b) => (opts.deliver ?? deliverBatch)(ctx, b)));
      for (const o of outcomes) tally(report, o);
      await yieldToEventLoop();
    }
    const { elected: _e, ...counts } = report;
    if (report.subscribers > 0) log.info(counts, `alerts: ${report.queued} messages queued for ${report.subscribers} subscribers`);
    return report;
  }

  async function elected(now: Date): Promise<PollReport> {
    const window = Math.floor(now.getTime() / opts.pollMs) * opts.pollMs;
    const key = `paperboy-alerts:${new Date(window).toISOString()}`;
    return (await coordinator.shouldRun(key, opts.pollMs)) ? run(now) : emptyReport(false);
  }

  function poll(now = clock(), { force = false } = {}): Promise<PollReport> {
    const job = force ? run(now) : elected(now);
    const settled = job.then(() => undefined, () => undefined);
    inFlight.add(settled);
    void settled.then(() => inFlight.delete(settled));
    return job;
  }

  async function tick(): Promise<void> {
    try {
      await poll();
    } catch (err) {
      log.error({ err }, 'alert poll failed; the next window will try again');
    }
  }

  function schedule(): void {
    if (stopped) return;
    const now = clock().getTime();
    const wait = Math.max(1_000, opts.pollMs - (now % opts.pollMs)) + Math.floor(Math.random() * 2_000);
    timer = setTimeout(() => void tick().finally(schedule), Math.min(wait, opts.pollMs + 2_000));
    timer.unref();
  }

  return {
    track,
    untrack,
    resync,
    poll,
    get size() {
      return matcher.size + likes.size;
    },
    start() {
      if (timer || stopped) return;
      // Read at start, not in the first subscribe's command (an instance that does not win a poll window may not
      // resync for a while).
      restore();
      void tick();
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.all(inFlight);
      snapshots?.saveNow(state);
    },
  };
}

function tally(report: PollReport, o: BatchOutcome): void {
  report.subscribers++;
  if (o.status === 'paused') report.paused++;
  else if (o.status === 'error') report.errors++;
  else if (o.status === 'queued') report.queued++;
  report.held += o.held ?? 0;
  report.alerted += o.alerted;
  report.overflow += o.overflow;
}
