import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceError, UserError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { createHfClient } from '../../src/papers/hf-client.ts';
import { createPapersService, type PapersService } from '../../src/papers/papers-service.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

let hf: FakeHf;
let store: Store;
let papers: PapersService;
const at = (iso: string) => new Date(iso);

beforeEach(async () => {
  hf = await startFakeHf();
  store = await openStore('memory://', silentLogger());
  const source = createHfClient({ endpoint: hf.url, log: silentLogger(), retryBaseMs: 1, retries: 1, timeoutMs: 300 });
  papers = createPapersService({ source, store, log: silentLogger(), refreshMs: 10 * 60_000, pastDayMs: 7 * 86_400_000, lookbackDays: 7 });
});
afterEach(async () => {
  await hf.close();
  await store.close();
});

const dailyRequests = () => hf.requests.filter((r) => r.path === '/api/daily_papers').map((r) => r.query.date);

describe('"today"', () => {
  it('is the current UTC day when it has papers', async () => {
    const list = await papers.getToday(at('2026-08-20T15:00:00Z'));
    expect(list.day).toBe('2026-08-20');
    expect(list.papers.length).toBe(15);
  });

  it('walks back over a weekend to the newest day with papers, and says which day it is', async () => {
    const list = await papers.getToday(at('2026-08-16T10:00:00Z'));
    expect(list.day).toBe('2026-08-14');
    expect(dailyRequests()).toEqual(['2026-08-16', '2026-08-15', '2026-08-14']);
  });

  it('stops after the look-back window with a clear message', async () => {
    const err = await papers.getToday(at('2026-10-01T00:00:00Z')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/No Daily Papers in the last 7 days/);
    expect(dailyRequests()).toHaveLength(8);
  });
});

describe('caching', () => {
  it('serves a recent day from the cache until the refresh interval has passed', async () => {
    await papers.getDay('2026-08-20', at('2026-08-20T09:00:00Z'));
    await papers.getDay('2026-08-20', at('2026-08-20T09:09:00Z'));
    expect(dailyRequests()).toHaveLength(1);
    await papers.getDay('2026-08-20', at('2026-08-20T09:11:00Z'));
    expect(dailyRequests()).toHaveLength(2);
  });

  it('keeps a settled past day for long', async () => {
    await papers.getDay('2026-08-10', at('2026-08-20T09:00:00Z'));
    await papers.getDay('2026-08-10', at('2026-08-23T09:00:00Z'));
    expect(dailyRequests()).toHaveLength(1);
  });

  it('fetches a day once when many callers ask at the same moment', async () => {
    await Promise.all(Array.from({ length: 20 }, () => papers.getDay('2026-08-20', at('2026-08-20T09:00:00Z'))));
    expect(dailyRequests()).toHaveLength(1);
  });

  it('falls back to the last good list, saying when it was cached, when the source fails', async () => {
    await papers.getToday(at('2026-08-20T09:12:00Z'));
    hf.failAlways({ kind: 'status', status: 503 });
    const list = await papers.getToday(at('2026-08-20T10:00:00Z'));
    expect(list.day).toBe('2026-08-20');
    expect(list.stale?.note).toBe('Hugging Face is not answering; showing the list cached at 09:12 UTC');
  });

  it('throws a typed source error when nothing is cached and the source fails', async () => {
    hf.failAlways({ kind: 'status', status: 503 });
    await expect(papers.getToday(at('2026-08-20T10:00:00Z'))).rejects.toBeInstanceOf(SourceError);
  });

  it('stores nothing when the source answers garbage', async () => {
    hf.failAlways({ kind: 'malformed' });
    await expect(papers.getDay('2026-08-20', at('2026-08-20T10:00:00Z'))).rejects.toBeInstanceOf(SourceError);
    const days = [];
    for await (const e of store.collection('papers-day', (await import('zod')).z.unknown()).entries()) days.push(e);
    expect(days).toEqual([]);
  });

  it('finds one paper in the cache of a fetched day without asking the source', async () => {
    const list = await papers.getDay('2026-08-20', at('2026-08-20T09:00:00Z'));
    const before = hf.requests.length;
    expect((await papers.getPaper(list.papers[3]!.id)).title).toBe(list.papers[3]!.title);
    expect(hf.requests.length).toBe(before);
  });
});
