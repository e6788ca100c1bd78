import { z } from 'zod';
import { SourceError, UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Paper } from '../model.ts';
import type { Store } from '../store/store.ts';
import { addDays, utcClock, utcDay } from './day.ts';
import type { PapersSource } from './hf-client.ts';
import { paperSchema } from './paper-schema.ts';
import type { Period } from './period.ts';
import { createPeriodLists, type PeriodList } from './period-lists.ts';

/** One day's list, saying where it came from. */
export interface DayList {
  day: string;
  papers: Paper[];
  fetchedAt: number;
  /** Set when the source failed and this is the last good copy. */
  stale?: { reason: string; note: string };
}

export interface PapersService {
  /** A day's papers, from the cache when fresh enough, else from the source; the last good copy when the source fails. */
  getDay(day: string, now: Date): Promise<DayList>;
  /** The newest UTC day that has papers, walking back over weekends and days not yet published. */
  getToday(now: Date): Promise<DayList>;
  /** One paper, from any cached day or the source. */
  getPaper(id: string): Promise<Paper>;
  /** HF's weekly or monthly list (see period-lists.ts), cached like days: past periods long, the current one briefly. */
  getPeriod(period: Period, now: Date): Promise<PeriodList>;
}

export interface PapersServiceOptions {
  source: PapersSource;
  store: Store;
  log: Logger;
  /** How long a recent day's list is trusted before asking again (upvotes keep changing). */
  refreshMs: number;
  /** How long a settled past day is trusted. */
  pastDayMs: number;
  lookbackDays: number;
}

const cachedDaySchema = z.object({ day: z.string(), papers: z.array(paperSchema), fetchedAt: z.number() });
const DAYS_COLLECTION = 'papers-day';
const fetchedAtSchema = z.object({ fetchedAt: z.number() }).loose();
type CachedDay = z.infer<typeof cachedDaySchema>;

/** Stored day lists are deleted after this long (a later request fetches again), so any date asked for costs no lasting row. */
const KEEP_DAY_MS = 90 * 86_400_000;
const KEEP_EMPTY_DAY_MS = 2 * 86_400_000;

/** Days within this many days of now may still change on HF. */
const SETTLING_DAYS = 2;

export function createPapersService(opts: PapersServiceOptions): PapersService {
  const { source, store, log } = opts;
  const days = store.collection(DAYS_COLLECTION, cachedDaySchema);
  const byId = store.collection('papers-id', paperSchema);
  const inflight = new Map<string, Promise<CachedDay>>();
  const periods = createPeriodLists({ source, store, log, refreshMs: opts.refreshMs, pastMs: opts.pastDayMs });

  const isFresh = (c: CachedDay, now: Date) => {
    const settled = c.day < addDays(utcDay(now), -SETTLING_DAYS) && c.fetchedAt > Date.parse(`${addDays(c.day, 2)}T00:00:00Z`);
    return now.getTime() - c.fetchedAt < (settled ? opts.pastDayMs : opts.refreshMs);
  };

  function fetchOnce(day: string, now: Date): Promise<CachedDay> {
    let p = inflight.get(day);
    if (!p) {
      p = (async () => {
        const papers = await source.fetchDay(day);
        const fresh: CachedDay = { day, papers, fetchedAt: now.getTime() };
        await days.set(day, fresh, papers.length ? KEEP_DAY_MS : KEEP_EMPTY_DAY_MS);
        await Promise.all(papers.map((paper) => byId.set(paper.id, paper)));
        return fresh;
      })().finally(() => inflight.delete(day));
      inflight.set(day, p);
    }
    return p;
  }

  async function getDay(day: string, now: Date): Promise<DayList> {
    const cached = await days.get(day);
    if (cached && isFresh(cached, now)) return cached;
    try {
      return await fetchOnce(day, now);
    } catch (err) {
      if (!(err instanceof SourceError) || err.kind === 'not-found') throw err;
      if (!cached) throw err;
      log.warn({ day, err: err.message }, 'source failed; serving the cached list');
      const note = `Hugging Face is not answering; showing the list cached at ${utcClock(cached.fetchedAt)}`;
      return { ...cached, stale: { reason: err.message, note } };
    }
  }

  async function newestCachedDay(now: Date): Promise<DayList | undefined> {
    for (let i = 0; i <= opts.lookbackDays; i++) {
      const c = await days.get(addDays(utcDay(now), -i));
      if (c?.papers.length) return c;
    }
    return undefined;
  }

  return {
    getDay,
    getPeriod: (period, now) => periods.get(period, now),
    async getToday(now) {
      const today = utcDay(now);
      for (let i = 0; i <= opts.lookbackDays; i++) {
        let list: DayList;
        try {
          list = await getDay(addDays(today, -i), now);
        } catch (err) {
          if (!(err instanceof SourceError)) throw err;
          const fallback = await newestCachedDay(now);
          if (!fallback) throw err;
          const note = `Hugging Face is not answering; showing the list cached at ${utcClock(fallback.fetchedAt)}`;
          return { ...fallback, stale: { reason: err.message, note } };
        }
        if (list.papers.length > 0) return list;
      }
      throw new UserError(`No Daily Papers in the last ${opts.lookbackDays} days.`);
    },
    async getPaper(id) {
      const cached = await byId.get(id);
      if (cached) return cached;
      const paper = await source.fetchPaper(id);
      await byId.set(id, paper);
      return paper;
    },
  };
}

/**
 * When the newest stored list of a recent day (today back to `lookbackDays`) was fetched from HF, by any instance sharing
 * the store; undefined when none is stored. Readiness uses it to tell fresh data from stale.
 */
export async function newestFetch(store: Store, lookbackDays: number, now: Date): Promise<number | undefined> {
  const days = store.collection(DAYS_COLLECTION, fetchedAtSchema);
  let newest: number | undefined;
  for (let i = 0; i <= lookbackDays; i++) {
    const c = await days.get(addDays(utcDay(now), -i));
    if (c && (newest === undefined || c.fetchedAt > newest)) newest = c.fetchedAt;
  }
  return newest;
}
