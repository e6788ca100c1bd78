import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { DateTime } from 'luxon';

export const ARXIV_FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/arxiv');

/** One paper as the fake arXiv knows it, from a real capture (see test/fixtures/arxiv/README.md). */
export interface FakeArxivPaper {
  id: string;
  version: number;
  title: string;
  /** The RSS `<description>` as arXiv writes it: `arXiv:IDvN Announce Type: TYPE \nAbstract: …`. */
  description: string;
  /** The abstract alone (the API's `<summary>`). */
  abstract: string;
  /** `dc:creator`: every author in one comma-separated string. */
  creator: string;
  /** Primary first; empty when the capture lost them (feedparser dumps). */
  categories: string[];
  announceType: 'new' | 'cross' | 'replace' | 'replace-cross';
  /** When the first version was submitted (the API's `published`); see {@link fromListing}. */
  submitted?: Date;
}

/** One announcement: the feed's day (YYYY-MM-DD), its channel title categories and its papers in feed order. */
export interface FakeArxivDay {
  day: string;
  /** `lastBuildDate` as captured, e.g. `Tue, 05 Aug 2025 04:27:32 +0000`. */
  lastBuildDate: string;
  papers: FakeArxivPaper[];
}

export const readFixture = (name: string) => readFileSync(join(ARXIV_FIXTURES, name), 'utf8');

/** Feedparser's `summary` is HTML: the description's `&` came back as `&amp;`. Undone once, to get the text arXiv sent. */
const unescapeHtml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const HEAD = /^arXiv:(\S+)v(\d+) Announce Type: ([\w-]+) \nAbstract: /;

/**
 * A complete day from a feedparser dump (rss_cache.YYYY-MM-DD.json.gz) for one feed URL. The dump keeps the
 * description verbatim, the creator string, title, link and guid; it lost `<category>`, `dc:rights` and
 * `arxiv:announce_type` (the type is read back from the description).
 */
export function fromFeedparserDump(file: string, feedUrl: string): FakeArxivDay {
  const dump = JSON.parse(gunzipSync(readFileSync(join(ARXIV_FIXTURES, file))).toString('utf8')) as Record<
    string,
    { feed: { updated: string; published: string }; entries: Array<{ id: string; title: string; author: string; summary: string }> }
  >;
  const feed = dump[feedUrl];
  if (!feed) throw new Error(`${file} has no feed ${feedUrl}`);
  const day = DateTime.fromRFC2822(feed.feed.published, { setZone: true }).toISODate()!;
  const papers = feed.entries.map((e): FakeArxivPaper => {
    const description = unescapeHtml(e.summary);
    const head = HEAD.exec(description);
    if (!head) throw new Error(`unexpected description in ${e.id}`);
    return {
      id: head[1]!,
      version: Number(head[2]),
      title: e.title,
      description,
      abstract: description.slice(head[0].length),
      creator: e.author,
      categories: [],
      announceType: head[3] as FakeArxivPaper['announceType'],
    };
  });
  return { day, lastBuildDate: feed.feed.updated, papers };
}

/**
 * A day of the listing archive (`arxiv.org/list/<cat>/new` rows filled from the API: id, categories, authors, title,
 * summary) as the feed of `categories` would show it: rows repeated in the capture appear once; `new` when the primary
 * category is one of the feed's, else `cross`; version 1. The capture has no submission times: the fake spreads them
 * over the announcement's window in id order, so the API's `submittedDate` filter has something to filter.
 */
export function fromListing(file: string, day: string, categories: readonly string[], window: { from: Date; to: Date }): FakeArxivDay {
  const rows = gunzipSync(readFileSync(join(ARXIV_FIXTURES, file)))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { id: string; categories: string[]; authors: string[]; title: string; summary: string });
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()].filter((r) => r.categories.some((c) => categories.includes(c)));
  unique.sort((a, b) => a.id.localeCompare(b.id));
  const span = window.to.getTime() - window.from.getTime();
  const papers = unique.map((r, i): FakeArxivPaper => {
    const announceType = categories.includes(r.categories[0]!) ? 'new' : 'cross';
    return {
      id: r.id,
      version: 1,
      title: r.title,
      description: `arXiv:${r.id}v1 Announce Type: ${announceType} \nAbstract: ${r.summary}`,
      abstract: r.summary,
      creator: r.authors.join(', '),
      categories: r.categories,
      announceType,
      submitted: new Date(window.from.getTime() + Math.floor(((i + 0.5) * span) / unique.length)),
    };
  });
  papers.sort((a, b) => (a.announceType === b.announceType ? 0 : a.announceType === 'new' ? -1 : 1));
  const build = DateTime.fromISO(day, { zone: 'UTC' }).set({ hour: 4, minute: 30 });
  return { day, lastBuildDate: build.toRFC2822()!, papers };
}
