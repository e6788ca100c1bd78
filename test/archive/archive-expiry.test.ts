import { afterEach, describe, expect, it, vi } from 'vitest';
import { createArchive } from '../../src/archive/archive.ts';
import { silentLogger } from '../../src/log.ts';
import { backendCases, openPeerStores } from '../helpers/backends.ts';
import { allFixturePapers } from '../helpers/fixture-papers.ts';

const papers = [...new Map(allFixturePapers().map((p) => [p.id, p])).values()];
const DAY_MS = 86_400_000;
/** Retention of the archive that records the old paper: short enough to pass during the test. */
const SHORT_MS = 1_500;

/** Polls until `check` holds (no fixed sleep); fails after `ms` of the monotonic clock (Date.now may be skewed). */
async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(backendCases())('archive retention on $name', ({ name, url }) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    vi.restoreAllMocks();
    await close?.();
    close = undefined;
  });

  it.skipIf(!url)('a paper past ARCHIVE_DAYS (its store TTL, by the store clock) leaves search results and the index', async () => {
    // Redis and PostgreSQL judge expiry by their own clock: put this host an hour behind to show it does not decide.
    if (name === 'redis' || name === 'postgres') {
      const real = Date.now.bind(Date);
      vi.spyOn(Date, 'now').mockImplementation(() => real() - 3_600_000);
    }
    const peers = await openPeerStores(url!, 2);
    close = peers.close;
    const log = silentLogger();
    const shortLived = createArchive({ store: peers.stores[0]!, log, retentionDays: SHORT_MS / DAY_MS, syncMs: 0 });
    const archive = createArchive({ store: peers.stores[1]!, log, retentionDays: 365, syncMs: 0 });
    await Promise.all([shortLived.start(), archive.start()]);
    const [old, fresh] = [papers[2]!, papers[9]!];
    await shortLived.record([old]);
    await archive.sync(); // indexes the paper the other instance stored
    await archive.record([fresh]);
    expect(archive.size).toBe(2);
    expect((await archive.search(old.title, 5)).map((h) => h.paper.id)).toContain(old.id);

    await until(async () => (await archive.get(old.id)) === undefined, 'the store to expire the old paper');
    const hits = await archive.search(old.title, 5);
    expect(hits.map((h) => h.paper.id)).not.toContain(old.id);
    expect(archive.size).toBe(1); // the search met the expired paper and dropped it from the index
    expect((await archive.search(fresh.title, 5))[0]?.paper.id).toBe(fresh.id);
  });
});
