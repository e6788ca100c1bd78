import { describe, expect, it } from 'vitest';
import { submissionWindow } from '../../src/arxiv/announcement-schedule.ts';
import { fromListing } from '../fakes/arxiv-data.ts';
import { arxivWorld, gaps } from './arxiv-world.ts';

const CATS = ['cs.CV', 'cs.CL', 'cs.AI'];
/** A real listing day (2026-06-17) served as the Wednesday announcement of those categories. */
const listingDay = () => fromListing('2026-06-17.jsonl.gz', '2026-06-17', CATS, submissionWindow('2026-06-17'));

describe('a feed shorter than expected is completed through the API, paced', () => {
  it('a feed at the item cap: the rest comes from the API, each paper once, with its announce type', async () => {
    const day = listingDay();
    const { fake, client, logs } = await arxivWorld(day, { categories: CATS, feedCap: 100, apiPageSize: 50 }, { itemCap: 100 });
    const got = await client.latestAnnouncement();
    expect(got).toMatchObject({ day: '2026-06-17', complete: true });
    expect(got!.papers.map((p) => p.id).sort()).toEqual(day.papers.map((p) => p.id).sort());
    const expected = new Map(day.papers.map((p) => [p.id, p.announceType]));
    for (const p of got!.papers) expect([p.id, p.announceType]).toEqual([p.id, expected.get(p.id)]);
    expect(got!.papers.slice(100).every((p) => p.arxivDay === '2026-06-17' && p.categories?.length)).toBe(true);
    const apiCalls = fake.requests.filter((r) => r.path === '/api/query');
    expect(apiCalls.length).toBe(Math.ceil(day.papers.length / 50));
    expect(apiCalls[0]!.query.search_query).toMatch(/^\(cat:cs\.CV OR cat:cs\.CL OR cat:cs\.AI\) AND submittedDate:\[\d{12} TO \d{12}\]$/);
    for (const gap of gaps(fake)) expect(gap).toBeGreaterThanOrEqual(150);
    expect(logs.filter((l) => l.msg.includes('completed through the API'))).toHaveLength(1);
  });

  it('a feed under the cap asks the API nothing', async () => {
    const day = listingDay();
    const { fake, client } = await arxivWorld(day, { categories: CATS });
    expect((await client.latestAnnouncement())?.papers).toHaveLength(day.papers.length);
    expect(fake.requests.filter((r) => r.path === '/api/query')).toHaveLength(0);
  });

  it('a feed cut mid-document keeps the items that arrived and completes the rest through the API', async () => {
    const day = listingDay();
    const { fake, client } = await arxivWorld(day, { categories: CATS, apiPageSize: 100 });
    fake.failNext({ kind: 'truncated', fraction: 0.4 }, 1, '/rss/');
    const got = await client.latestAnnouncement();
    expect(got?.complete).toBe(true);
    expect(got!.papers.map((p) => p.id).sort()).toEqual(day.papers.map((p) => p.id).sort());
    expect(fake.requests.filter((r) => r.path.startsWith('/rss/'))).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path === '/api/query').length).toBeGreaterThan(0);
  });

  it('when the API fails too, the announcement is kept as incomplete and asked again next poll', async () => {
    const day = listingDay();
    const { fake, client } = await arxivWorld(day, { categories: CATS, feedCap: 100 }, { itemCap: 100 });
    fake.failNext({ kind: 'status', status: 503 }, 4, '/api/');
    const got = await client.latestAnnouncement();
    expect(got).toMatchObject({ complete: false });
    expect(got!.papers).toHaveLength(100);
    const again = await client.latestAnnouncement();
    expect(again).toMatchObject({ complete: true });
    expect(again!.papers).toHaveLength(day.papers.length);
  });

  it('lookup reads single papers through the API', async () => {
    const day = listingDay();
    const { client } = await arxivWorld(day, { categories: CATS });
    const ids = [day.papers[3]!.id, day.papers[7]!.id];
    const got = await client.lookup(ids);
    expect(got.map((p) => p.id)).toEqual(ids);
    expect(got[0]!.title).toBe(day.papers[3]!.title);
  });

  it('follows a redirect (arXiv moving the API to https), paced like any request', async () => {
    const day = listingDay();
    const { fake, client } = await arxivWorld(day, { categories: CATS, apiUrl: 'placeholder' });
    client.close();
    const { createArxivClient } = await import('../../src/arxiv/arxiv-client.ts');
    const { captureLogs } = await import('../helpers/log-capture.ts');
    const moved = createArxivClient({ categories: CATS, rssUrl: fake.rssUrl, apiUrl: `${fake.url}/moved/api/query`, log: captureLogs().log, intervalMs: 100 });
    const got = await moved.lookup([day.papers[0]!.id]);
    moved.close();
    expect(got.map((p) => p.id)).toEqual([day.papers[0]!.id]);
    expect(fake.requests.map((r) => [r.path, r.status])).toEqual([['/moved/api/query', 301], ['/api/query', 200]]);
    for (const gap of gaps(fake)) expect(gap).toBeGreaterThanOrEqual(100);
  });
});
