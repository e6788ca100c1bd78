import type { Logger } from '../log.ts';
import type { Paper } from '../model.ts';
import type { AnnouncedPapers, ArxivAnnouncements } from '../papers/merge-papers.ts';
import { nextAnnouncementAfter } from './announcement-schedule.ts';
import { createArxivApi } from './arxiv-api.ts';
import { ARXIV_INTERVAL_MS, createPacedHttp } from './arxiv-http.ts';
import type { ArxivRssFeed } from './parse-rss.ts';
import { readFeed, type FeedValidators } from './read-feed.ts';
import { arxivUserAgent } from './user-agent.ts';
import type { RetryPolicy } from './with-retries.ts';

/** rss.arxiv.org holds at most this many items in one feed; a feed that long may have been cut. */
export const ARXIV_FEED_CAP = 2_000;

/** One announcement: `new` and `cross` items and revisions (`replace`, `replace-cross`), each flagged by `announceType`. */
export interface Announcement extends AnnouncedPapers {
  /** False when the feed was cut short and the API could not complete it (the papers are those that arrived). */
  complete: boolean;
}

export interface ArxivClientOptions {
  /** Empty: the source is off (every call answers undefined or nothing, no request is made). */
  categories: readonly string[];
  contact?: string;
  rssUrl: string;
  apiUrl: string;
  log: Logger;
  /** Least time between two requests; arXiv's 3 s unless a test shortens it. */
  intervalMs?: number;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** Items at which a feed counts as cut by arXiv's cap ({@link ARXIV_FEED_CAP}). */
  feedCap?: number;
  apiPageSize?: number;
  now?: () => Date;
}

export interface ArxivClient extends ArxivAnnouncements {
  /** The newest announcement, read at most once per announcement; undefined when off or never read. Never throws for arXiv's failures (logged once). */
  latestAnnouncement(): Promise<Announcement | undefined>;
  /** Single papers through the API (ids without version). */
  lookup(ids: readonly string[]): Promise<Paper[]>;
  close(): void;
}

export function createArxivClient(opts: ArxivClientOptions): ArxivClient {
  const retry: RetryPolicy = { retries: 4, baseMs: 5_000, capMs: 120_000, ...opts.retry };
  const http = createPacedHttp({ userAgent: arxivUserAgent(opts.contact), intervalMs: opts.intervalMs ?? ARXIV_INTERVAL_MS, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
  const api = createArxivApi(http, opts.apiUrl, retry, opts.apiPageSize);
  const feedUrl = `${opts.rssUrl.replace(/\/+$/, '')}/rss/${opts.categories.join('+')}`;
  const now = opts.now ?? (() => new Date());
  const log = opts.log.child({ source: 'arxiv' });
  let validators: FeedValidators = {};
  let current: Announcement | undefined;
  let nextCheckAt = 0;
  let reported: string | undefined;
  let lastRead: { feed: ArxivRssFeed & { day: string }; truncated: boolean } | undefined;
  let inFlight: Promise<Announcement | undefined> | undefined;

  /** The feed's papers, completed through the API when the feed was cut (arXiv's cap, or a document cut short). */
  async function announce(feed: ArxivRssFeed & { day: string }, truncated: boolean): Promise<Announcement> {
    const cut = truncated || feed.papers.length + feed.skipped.length >= (opts.feedCap ?? ARXIV_FEED_CAP);
    let papers = feed.papers;
    let complete = !cut;
    if (cut) {
      const known = new Set(papers.map((p) => p.id));
      try {
        const more = await api.completeAnnouncement(feed.day, feed.skipDays, opts.categories, known);
        log.info({ day: feed.day, fromFeed: papers.length, fromApi: more.length, truncated }, 'arXiv feed was cut short; completed through the API');
        papers = [...papers, ...more];
        complete = true;
      } catch (err) {
        log.warn({ day: feed.day, err: (err as Error).message }, 'arXiv feed was cut short and the API could not complete it; keeping what arrived, next poll tries again');
        nextCheckAt = 0;
      }
    }
    current = { day: feed.day, papers, complete };
    return current;
  }

  async function refresh(): Promise<Announcement | undefined> {
    try {
      const read = await readFeed(http, feedUrl, validators, retry);
      if (read.attempts > 1) log.info({ attempts: read.attempts, errors: read.errors }, `arXiv feed answered after ${read.attempts} tries`);
      if (reported) log.info('arXiv feed is back');
      reported = undefined;
      if (read.notModified) return current && !current.complete && lastRead ? announce(lastRead.feed, lastRead.truncated) : current;
      validators = read.validators;
      const day = read.feed.day;
      if (!day) throw new Error('the feed has no pubDate, so its announcement day is unknown');
      const feed = { ...read.feed, day };
      if (feed.skipped.length) log.warn({ skipped: feed.skipped.slice(0, 5), count: feed.skipped.length }, 'arXiv feed: items without an id left out');
      nextCheckAt = nextAnnouncementAfter(feed.day, feed.skipDays).getTime();
      if (feed.papers.length === 0 && current) return current; // a weekend or holiday feed: the last announcement stands
      lastRead = { feed, truncated: read.truncated };
      return announce(feed, read.truncated);
    } catch (err) {
      const message = (err as Error).message;
      if (reported !== message) log.warn({ url: feedUrl, err: message }, `arXiv feed unavailable: ${message}; keeping the last announcement, next poll tries again`);
      reported = message;
      return current;
    }
  }

  async function latestAnnouncement(): Promise<Announcement | undefined> {
    if (opts.categories.length === 0) return undefined;
    if (current && now().getTime() < nextCheckAt) return current;
    inFlight ??= refresh().finally(() => (inFlight = undefined));
    return inFlight;
  }

  return {
    latestAnnouncement,
    latest: () => latestAnnouncement(),
    lookup: (ids) => api.lookup(ids),
    close: () => http.close(),
  };
}

/** `replace` and `replace-cross`: revisions of papers announced before, left out unless a subscriber asks for them. */
export const isRevision = (p: Paper): boolean => p.announceType === 'replace' || p.announceType === 'replace-cross';
