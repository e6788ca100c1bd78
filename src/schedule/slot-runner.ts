import { z } from 'zod';
import type { DeliveryQueue, DeliveryRequest, EnqueueResult } from '../delivery/delivery-queue.ts';
import type { DestinationHealth } from '../delivery/destination-health.ts';
import { dailyKey } from '../delivery/records.ts';
import { SourceError, UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { destinationKey, type Reply } from '../model.ts';
import type { DayList, PapersService } from '../papers/papers-service.ts';
import type { PeriodList } from '../papers/period-lists.ts';
import type { Collection, LeaseSpace } from '../store/store.ts';
import type { CommunityVotes } from '../trending/rank.ts';
import type { ChannelSettings } from './channel-settings.ts';
import { claimSlot, type SlotClaim } from './slot-claim.ts';
import { dailyDigest, outageNotice, type CommunityVotesReader } from './daily-digest.ts';
import type { DueChannel } from './due-index.ts';
import { slotKey } from './slots.ts';
import { weeklyDigest, weeklyKey, weeklyList, weeklyOutageNotice } from './weekly-digest.ts';

/** The store collection of the slot records. */
export const SLOTS_COLLECTION = 'schedule-slots';

/** What happened to one channel's slot (its post of one local day), stored under `slotKey`. */
export const slotRecordSchema = z.object({
  state: z.enum(['running', 'done', 'paused', 'missed', 'source-down']),
  at: z.number(),
  owner: z.string().optional(),
  /** The Daily Papers day that was queued. */
  day: z.string().optional(),
  result: z.string().optional(),
});
export type SlotRecord = z.infer<typeof slotRecordSchema>;

export type SlotOutcome = 'queued' | 'empty' | 'already-posted' | 'paused' | 'missed' | 'retry-later' | 'notice' | 'taken' | 'error';

export interface SlotRunnerDeps {
  papers: PapersService;
  queue: DeliveryQueue;
  health: DestinationHealth;
  slots: Collection<SlotRecord>;
  /** The fenced leases of slot claims (`SLOT_CLAIM_LEASES`). */
  leases: LeaseSpace;
  votes?: CommunityVotesReader;
  voteWeight?: number;
  log: Logger;
  graceMs: number;
  /** How soon a slot that met a source outage is tried again. */
  retryMs: number;
  owner: string;
  /** How long a slot claim outlives its holder: a claim is renewed while held, so this is how soon a dead holder's lapses. */
  leaseMs: number;
  /** Runs the slot of a subscriber's alert digest (`settings.alertDigest`), when digests are wired in. */
  runDigest?: (due: DueChannel, now: Date, log: Logger) => Promise<SlotOutcome>;
}

/** Slot records outlive the grace window and any retry. */
export const SLOT_TTL_MS = 8 * 86_400_000;

/** What one tick shares across its channels: the day's list (fetched once) and each community's votes. */
export class TickContext {
  private list?: Promise<DayList | Error>;
  private weekList?: Promise<PeriodList | Error>;
  private readonly votes = new Map<string, Promise<CommunityVotes | undefined>>();
  private readonly digests = new Map<string, Reply>();
  constructor(
    private readonly deps: SlotRunnerDeps,
    readonly now: Date,
  ) {}
  today(): Promise<DayList | Error> {
    this.list ??= this.deps.papers.getToday(this.now).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
    return this.list;
  }
  /** The week weekly channels post (weekly-digest.ts), fetched once per tick. */
  week(): Promise<PeriodList | Error> {
    this.weekList ??= weeklyList(this.deps.papers, this.now).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
    return this.weekList;
  }
  /** One digest object per distinct (list, community when votes count, count, min upvotes): a fan-out shares one payload. */
  digestFor(settings: ChannelSettings, list: DayList | PeriodList, votes: CommunityVotes | undefined): Reply {
    const key = `${'day' in list ? 'day' : 'week'}|${votes ? settings.to.community : '*'}|${settings.count}|${settings.minUpvotes}`;
    let reply = this.digests.get(key);
    if (!reply)
      this.digests.set(
        key,
        (reply = 'day' in list ? dailyDigest(list, settings, this.now, votes, this.deps.voteWeight) : weeklyDigest(list, settings, votes, this.deps.voteWeight)),
      );
    return reply;
  }
  votesOf(community: string, list: DayList | PeriodList): Promise<CommunityVotes | undefined> {
    const key = `${'day' in list ? 'day' : 'week'}|${community}`;
    let v = this.votes.get(key);
    if (!v) {
      const ids = list.papers.map((p) => p.id);
      v = this.deps.votes?.netVotes(community, ids).catch(() => undefined) ?? Promise.resolve(undefined);
      this.votes.set(key, v);
    }
    return v;
  }
}

/**
 * Posts one channel's slot at most once: outside the grace window it is skipped (logged); a failing destination pauses
 * it; otherwise the slot is claimed with a fenced lease (so two processes never both post, and one that paused past its
 * lease never queues after its successor) and the digest is queued under the (channel, Daily Papers day) key, so a day
 * already posted there is never posted again. Never throws: a store error is `error`, and the scheduler retries the slot
 * shortly (docs/decisions/088); it never stops the other channels of the tick.
 */
export async function runSlot(deps: SlotRunnerDeps, due: DueChannel, tick: TickContext): Promise<SlotOutcome> {
  const log = deps.log.child({ channel: destinationKey(due.settings.to), slot: due.slot.toISO() });
  try {
    // A digest is late rather than skipped: its papers are held until delivered (the catch-up bounds how late).
    if (due.settings.alertDigest && deps.runDigest) return await deps.runDigest(due, tick.now, log);
    return await attemptSlot(deps, due, tick, log);
  } catch (err) {
    log.error({ err }, 'daily post failed; it will be retried shortly within the grace window');
    return 'error';
  }
}

async function attemptSlot(deps: SlotRunnerDeps, due: DueChannel, tick: TickContext, log: Logger): Promise<SlotOutcome> {
  const { settings, slot } = due;
  const to = settings.to;
  const key = slotKey(destinationKey(to), slot);
  const lateMs = tick.now.getTime() - slot.toMillis();
  if (lateMs > deps.graceMs) {
    if (await deps.slots.add(key, { state: 'missed', at: tick.now.getTime() }, SLOT_TTL_MS))
      log.warn({ lateMinutes: Math.round(lateMs / 60_000) }, 'daily post skipped: the bot was down past the grace window');
    return 'missed';
  }
  const failure = await deps.health.failureOf(to);
  if (failure) {
    if (await deps.slots.add(key, { state: 'paused', at: tick.now.getTime(), result: failure.reason }, SLOT_TTL_MS))
      log.warn({ reason: failure.reason }, 'daily post paused: the destination is failing');
    return 'paused';
  }
  const claim = await claimSlot(deps.leases, deps.slots, key, deps.owner, deps.leaseMs);
  if (!claim) return 'taken';
  try {
    return await postClaimed(deps, due, tick, claim, log);
  } catch (err) {
    await claim.release().catch(() => undefined);
    throw err;
  }
}

async function postClaimed(deps: SlotRunnerDeps, due: DueChannel, tick: TickContext, claim: SlotClaim, log: Logger): Promise<SlotOutcome> {
  const { settings, slot } = due;
  const to = settings.to;
  const key = slotKey(destinationKey(to), slot);
  const lateMs = tick.now.getTime() - slot.toMillis();
  /** Queues `request` and records the slot, unless the claim was lost meanwhile (then the successor posts). */
  const queueAndRecord = async (request: DeliveryRequest, record: (r: EnqueueResult) => Omit<SlotRecord, 'at'>) => {
    if (!(await claim.holds())) {
      await claim.stop();
      log.warn('daily post not queued: this process lost its claim on the slot (it paused past the lease); another posts it');
      return undefined;
    }
    const result = await deps.queue.enqueue(request);
    if (!(await claim.finish({ ...record(result), at: tick.now.getTime() }, SLOT_TTL_MS)))
      log.warn({ result }, 'daily post queued, but the claim on the slot was lost before its record was written');
    return result;
  };
  const list = settings.cadence === 'weekly' ? await tick.week() : await tick.today();
  if (list instanceof SourceError) {
    if (lateMs + deps.retryMs <= deps.graceMs) {
      await claim.release();
      log.warn({ err: list.message }, 'daily post waiting: the papers source is down and nothing is cached; will retry');
      return 'retry-later';
    }
    const notice = { key: `notice:${key}`, kind: 'notice', to, reply: (settings.cadence === 'weekly' ? weeklyOutageNotice : outageNotice)(slot.toISODate() ?? '') };
    if (!(await queueAndRecord(notice, () => ({ state: 'source-down', result: list.message })))) return 'taken';
    log.warn({ err: list.message }, 'daily post not possible within the grace window; the channel was told');
    return 'notice';
  }
  if (list instanceof Error) {
    if (!(list instanceof UserError)) throw list;
    const reply: Reply = { kind: 'text', text: list.message };
    const notice = { key: `notice:${key}`, kind: 'notice', to, reply };
    return (await queueAndRecord(notice, () => ({ state: 'done', result: 'no papers' }))) ? 'notice' : 'taken';
  }
  const votes = await tick.votesOf(to.community, list);
  const reply = tick.digestFor(settings, list, votes);
  const day = 'day' in list ? list.day : list.period.key;
  const request = 'day' in list
    ? { key: dailyKey(to, day), kind: 'daily', to, reply }
    : { key: weeklyKey(to, day), kind: 'weekly', to, reply };
  const result = await queueAndRecord(request, (r) => ({ state: r === 'destination-failing' ? 'paused' : 'done', day, result: r }));
  if (!result) return 'taken';
  if (result === 'queued') return 'queued';
  log.info({ day, result }, 'daily post not queued: this day (or week) was already posted or queued here');
  return result === 'destination-failing' ? 'paused' : 'already-posted';
}
