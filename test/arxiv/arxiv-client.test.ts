import { describe, expect, it } from 'vitest';
import { ARXIV_INTERVAL_MS } from '../../src/arxiv/arxiv-http.ts';
import { fromListing } from '../fakes/arxiv-data.ts';
import { arxivWorld, dumpDay, gaps } from './arxiv-world.ts';
import { submissionWindow } from '../../src/arxiv/announcement-schedule.ts';

describe('arXiv client through the fake arXiv', () => {
  it('reads the announcement once, asks again only after the next expected one, and a re-poll costs a 304', async () => {
    const { fake, client, clock } = await arxivWorld(dumpDay());
    const first = await client.latestAnnouncement();
    expect(first).toMatchObject({ day: '2025-08-05', complete: true });
    expect(first!.papers).toHaveLength(1098);
    expect(new Set(first!.papers.map((p) => p.announceType))).toEqual(new Set(['new', 'cross', 'replace', 'replace-cross']));
    expect(fake.requests[0]!.userAgent).toMatch(/^paperboy\/\S+ \(\+https:\/\/\S+; mailto:ops@example\.org\)$/);

    clock.now = new Date('2025-08-05T23:00:00Z'); // 19:00 in New York: no announcement since
    expect(await client.latestAnnouncement()).toBe(first);
    expect(fake.requests).toHaveLength(1);

    clock.now = new Date('2025-08-06T04:30:00Z'); // past midnight US Eastern: a new announcement may be out
    expect(await client.latestAnnouncement()).toBe(first);
    expect(fake.requests.map((r) => r.status)).toEqual([200, 304]);
    expect(fake.requests[1]!.headers['if-none-match']).toBeTruthy();
    expect(fake.requests[1]!.headers['if-modified-since']).toBeTruthy();

    const cats = ['cs.CL', 'cs.CV', 'cs.LG'];
    fake.announce(fromListing('2026-06-17.jsonl.gz', '2025-08-06', cats, submissionWindow('2025-08-06')));
    const next = await client.latestAnnouncement();
    expect(next?.day).toBe('2025-08-06');
    expect(fake.requests.map((r) => r.status)).toEqual([200, 304, 200]);
  });

  it('is off with no categories: no request', async () => {
    const { fake, client } = await arxivWorld(dumpDay(), { categories: [] });
    expect(await client.latestAnnouncement()).toBeUndefined();
    expect(fake.requests).toHaveLength(0);
  });

  it('retries a 500 and a 503 with Retry-After, then succeeds, logging one line for the whole run', async () => {
    const { fake, client, logs } = await arxivWorld(dumpDay());
    fake.failNext({ kind: 'status', status: 500 });
    fake.failNext({ kind: 'status', status: 503, retryAfterSec: 0 });
    const got = await client.latestAnnouncement();
    expect(got?.papers).toHaveLength(1098);
    expect(fake.requests.map((r) => r.status)).toEqual([500, 503, 200]);
    const arxivLines = logs.filter((l) => l.source === 'arxiv');
    expect(arxivLines).toHaveLength(1);
    expect(arxivLines[0]!.msg).toContain('after 3 tries');
  });

  it('a hanging request times out and is retried', async () => {
    const { fake, client } = await arxivWorld(dumpDay(), { timeoutMs: 300 });
    fake.failNext({ kind: 'hang' }, 1, '/rss/');
    expect((await client.latestAnnouncement())?.papers).toHaveLength(1098);
    expect(fake.requests.map((r) => r.status)).toEqual([0, 200]);
  });

  it('a malformed feed: one clear log line, no crash, nothing reported again while it lasts, and recovery', async () => {
    const { fake, client, logs, clock } = await arxivWorld(dumpDay());
    fake.failNext({ kind: 'malformed' }, 8);
    await expect(client.latestAnnouncement()).resolves.toBeUndefined();
    await expect(client.latestAnnouncement()).resolves.toBeUndefined();
    const warns = logs.filter((l) => l.level === 40);
    expect(warns).toHaveLength(1);
    expect(warns[0]!.msg).toMatch(/^arXiv feed unavailable: malformed feed: not well-formed XML .* \(4 tries\); keeping the last announcement/);
    expect(warns[0]!.msg).not.toMatch(/\n/);
    clock.now = new Date('2025-08-05T13:00:00Z');
    expect((await client.latestAnnouncement())?.papers).toHaveLength(1098);
    expect(logs.some((l) => l.msg === 'arXiv feed is back')).toBe(true);
  });

  it('paces every request (feed, retries, API) at least the interval apart, one at a time', async () => {
    const { fake, client } = await arxivWorld(dumpDay(), { intervalMs: 250 });
    fake.failNext({ kind: 'status', status: 503, retryAfterSec: 0 });
    await Promise.all([client.latestAnnouncement(), client.lookup(['2508.00834']), client.lookup(['2508.00835'])]);
    expect(fake.requests.length).toBe(4);
    for (const gap of gaps(fake)) expect(gap).toBeGreaterThanOrEqual(250);
  });

  it('paces at arXiv’s 3 seconds by default', async () => {
    const { fake, client } = await arxivWorld(dumpDay(), { intervalMs: undefined });
    await client.latestAnnouncement();
    const [paper] = await client.lookup(['2508.00834']);
    expect(paper?.id).toBe('2508.00834');
    expect(ARXIV_INTERVAL_MS).toBe(3_000);
    expect(gaps(fake)[0]).toBeGreaterThanOrEqual(ARXIV_INTERVAL_MS);
  }, 10_000);
});
