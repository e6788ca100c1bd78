import { afterEach } from 'vitest';
import { createArxivClient, type ArxivClient, type ArxivClientOptions } from '../../src/arxiv/arxiv-client.ts';
import { fromFeedparserDump, type FakeArxivDay } from '../fakes/arxiv-data.ts';
import { startFakeArxiv, type FakeArxiv, type FakeArxivOptions } from '../fakes/arxiv-server.ts';
import { captureLogs } from '../helpers/log-capture.ts';

export const DUMP_CATS = ['cs.CL', 'cs.CV', 'cs.MM', 'cs.LG', 'cs.SI'];
export const dumpDay = (): FakeArxivDay => fromFeedparserDump('rss_cache.2025-08-05.json.gz', `https://rss.arxiv.org/rss/${DUMP_CATS.join('+')}`);

const open: Array<{ fake: FakeArxiv; client: ArxivClient }> = [];
afterEach(async () => {
  for (const { fake, client } of open.splice(0)) {
    client.close();
    await fake.close();
  }
});

/** A fake arXiv serving `day` and a client pointed at it, with a short pacing interval unless `client.intervalMs` says otherwise. */
export async function arxivWorld(day: FakeArxivDay, client: Partial<ArxivClientOptions> = {}, fakeOpts: FakeArxivOptions = {}) {
  const fake = await startFakeArxiv(day, fakeOpts);
  const logs = captureLogs('info');
  const clock = { now: new Date(`${day.day}T12:00:00Z`) };
  const c = createArxivClient({
    categories: DUMP_CATS,
    contact: 'ops@example.org',
    rssUrl: fake.rssUrl,
    apiUrl: fake.apiUrl,
    log: logs.log,
    intervalMs: 150,
    retry: { retries: 3, baseMs: 20, capMs: 200 },
    timeoutMs: 2_000,
    now: () => clock.now,
    ...client,
  });
  open.push({ fake, client: c });
  return { fake, client: c, logs: logs.lines, clock };
}

/** Gaps between the starts of consecutive requests the fake received, in ms. */
export const gaps = (fake: FakeArxiv) => fake.requests.slice(1).map((r, i) => r.at - fake.requests[i]!.at);
