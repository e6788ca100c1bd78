/** A real arXiv announcement day (with one revision) and HF items for its papers, for the alert-scope end-to-end tests. */
import { submissionWindow } from '../../src/arxiv/announcement-schedule.ts';
import { createCoreApp } from '../../src/app.ts';
import { createArxivClient } from '../../src/arxiv/arxiv-client.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { fromListing, type FakeArxivDay, type FakeArxivPaper } from '../fakes/arxiv-data.ts';
import { startFakeArxiv } from '../fakes/arxiv-server.ts';
import { loadFixtureDays, startFakeHf } from '../fakes/hf-server.ts';
import { FakeClock } from '../helpers/fake-clock.ts';

export const ARXIV_CATS = ['cs.AI', 'cs.CL', 'cs.CV', 'cs.LG', 'stat.ML'];
export const ARXIV_DAY = '2026-06-17';
const SIMPLE_TITLE = /^[A-Za-z][A-Za-z0-9 ,:-]+$/;

/** The real announcement, with one cs.CV paper about images turned into a revision (`replace`, v2). */
export function announcement() {
  const day = fromListing('2026-06-17.jsonl.gz', ARXIV_DAY, ARXIV_CATS, submissionWindow(ARXIV_DAY));
  const idx = day.papers.findIndex((p) => p.categories.includes('cs.CV') && /\bimages?\b/i.test(p.title) && SIMPLE_TITLE.test(p.title));
  const r = day.papers[idx]!;
  const revised: FakeArxivPaper = {
    ...r,
    version: 2,
    announceType: 'replace',
    description: r.description.replace(`${r.id}v1 Announce Type: ${r.announceType}`, `${r.id}v2 Announce Type: replace`),
  };
  day.papers[idx] = revised;
  const p = day.papers.find((x) => x.announceType === 'new' && x.categories[0] === 'cs.CL' && SIMPLE_TITLE.test(x.title) && !/\bimages?\b/i.test(`${x.title} ${x.abstract}`))!;
  return { day, revised, p };
}

/** An HF Daily Papers item for `p`, in the shape of a real one (a fixture item with p's id, title and abstract). */
export function hfItem(p: FakeArxivPaper): unknown {
  const real = structuredClone(loadFixtureDays().get('2026-08-20')![0]) as { paper: Record<string, unknown>; title: string; summary: string };
  Object.assign(real.paper, { id: p.id, title: p.title, summary: p.abstract, submittedOnDailyAt: `${ARXIV_DAY}T08:00:00.000Z`, upvotes: 7 });
  return { ...real, title: p.title, summary: p.abstract };
}

export const idsIn = (message: string) => [...message.matchAll(/https:\/\/(?:arxiv\.org\/abs|huggingface\.co\/papers)\/(\d{4}\.\d{4,5})/g)].map((m) => m[1]!);


/**
 * The fake HF (no days), the fake arXiv serving `day`, an arXiv client paced at 50 ms, and a core app on a memory store
 * with that client, at noon of {@link ARXIV_DAY} on a fake clock. `env` adds configuration (e.g. a platform token).
 */
export async function startArxivWorld(day: FakeArxivDay, env: Record<string, string> = {}) {
  const hf = await startFakeHf(new Map());
  const arxiv = await startFakeArxiv(day);
  const clock = new FakeClock(`${ARXIV_DAY}T12:00:00Z`);
  const log = silentLogger();
  const client = createArxivClient({
    categories: ARXIV_CATS, contact: 'ops@example.org', rssUrl: arxiv.rssUrl, apiUrl: arxiv.apiUrl, log,
    intervalMs: 50, retry: { retries: 1, baseMs: 10, capMs: 50 }, timeoutMs: 5_000, now: clock.fn,
  });
  const config = loadConfig({ HF_ENDPOINT: hf.url, HF_RETRIES: '0', STORE_URL: 'memory://', ...env });
  const app = await createCoreApp(config, { log, retryBaseMs: 1, now: clock.fn, arxiv: client, delivery: { pollMs: 20 } });
  return {
    hf, arxiv, clock, client, config, log, app,
    async close() {
      await app.close();
      client.close();
      await arxiv.close();
      await hf.close();
    },
  };
}
export type ArxivWorld = Awaited<ReturnType<typeof startArxivWorld>>;
