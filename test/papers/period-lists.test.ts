import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceError, UserError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { createHfClient } from '../../src/papers/hf-client.ts';
import { createPapersService, type PapersService } from '../../src/papers/papers-service.ts';
import { parseMonth, parseWeek, type ParsedPeriod } from '../../src/papers/period.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { periodItems, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

let hf: FakeHf;
let store: Store;
let papers: PapersService;
const at = (iso: string) => new Date(iso);
const REFRESH_MS = 10 * 60_000;
const PAST_MS = 7 * 86_400_000;

const period = (p: ParsedPeriod) => {
  if (!p.ok) throw new Error(p.message);
  return p.period;
};
const W33 = period(parseWeek('2026-W33'));
const W34 = period(parseWeek('2026-W34'));
const AUGUST = period(parseMonth('2026-08'));

function service(source = createHfClient({ endpoint: hf.url, log: silentLogger(), retryBaseMs: 1, retries: 1, timeoutMs: 300 })) {
  return createPapersService({ source, store, log: silentLogger(), refreshMs: REFRESH_MS, pastDayMs: PAST_MS, lookbackDays: 7 });
}

beforeEach(async () => {
  hf = await startFakeHf();
  store = await openStore('memory://', silentLogger());
  papers = service();
});
afterEach(async () => {
  await hf.close();
  await store.close();
});

const periodRequests = () =>
  hf.requests.filter((r) => r.path === '/api/daily_papers' && !r.query.date).map((r) => `${r.query.week ?? r.query.month}&p=${r.query.p}`);
const idsOf = (items: unknown[]) => (items as Array<{ paper: { id: string } }>).map((i) => i.paper.id).sort();

describe("HF's weekly and monthly lists", () => {
  it('asks with week=YYYY-Www and pages until the list ends, each paper once', async () => {
    const list = await papers.getPeriod(W33, at('2026-08-20T09:00:00Z'));
    expect(periodRequests()).toEqual(['2026-W33&p=0', '2026-W33&p=1', '2026-W33&p=2']);
    expect(list.papers.map((p) => p.id).sort()).toEqual(idsOf(periodItems(hf.days, 'week', '2026-W33')));
    expect(list.papers).toHaveLength(104);
    expect(list.period).toEqual(W33);
    expect(new Set(list.papers.map((p) => p.day))).toEqual(new Set(['2026-08-10', '2026-08-11', '2026-08-12', '2026-08-13', '2026-08-14']));
  });

  it('asks with month=YYYY-MM', async () => {
    const list = await papers.getPeriod(AUGUST, at('2026-08-20T09:00:00Z'));
    expect(periodRequests()).toEqual(['2026-08&p=0', '2026-08&p=1', '2026-08&p=2', '2026-08&p=3']);
    expect(list.papers.map((p) => p.id).sort()).toEqual(idsOf(periodItems(hf.days, 'month', '2026-08')));
  });

  it('refreshes the current week like today (after the refresh interval), and keeps a settled past week', async () => {
    await papers.getPeriod(W34, at('2026-08-20T09:00:00Z'));
    await papers.getPeriod(W34, at('2026-08-20T09:09:00Z'));
    expect(periodRequests().filter((r) => r.endsWith('p=0'))).toEqual(['2026-W34&p=0']);
    await papers.getPeriod(W34, at('2026-08-20T09:11:00Z'));
    expect(periodRequests().filter((r) => r.endsWith('p=0'))).toEqual(['2026-W34&p=0', '2026-W34&p=0']);

    hf.requests.length = 0;
    await papers.getPeriod(W33, at('2026-08-20T09:00:00Z'));
    await papers.getPeriod(W33, at('2026-08-26T09:00:00Z'));
    expect(periodRequests().filter((r) => r.endsWith('p=0'))).toEqual(['2026-W33&p=0']);
    await papers.getPeriod(W33, at('2026-08-27T08:59:00Z'));
    expect(periodRequests().filter((r) => r.endsWith('p=0'))).toEqual(['2026-W33&p=0']);
    await papers.getPeriod(W33, at('2026-08-27T09:01:00Z'));
    expect(periodRequests().filter((r) => r.endsWith('p=0'))).toEqual(['2026-W33&p=0', '2026-W33&p=0']);
  });

  it('does not trust a copy fetched before the week settled for long', async () => {
    await papers.getPeriod(W33, at('2026-08-16T09:00:00Z')); // the week's last day: it may still change
    await papers.getPeriod(W33, at('2026-08-20T09:00:00Z'));
    expect(periodRequests().filter((r) => r.endsWith('p=0'))).toHaveLength(2);
  });

  it('is shared through the store with another instance', async () => {
    await papers.getPeriod(W33, at('2026-08-20T09:00:00Z'));
    const other = service();
    const list = await other.getPeriod(W33, at('2026-08-21T09:00:00Z'));
    expect(list.papers).toHaveLength(104);
    expect(periodRequests().filter((r) => r.endsWith('p=0'))).toHaveLength(1);
  });

  it('fetches once when many callers ask at the same moment', async () => {
    await Promise.all(Array.from({ length: 10 }, () => papers.getPeriod(W34, at('2026-08-20T09:00:00Z'))));
    expect(periodRequests()).toEqual(['2026-W34&p=0', '2026-W34&p=1']);
  });

  it('serves the last good copy, saying when it was cached, when HF fails; a typed error when nothing is cached', async () => {
    await papers.getPeriod(W34, at('2026-08-20T09:12:00Z'));
    hf.failAlways({ kind: 'status', status: 503 });
    const list = await papers.getPeriod(W34, at('2026-08-20T10:00:00Z'));
    expect(list.papers).toHaveLength(93);
    expect(list.stale?.note).toBe('Hugging Face is not answering; showing the list cached at 09:12 UTC');
    await expect(papers.getPeriod(W33, at('2026-08-20T10:00:00Z'))).rejects.toBeInstanceOf(SourceError);
  });

  it('rejects an unreadable list with a clear error', async () => {
    hf.failNext({ kind: 'malformed' });
    const err = await papers.getPeriod(W33, at('2026-08-20T10:00:00Z')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as Error).message).toMatch(/^Hugging Face sent an unreadable list for week 2026-W33: /);
  });

  it('says so when the papers source has no weekly lists', async () => {
    const { fetchPeriod: _, ...dailyOnly } = createHfClient({ endpoint: hf.url, log: silentLogger() });
    const err = await service(dailyOnly).getPeriod(W33, at('2026-08-20T10:00:00Z')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe("This bot's papers source has no weekly lists.");
  });
});
