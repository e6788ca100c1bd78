/**
 * The whole alert poll over one arXiv announcement day (2026-06-17, default categories, from the fake arXiv) and a
 * Hugging Face day (fake HF, 50 papers, 20 of them also on arXiv), for 10,000 subscribers on SQLite (temp files),
 * with the subscription mix of alerts-arxiv (HF, arXiv, any, cat:, revisions). Three polls, each on its own copy of
 * the same subscriptions with an empty ledger:
 *  - phased: the engine's steps run one after another (the same functions, subscribers one at a time), each timed;
 *  - the engine's poll as it runs in the app (16 subscribers at once);
 *  - baseline: the engine's poll over the HF day alone (no arXiv source).
 * Also a baseline: raw better-sqlite3 upserts of as many rows as the phased poll's ledger wrote, one statement each
 * (as the store writes them) and in one transaction.
 *
 *   npm run bench -- arxiv-poll        (BENCH_QUICK=1: 2,000 subscribers)
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { batchBySubscriber } from '../src/alerts/alert-batch.ts';
import { createAlertEngine } from '../src/alerts/alert-engine.ts';
import { createAlertLedger } from '../src/alerts/alert-ledger.ts';
import { deliverBatch } from '../src/alerts/deliver-batch.ts';
import { createMatcher } from '../src/alerts/matcher.ts';
import { MAX_QUERY_LENGTH, STORED_QUERY_SLACK, parseAlertQuery } from '../src/alerts/query.ts';
import { createSubscriptionStore } from '../src/alerts/subscriptions.ts';
import type { ArxivClient } from '../src/arxiv/arxiv-client.ts';
import { createDeliveryQueue } from '../src/delivery/delivery-queue.ts';
import { createDestinationHealth } from '../src/delivery/destination-health.ts';
import { silentLogger } from '../src/log.ts';
import type { Destination } from '../src/model.ts';
import { mergePaperLists } from '../src/papers/merge-papers.ts';
import type { PapersService } from '../src/papers/papers-service.ts';
import { createPostsRegistry } from '../src/posts/posts.ts';
import type { Store } from '../src/store/store.ts';
import { withScopes } from './alerts-arxiv.bench.ts';
import { generateSubscriptions, loadCorpus } from './alerts-corpus.ts';
import { fmtMs, quick, ratio, row } from './lib/table.ts';
import { NOW, OVERLAP, arxivOn, openFile, papersOn, startPollWorld, subscriptionFiles, type PollWorld } from './lib/poll-world.ts';

const log = silentLogger();

async function timed<T>(f: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await f();
  return { ms: performance.now() - start, value };
}

/** Wall time spent in some method of an object: overlapping calls (a `Promise.all` of two) count once. */
interface BusyTime {
  ms: number;
  active: number;
  since: number;
}
const busyTime = (): BusyTime => ({ ms: 0, active: 0, since: 0 });

/** `o` with the time its methods run added to `acc` and each call shown to `seen` (name, args, result). */
function timedMethods<T extends object>(o: T, acc: BusyTime, seen: (name: string, args: unknown[], result: unknown) => void = () => {}): T {
  return new Proxy(o, {
    get(target, key) {
      const v = Reflect.get(target, key) as unknown;
      if (typeof v !== 'function') return v;
      return async (...args: unknown[]) => {
        if (acc.active++ === 0) acc.since = performance.now();
        try {
          const result = (await (v as (...a: unknown[]) => unknown).apply(target, args)) as unknown;
          seen(String(key), args, result);
          return result;
        } finally {
          if (--acc.active === 0) acc.ms += performance.now() - acc.since;
        }
      };
    },
  });
}

function deliveryOn(store: Store) {
  const health = createDestinationHealth(store, log);
  return { health, queue: createDeliveryQueue({ store, log, posts: createPostsRegistry(store), health }) };
}

/** The engine's poll, step by step, on `file`: the phase times (ms), the ledger's row writes and the counts. */
async function phased(world: PollWorld, file: string) {
  const store = await openFile(file);
  const papers = papersOn(world, store);
  const arxiv = arxivOn(world);
  const ms: Record<string, number> = {};
  const subs = await timed(async () => {
    const owners = new Map<string, Destination>();
    const parsed = [];
    for await (const s of createSubscriptionStore(store).all()) {
      const { query, scope } = parseAlertQuery(s.query, { maxLength: MAX_QUERY_LENGTH + STORED_QUERY_SLACK });
      parsed.push({ id: s.id, query, scope });
      owners.set(s.id, s.owner);
    }
    return { matcher: createMatcher(parsed), owners };
  });
  ms['read subscriptions, build matcher'] = subs.ms;
  const hf = await timed(() => papers.getToday(NOW));
  ms['HF fetch + parse'] = hf.ms;
  const announced = await timed(() => arxiv.latestAnnouncement());
  ms['arXiv fetch + parse'] = announced.ms;
  const arxivPapers = announced.value?.papers ?? [];
  const merged = await timed(() => mergePaperLists(hf.value.papers, arxivPapers));
  ms['merge (dedupe against HF)'] = merged.ms;
  const matched = await timed(() => batchBySubscriber(subs.value.matcher.matchMany(merged.value), (id) => subs.value.owners.get(id)));
  ms['match + group by subscriber'] = matched.ms;
  const ledgerTime = busyTime();
  const enqueueTime = busyTime();
  let writes = 0;
  const countWrites = (name: string, args: unknown[], result: unknown) => {
    if (name === 'claim' || name === 'markQueuing' || name === 'confirm') writes += (args[1] as unknown[]).length;
    if (name === 'takeDailySlots') writes += (result as unknown[]).length;
    if (name === 'firstOverflow') writes++;
  };
  const { health, queue } = deliveryOn(store);
  const ctx = {
    ledger: timedMethods(createAlertLedger(store), ledgerTime, countWrites),
    queue: timedMethods(queue, enqueueTime),
    health, log, done: new Set<string>(), cap: 20, day: NOW.toISOString().slice(0, 10), now: NOW,
  };
  let messages = 0;
  let pairs = 0;
  const deliver = await timed(async () => {
    for (const batch of matched.value) {
      const o = await deliverBatch(ctx, batch);
      if (o.status === 'queued') messages++;
      pairs += o.alerted + o.overflow;
    }
  });
  ms['ledger (claim, slots, mark, confirm)'] = ledgerTime.ms;
  ms['enqueue'] = enqueueTime.ms;
  ms['rest of delivery (health checks, digests)'] = deliver.ms - ledgerTime.ms - enqueueTime.ms;
  arxiv.close();
  await store.close();
  const counts = { hf: hf.value.papers.length, arxiv: arxivPapers.length, merged: merged.value.length, subscribers: matched.value.length, pairs, messages };
  return { ms, writes, counts };
}

/** The engine's poll as the app runs it, on `file`, with or without the arXiv source. */
async function enginePoll(world: PollWorld, file: string, arxiv?: ArxivClient) {
  const store = await openFile(file);
  const { health, queue } = deliveryOn(store);
  const papers: PapersService = papersOn(world, store);
  const engine = createAlertEngine({
    store, papers, queue, health, log, subscriptions: createSubscriptionStore(store), pollMs: 900_000, dailyCap: 20, ...(arxiv ? { arxiv } : {}),
  });
  const poll = await timed(() => engine.poll(NOW, { force: true }));
  arxiv?.close();
  await store.close();
  return poll;
}

/** Raw better-sqlite3 upserts of `n` ledger-like rows into the store's table (a copy holding the subscriptions): one statement each, and one transaction. */
function rawWrites(file: string, n: number): { each: number; batched: number } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS kv (ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, expires_at INTEGER, PRIMARY KEY (ns, key)) WITHOUT ROWID');
  const upsert = db.prepare(`INSERT INTO kv (ns, key, value, expires_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`);
  const value = JSON.stringify({ state: 'sent', at: NOW.getTime() });
  const key = (i: number) => `discord:g1:c0:u${i % 10_000}|2606.${String(i).padStart(5, '0')}`;
  let start = performance.now();
  for (let i = 0; i < n; i++) upsert.run('alert-sent', key(i), value, Date.now() + 1e10);
  const each = performance.now() - start;
  start = performance.now();
  db.transaction(() => {
    for (let i = 0; i < n; i++) upsert.run('alert-sent-2', key(i), value, Date.now() + 1e10);
  })();
  const batched = performance.now() - start;
  db.close();
  return { each, batched };
}

export async function run(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const n = quick() ? 2_000 : 10_000;
  const subs = withScopes(generateSubscriptions(loadCorpus(root).papers, n, 'broad', 11));
  const world = await startPollWorld();
  const files = await subscriptionFiles(subs, 4);
  try {
    const steps = await phased(world, files[0]!);
    const arxivRequests = world.arxiv.requests.length;
    const hfOnly = await enginePoll(world, files[1]!);
    const whole = await enginePoll(world, files[2]!, arxivOn(world));
    const raw = rawWrites(files[3]!, steps.writes);
    const c = steps.counts;
    const total = Object.values(steps.ms).reduce((a, b) => a + b, 0);
    console.log(`${n.toLocaleString('en-US')} subscribers, one subscription each (alerts-arxiv mix); arXiv ${c.arxiv} papers (${arxivRequests} request), HF ${c.hf} (${OVERLAP} also on arXiv) → ${c.merged} to match`);
    console.log(`phased poll: ${c.subscribers.toLocaleString('en-US')} subscribers matched, ${c.pairs.toLocaleString('en-US')} pairs, ${c.messages.toLocaleString('en-US')} messages queued, ${steps.writes.toLocaleString('en-US')} ledger row writes`);
    console.log(`raw SQLite baseline, ${steps.writes.toLocaleString('en-US')} upserts: one statement each ${fmtMs(raw.each)}, one transaction ${fmtMs(raw.batched)}`);
    row(['phase (one after another)', 'time', 'share', '× raw writes'], 44, 14);
    for (const [phase, ms] of Object.entries(steps.ms)) row([phase, fmtMs(ms), `${((ms / total) * 100).toFixed(1)}%`, ratio(ms, raw.each)], 44, 14);
    row(['phased total', fmtMs(total), '100%', ratio(total, raw.each)], 44, 14);
    row(['poll', 'time', 'messages', '× HF-only'], 44, 14);
    row(['engine poll, HF day alone (baseline)', fmtMs(hfOnly.ms), String(hfOnly.value.queued), '1.00×'], 44, 14);
    row(['engine poll, arXiv + HF', fmtMs(whole.ms), String(whole.value.queued), ratio(whole.ms, hfOnly.ms)], 44, 14);
    console.log('Wall-clock ms on a shared 2-core machine (other work running): rely on the ratios. arXiv pacing is the real 3 s; one feed request never waits.');
  } finally {
    await world.close();
    rmSync(path.dirname(files[0]!), { recursive: true, force: true });
  }
}
