import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import type { DeliveryQueue } from '../delivery/delivery-queue.ts';
import type { DestinationHealth } from '../delivery/destination-health.ts';
import type { Logger } from '../log.ts';
import type { PapersService } from '../papers/papers-service.ts';
import type { Store } from '../store/store.ts';
import type { ChannelSettings, ChannelSettingsService } from './channel-settings.ts';
import type { CommunityVotesReader } from './daily-digest.ts';
import { DueIndex, type DueChannel } from './due-index.ts';
import { createStoreRunCoordinator } from './run-coordinator.ts';
import { SLOT_CLAIM_LEASES } from './slot-claim.ts';
import { runSlot, slotRecordSchema, SLOTS_COLLECTION, TickContext, type SlotOutcome, type SlotRunnerDeps } from './slot-runner.ts';
import { lastSlot, minuteOf, scheduleKey, slotRecordKey } from './slots.ts';
import { runDigestSlot, type DigestSlotDeps } from '../digests/digest-slot.ts';
import { yieldToEventLoop } from '../turns.ts';

/** How a tick or a sweep went: channels due, and what happened to them. */
export type TickReport = { due: number } & Record<SlotOutcome, number>;

/** Runs the channels' daily posts: a per-minute tick over an in-memory index, and sweeps that catch up missed slots. */
export interface DailyScheduler {
  /** `resume(now)`, then a node-cron task ticks every minute (elected across instances) and sweeps every few minutes. */
  start(): Promise<void>;
  /** Builds the index from the store and catches up the slots missed while down (within the grace window). */
  resume(now: Date): Promise<TickReport>;
  /**
   * Stops ticking and sweeping at once; ticks under way start no new chunk of slots, and the slots they claimed are
   * finished (or given back) within `waitMs` (default: no bound).
   */
  stop(waitMs?: number): Promise<void>;
  /** Posts the channels due in the minutes since the last tick, up to `now`. */
  tick(now: Date): Promise<TickReport>;
  /** Posts each channel's latest slot that is inside the grace window and not handled yet; `startup` also logs skips. */
  catchUp(now: Date, opts?: { startup?: boolean }): Promise<TickReport>;
  /** Re-reads every channel's settings from the store (changes made by other processes). */
  reload(now: Date): Promise<void>;
  /** Channels in the index. */
  readonly size: number;
}

export interface DailySchedulerOptions {
  store: Store;
  channels: ChannelSettingsService;
  papers: PapersService;
  queue: DeliveryQueue;
  health: DestinationHealth;
  log: Logger;
  votes?: CommunityVotesReader;
  voteWeight?: number;
  /** POST_GRACE_HOURS. Default 6 h. */
  graceMs?: number;
  /** SCHEDULE_RETRY_MINUTES: how often sweeps run (source-outage retries, other processes' changes). Default 10 min. */
  sweepMinutes?: number;
  now?: () => Date;
  owner?: string;
  /**
   * How long a slot claim outlives a holder that died (DELIVERY_LEASE_SECONDS; default 30 s). A live holder renews it.
   * Once started, a scheduler that finds slots claimed elsewhere checks them again when such a claim would have lapsed.
   */
  leaseMs?: number;
  /** Slots handled at once within a tick, between two yields to the event loop. Default 32. */
  parallel?: number;
  /** Subscribers' alert digests and quiet-hours ends (src/digests): scheduled beside the channels, one index, one tick. */
  alertDigests?: { schedules: ScheduleSource; slots: DigestSlotDeps };
}

/** Where schedules come from: channels' daily posts, subscribers' alert digests. */
export interface ScheduleSource {
  all(): AsyncIterable<ChannelSettings>;
  onChange(listener: (settings: ChannelSettings) => void): () => void;
}

const emptyReport = (): TickReport => ({
  due: 0, queued: 0, empty: 0, 'already-posted': 0, paused: 0, missed: 0, 'retry-later': 0, notice: 0, taken: 0, error: 0,
});

export function createDailyScheduler(opts: DailySchedulerOptions): DailyScheduler {
  const log = opts.log;
  const clock = opts.now ?? (() => new Date());
  const graceMs = opts.graceMs ?? 6 * 3_600_000;
  const sweepMinutes = opts.sweepMinutes ?? 10;
  const deps: SlotRunnerDeps = {
    papers: opts.papers, queue: opts.queue, health: opts.health, votes: opts.votes, voteWeight: opts.voteWeight, log, graceMs,
    slots: opts.store.collection(SLOTS_COLLECTION, slotRecordSchema),
    leases: opts.store.leases(SLOT_CLAIM_LEASES),
    retryMs: sweepMinutes * 60_000,
    owner: opts.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    leaseMs: opts.leaseMs ?? 30_000,
  };
  const index = new DueIndex(clock().getTime());
  const handled = new Map<string, number>();
  let task: ScheduledTask | undefined;
  let started = false;
  let recheck: NodeJS.Timeout | undefined;
  let stopping = false;
  const running = new Set<Promise<TickReport>>();
  const digests = opts.alertDigests;
  if (digests) deps.runDigest = (due, now, log) => runDigestSlot(deps, digests.slots, due, now, log);
  const sources: ScheduleSource[] = digests ? [opts.channels, digests.schedules] : [opts.channels];
  const unsubscribers = sources.map((source) => source.onChange((s) => index.upsert(s)));
  const unsubscribe = () => unsubscribers.forEach((u) => u());

  /**
   * Runs the slots due, a chunk at a time. Once `stop` was called no new chunk starts: the slots not reached have no
   * record and no claim, so another instance's catch-up (or this one's replacement at start-up) posts them.
   */
  function runAll(due: DueChannel[], now: Date, what: string): Promise<TickReport> {
    const run = runChunks(due, now, what);
    running.add(run);
    return run.finally(() => running.delete(run));
  }

  async function runChunks(due: DueChannel[], now: Date, what: string): Promise<TickReport> {
    const report = emptyReport();
    report.due = due.length;
    if (due.length === 0) return report;
    const tick = new TickContext(deps, now);
    const chunk = opts.parallel ?? 32;
    for (let i = 0; i < due.length; i += chunk) {
      if (stopping) {
        log.info({ left: due.length - i }, `daily ${what} stopped by shutdown; the slots not reached are left to another instance`);
        break;
      }
      const slice = due.slice(i, i + chunk);
      // runSlot never throws: one channel's failure is its own (an `error` outcome), never the rest of the tick's.
      const outcomes = await Promise.all(slice.map((d) => runSlot(deps, d, tick)));
      outcomes.forEach((outcome, n) => {
        report[outcome]++;
        if (outcome === 'error') retrySoon(slice[n]!, now);
      });
      await yieldToEventLoop();
    }
    const { due: n, ...counts } = report;
    log.info({ ...counts, due: n, at: now.toISOString() }, `daily ${what}: ${n} due, ${report.queued} queued`);
    if (report.taken > 0) recheckWhenClaimsLapse();
    return report;
  }

  /**
   * A slot that failed (a store error) goes back into the index for a retry 1, 2, 4… minutes later, up to the sweep
   * interval, while it is inside the grace window: not only at the next sweep. Ticks (and sweeps) then take it again.
   */
  function retrySoon(due: DueChannel, now: Date): void {
    const attempt = (due.attempt ?? 0) + 1;
    const at = now.getTime() + Math.min(2 ** (attempt - 1), sweepMinutes) * 60_000;
    if (at - due.slot.toMillis() > graceMs) return;
    index.retry(scheduleKey(due.settings), due.slot, at, attempt);
  }

  /**
   * Slots claimed by another process are either being posted (its renewed claim) or were left by a process that died
   * (its claim lapses within the lease): one catch-up after the lease settles which, instead of the next sweep.
   */
  function recheckWhenClaimsLapse(): void {
    if (!started || recheck) return;
    recheck = setTimeout(() => {
      recheck = undefined;
      catchUp(clock(), { what: 'catch-up of lapsed claims' }).catch((err: unknown) => log.error({ err }, 'daily catch-up failed'));
    }, deps.leaseMs + 1_000);
    recheck.unref();
  }

  async function reload(now: Date): Promise<void> {
    const seen = new Set<string>();
    for (const source of sources) {
      for await (const s of source.all()) {
        if (seen.size % 500 === 499) await yieldToEventLoop();
        seen.add(scheduleKey(s));
        index.upsert(s);
      }
    }
    for (const s of index.channels()) if (!seen.has(scheduleKey(s))) index.remove(scheduleKey(s));
    for (const [key, at] of handled) if (at < now.getTime() - graceMs - 86_400_000) handled.delete(key);
  }

  async function catchUp(now: Date, { startup = false, what = '' }: { startup?: boolean; what?: string } = {}): Promise<TickReport> {
    const due: DueChannel[] = [];
    let looked = 0;
    let held = 0;
    // Channels sharing a schedule (zone, time, weekdays) share its last slot: luxon's zone arithmetic is the costly part.
    const slotOf = new Map<string, ReturnType<typeof lastSlot>>();
    for (const settings of index.channels()) {
      if (!settings.enabled) continue;
      if (++looked % 200 === 0) await yieldToEventLoop();
      const schedule = `${settings.timezone}|${settings.time}|${settings.weekdays.join(',')}`;
      if (!slotOf.has(schedule)) slotOf.set(schedule, lastSlot(settings, now.getTime()));
      const slot = slotOf.get(schedule);
      if (!slot || slot.toMillis() < settings.updatedAt) continue;
      const key = slotRecordKey(settings, slot);
      const lateMs = now.getTime() - slot.toMillis();
      if (handled.has(key) || (lateMs > graceMs && !(startup && lateMs <= graceMs + 86_400_000))) continue;
      // A store error here leaves the slot to runSlot, which claims it or fails it on its own (and retries it).
      const record = await deps.slots.get(key).catch(() => undefined);
      if (record?.state === 'running') held++;
      else if (record) handled.set(key, slot.toMillis());
      else due.push({ settings, slot });
    }
    if (held > 0) {
      log.info({ held }, 'daily posts claimed by another process, maybe one that died: checking again when their claim lapses');
      recheckWhenClaimsLapse();
    }
    return runAll(due, now, what || (startup ? 'catch-up at start' : 'sweep'));
  }

  async function tick(now: Date): Promise<TickReport> {
    return runAll(index.takeDue(now.getTime()), now, 'tick');
  }

  return {
    tick,
    catchUp,
    reload,
    get size() {
      return index.size;
    },
    async resume(now) {
      await reload(now);
      return catchUp(now, { startup: true });
    },
    async start() {
      if (started) return;
      started = true;
      await this.resume(clock());
      log.info({ channels: index.size, graceHours: graceMs / 3_600_000 }, 'daily scheduler started');
      task = cron.schedule(
        '* * * * *',
        async () => {
          const at = clock();
          await tick(at);
          if (minuteOf(at.getTime()) % sweepMinutes === 0) {
            await reload(at);
            await catchUp(at);
          }
        },
        { name: 'paperboy-daily-posts', timezone: 'UTC', distributed: true, runCoordinator: createStoreRunCoordinator(opts.store), unref: true },
      );
      task.on('execution:failed', (ctx) => log.error({ err: ctx.execution?.error }, 'daily scheduler tick failed'));
    },
    async stop(waitMs = Infinity) {
      started = false;
      stopping = true;
      clearTimeout(recheck);
      recheck = undefined;
      unsubscribe();
      await task?.destroy();
      task = undefined;
      // Slots already claimed finish (queued and recorded, or given back); a claim still held at the bound lapses.
      const underWay = Promise.allSettled([...running]);
      if (waitMs === Infinity) await underWay;
      else {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([underWay, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
        clearTimeout(timer);
      }
    },
  };
}
