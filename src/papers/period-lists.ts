import { z } from 'zod';
import { SourceError, UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Paper } from '../model.ts';
import type { Store } from '../store/store.ts';
import { addDays, utcClock, utcDay } from './day.ts';
import type { PapersSource } from './hf-client.ts';
import { paperSchema } from './paper-schema.ts';
import type { Period } from './period.ts';

/** HF's weekly or monthly list, saying where it came from (as a day's list does). */
export interface PeriodList {
  period: Period;
  papers: Paper[];
  fetchedAt: number;
  /** Set when the source failed and this is the last good copy. */
  stale?: { reason: string; note: string };
}

export interface PeriodListsOptions {
  source: PapersSource;
  store: Store;
  log: Logger;
  /** How long the list of a week or month that may still change is trusted (today's refresh interval). */
  refreshMs: number;
  /** How long a settled past week or month is trusted (the past-day cache time). */
  pastMs: number;
}

const cachedSchema = z.object({ key: z.string(), papers: z.array(paperSchema), fetchedAt: z.number() });
type Cached = z.infer<typeof cachedSchema>;
const COLLECTION = 'papers-period';
/** Stored lists are deleted after this long (a later request fetches again), as day lists are. */
const KEEP_MS = 90 * 86_400_000;
const KEEP_EMPTY_MS = 2 * 86_400_000;
/** A period whose last day is within this many days of now may still change on HF (as for days). */
const SETTLING_DAYS = 2;

/**
 * Weekly and monthly lists, cached in the store like day lists: a past period (ended more than two days ago, and
 * fetched after it settled) for `pastMs`, the current one for `refreshMs`; one fetch at a time per period per process;
 * the last good copy, marked stale, when HF fails.
 */
export function createPeriodLists(opts: PeriodListsOptions) {
  const { source, store, log } = opts;
  const lists = store.collection(COLLECTION, cachedSchema);
  const inflight = new Map<string, Promise<Cached>>();
  const keyOf = (p: Period) => `${p.kind}:${p.key}`;

  const isFresh = (c: Cached, period: Period, now: Date) => {
    const settledAfter = Date.parse(`${addDays(period.last, SETTLING_DAYS)}T00:00:00Z`);
    const settled = period.last < addDays(utcDay(now), -SETTLING_DAYS) && c.fetchedAt > settledAfter;
    return now.getTime() - c.fetchedAt < (settled ? opts.pastMs : opts.refreshMs);
  };

  function fetchOnce(period: Period, now: Date): Promise<Cached> {
    const key = keyOf(period);
    let p = inflight.get(key);
    if (!p) {
      const fetchPeriod = source.fetchPeriod?.bind(source);
      if (!fetchPeriod) return Promise.reject(new UserError(`This bot's papers source has no ${period.kind}ly lists.`));
      p = (async () => {
        const papers = await fetchPeriod(period);
        const fresh: Cached = { key, papers, fetchedAt: now.getTime() };
        await lists.set(key, fresh, papers.length ? KEEP_MS : KEEP_EMPTY_MS);
        return fresh;
      })().finally(() => inflight.delete(key));
      inflight.set(key, p);
    }
    return p;
  }

  return {
    async get(period: Period, now: Date): Promise<PeriodList> {
      const cached = await lists.get(keyOf(period));
      if (cached && isFresh(cached, period, now)) return { period, papers: cached.papers, fetchedAt: cached.fetchedAt };
      try {
        const fresh = await fetchOnce(period, now);
        return { period, papers: fresh.papers, fetchedAt: fresh.fetchedAt };
      } catch (err) {
        if (!(err instanceof SourceError) || err.kind === 'not-found' || !cached) throw err;
        log.warn({ period: period.key, err: err.message }, 'source failed; serving the cached list');
        const note = `Hugging Face is not answering; showing the list cached at ${utcClock(cached.fetchedAt)}`;
        return { period, papers: cached.papers, fetchedAt: cached.fetchedAt, stale: { reason: err.message, note } };
      }
    },
  };
}

export type PeriodLists = ReturnType<typeof createPeriodLists>;
