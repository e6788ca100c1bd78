/**
 * What the whole-poll bench (bench/arxiv-poll.bench.ts) polls against: the fake arXiv serving the 2026-06-17 capture for
 * the default categories, the fake HF serving one Daily Papers day, and SQLite stores that hold the same subscriptions.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArxivClient, type ArxivClient } from '../../src/arxiv/arxiv-client.ts';
import { submissionWindow } from '../../src/arxiv/announcement-schedule.ts';
import { formatAlertQuery } from '../../src/alerts/query.ts';
import { HF_SCOPE } from '../../src/alerts/scope.ts';
import type { Subscription } from '../../src/alerts/subscription.ts';
import { createSubscriptionStore } from '../../src/alerts/subscriptions.ts';
import { silentLogger } from '../../src/log.ts';
import type { Destination } from '../../src/model.ts';
import { createHfClient } from '../../src/papers/hf-client.ts';
import { createPapersService, type PapersService } from '../../src/papers/papers-service.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { fromListing } from '../../test/fakes/arxiv-data.ts';
import { startFakeArxiv, type FakeArxiv } from '../../test/fakes/arxiv-server.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../../test/fakes/hf-server.ts';

export const ARXIV_DAY = '2026-06-17';
export const DEFAULT_CATS = ['cs.AI', 'cs.CL', 'cs.CV', 'cs.LG', 'stat.ML'];
/** The poll's clock: the afternoon of the announcement day (HF's list for it is then complete). */
export const NOW = new Date(`${ARXIV_DAY}T15:00:00Z`);
/** Of the HF day's papers, this many carry ids of papers in the arXiv announcement (seen on both: merged, alerted once). */
export const OVERLAP = 20;

const log = silentLogger();

export interface PollWorld {
  arxiv: FakeArxiv;
  hf: FakeHf;
  hfPapers: number;
  close(): Promise<void>;
}

/**
 * The HF day: every captured HF item (test/fixtures/hf-daily-papers), one per paper id, up to 50 (a busy Daily Papers
 * day), dated {@link ARXIV_DAY}; the first {@link OVERLAP} get the ids of papers from the arXiv announcement, since the
 * captures are from other days (the overlap is made up; HF's records are real).
 */
function hfDay(arxivIds: readonly string[]): unknown[] {
  const seen = new Set<string>();
  const items: Array<{ paper: { id: string } }> = [];
  for (const day of loadFixtureDays().values())
    for (const raw of day as Array<{ paper: { id: string } }>) if (!seen.has(raw.paper.id) && items.length < 50) (seen.add(raw.paper.id), items.push(raw));
  return items.map((raw, i) => (i < OVERLAP && arxivIds[i * 7] ? { ...raw, paper: { ...raw.paper, id: arxivIds[i * 7] } } : raw));
}

export async function startPollWorld(): Promise<PollWorld> {
  const day = fromListing('2026-06-17.jsonl.gz', ARXIV_DAY, DEFAULT_CATS, submissionWindow(ARXIV_DAY));
  const items = hfDay(day.papers.filter((p) => p.announceType === 'new').map((p) => p.id));
  const [arxiv, hf] = await Promise.all([startFakeArxiv(day), startFakeHf(new Map([[ARXIV_DAY, items]]))]);
  return { arxiv, hf, hfPapers: items.length, close: async () => void (await Promise.all([arxiv.close(), hf.close()])) };
}

/**
 * A fresh arXiv client on the fake, with arXiv's real 3 s pacing: the pacing spaces the second and later requests, and
 * this day's feed is under the 2,000-item cap, so the poll makes one request and never waits.
 */
export function arxivOn(world: PollWorld): ArxivClient {
  return createArxivClient({ categories: DEFAULT_CATS, rssUrl: world.arxiv.rssUrl, apiUrl: world.arxiv.apiUrl, log, now: () => NOW });
}

/** A fresh papers service (empty cache in `store`) on the fake HF. */
export function papersOn(world: PollWorld, store: Store): PapersService {
  const source = createHfClient({ endpoint: world.hf.url, log });
  return createPapersService({ source, store, log, refreshMs: 60_000, pastDayMs: 86_400_000, lookbackDays: 7 });
}

/**
 * Writes the subscriptions, one subscriber each (every tenth a channel, the rest people's DMs), into a SQLite file, then
 * copies it `copies` times: each poll gets its own store with the same subscriptions and an empty ledger.
 */
export async function subscriptionFiles(subs: readonly Subscription[], copies: number): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-bench-poll-'));
  const first = join(dir, 'subs.sqlite');
  const store = await openStore(`sqlite://${first}`, log);
  const subscriptions = createSubscriptionStore(store, { limitOf: () => 1_000 });
  for (const [i, s] of subs.entries()) {
    const owner: Destination = i % 10 === 0 ? { platform: 'discord', community: 'g1', channel: `c${i}` } : { platform: 'discord', community: 'g1', channel: 'c0', user: `u${i}` };
    const query = formatAlertQuery({ query: s.query, scope: s.scope ?? HF_SCOPE });
    await subscriptions.create({ owner, query, canonical: query, createdBy: 'bench', now: NOW });
  }
  await store.close();
  return Array.from({ length: copies }, (_, i) => {
    const file = join(dir, `poll-${i}.sqlite`);
    copyFileSync(first, file);
    return file;
  });
}

export const openFile = (file: string): Promise<Store> => openStore(`sqlite://${file}`, log);
