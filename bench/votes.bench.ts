import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { silentLogger } from '../src/log.ts';
import type { Destination } from '../src/model.ts';
import { createPostsRegistry } from '../src/posts/posts.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Store } from '../src/store/store.ts';
import { headsNamespace, journalNamespace, votesNamespace } from '../src/votes/keys.ts';
import { createVotes } from '../src/votes/votes.ts';

/**
 * Records 100,000 votes (2,000 papers, 5,000 users, 20 % down-votes, cast over the last 30 days) through `handle`, then
 * times `top week` for the community: cached with no write since; right after a vote by this instance; right after a
 * vote by another instance (caught up through the vote journal, decision 096); right after 100 concurrent votes by
 * another instance; and the naive baseline that scans and re-aggregates every vote key on each call (what a full
 * rebuild costs). Writes are compared with raw store `set`s.
 */
const VOTES = 100_000;
const PAPERS = 2_000;
const USERS = 5_000;
const CONCURRENCY = 64;
const COMMUNITY = 'bench-guild';
const DAY = 86_400_000;

const where: Destination = { platform: 'discord', community: COMMUNITY, channel: 'c' };
const paperId = (p: number) => `2608.${String(10000 + p)}`;

async function pool(n: number, concurrency: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) await task(next++);
  }));
}

async function timings(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(0));

interface Row {
  backend: string;
  writeRate: number;
  rawRate: number;
  cached: number[];
  afterOwnWrite: number[];
  afterOtherWrite: number[];
  afterOtherBurst: number[];
  naive: number[];
  exact: boolean;
  writeSeconds: number;
}

async function benchBackend(backend: string, store: Store): Promise<Row> {
  const posts = createPostsRegistry(store);
  const votes = createVotes({ store, posts, log: silentLogger() });
  const naive = createVotes({ store, posts, log: silentLogger(), cache: false });
  const otherInstance = createVotes({ store, posts, log: silentLogger() });
  const now = new Date();
  await pool(PAPERS, CONCURRENCY, (p) => posts.record(where, `post-${p}`, [paperId(p)], 'single'));
  await votes.top(COMMUNITY, 'week', now, 10);

  const started = performance.now();
  let expectedNet = 0;
  await pool(VOTES, CONCURRENCY, async (i) => {
    const user = i % USERS;
    const paper = (user * 7 + Math.floor(i / USERS) * 100) % PAPERS;
    const down = i % 5 === 0;
    expectedNet += down ? -1 : 1;
    const at = new Date(now.getTime() - 1000 - ((i * 7919) % (30 * DAY)));
    await votes.handle({ where, messageId: `post-${paper}`, userId: `u${user}`, emoji: down ? 'down' : 'up', added: true, at });
  });
  const writeSeconds = (performance.now() - started) / 1000;

  const raw = store.collection('bench-raw', z.object({ value: z.number(), at: z.number() }));
  const RAW = 20_000;
  const rawStart = performance.now();
  await pool(RAW, CONCURRENCY, (i) => raw.set(`k${i}`, { value: 1, at: i }));
  const rawRate = RAW / ((performance.now() - rawStart) / 1000);
  await raw.clear();

  const all = await votes.netVotes(COMMUNITY, Array.from({ length: PAPERS }, (_, p) => paperId(p)));
  const exact = [...all.values()].reduce((a, b) => a + b, 0) === expectedNet;

  const cached = await timings(50, () => votes.top(COMMUNITY, 'week', now, 10));
  let extra = 0;
  const afterWrite = async (writer: typeof votes, samples: number, burst: number) => {
    const out: number[] = [];
    for (let i = 0; i < samples; i++) {
      await Promise.all(Array.from({ length: burst }, () =>
        writer.handle({ where, messageId: 'post-1', userId: `late-${extra++}`, emoji: 'up', added: true, at: now }),
      ));
      expectedNet += burst;
      out.push(...(await timings(1, () => votes.top(COMMUNITY, 'week', now, 10))));
    }
    return out.sort((a, b) => a - b);
  };
  const afterOwnWrite = await afterWrite(votes, 20, 1);
  const afterOtherWrite = await afterWrite(otherInstance, 200, 1);
  const afterOtherBurst = await afterWrite(otherInstance, 10, 100);
  const naiveTimes = await timings(10, () => naive.top(COMMUNITY, 'week', now, 10));
  const after = await votes.netVotes(COMMUNITY, Array.from({ length: PAPERS }, (_, p) => paperId(p)));
  const stillExact = [...after.values()].reduce((a, b) => a + b, 0) === expectedNet;
  return {
    backend,
    writeRate: VOTES / writeSeconds,
    rawRate,
    cached,
    afterOwnWrite,
    afterOtherWrite,
    afterOtherBurst,
    naive: naiveTimes,
    exact: exact && stillExact,
    writeSeconds,
  };
}

async function cleanup(store: Store) {
  const any = z.unknown();
  for (const ns of [votesNamespace(COMMUNITY), journalNamespace(COMMUNITY), headsNamespace(COMMUNITY), 'posts']) await store.collection(ns, any).clear();
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-votes-'));
  const backends: Array<[string, string | undefined]> = [
    ['sqlite', `sqlite://${join(dir, 'votes.sqlite')}`],
    ['redis', process.env.REDIS_URL],
    ['postgres', process.env.DATABASE_URL],
  ];
  console.log(`${VOTES.toLocaleString('en')} votes, ${PAPERS} papers, ${USERS} users, written through handle() ${CONCURRENCY} at a time.`);
  const rows: Row[] = [];
  for (const [name, url] of backends) {
    if (!url) {
      console.log(`${name}: skipped (${name === 'redis' ? 'REDIS_URL' : 'DATABASE_URL'} is not set)`);
      continue;
    }
    const store = await openStore(url, silentLogger(), `bench${Date.now().toString(36)}:`);
    try {
      rows.push(await benchBackend(name, store));
    } finally {
      await cleanup(store).catch(() => {});
      await store.close();
    }
  }
  rmSync(dir, { recursive: true, force: true });

  console.log('\nwrites');
  console.table(
    rows.map((r) => ({
      backend: r.backend,
      'votes/s (handle)': Math.round(r.writeRate),
      'raw set/s (baseline)': Math.round(r.rawRate),
      'handle ÷ raw': (r.writeRate / r.rawRate).toFixed(2),
      'write time s': r.writeSeconds.toFixed(1),
      'tally exact': r.exact ? 'yes' : 'NO',
    })),
  );
  console.log('top week latency in ms, p50 / p99: no write since last read (50 calls); right after a vote by this instance');
  console.log('(20); right after a vote by another instance, caught up through its journal (200); right after 100 concurrent');
  console.log("votes by another instance (10); naive scan of every key, i.e. a full rebuild (10). 'tally exact' above also");
  console.log('checks the numbers after all of these.');
  const pp = (xs: number[]) => `${ms(pct(xs, 50))} / ${ms(pct(xs, 99))}`;
  console.table(
    rows.map((r) => ({
      backend: r.backend,
      cached: pp(r.cached),
      'after own write': pp(r.afterOwnWrite),
      'after other write': pp(r.afterOtherWrite),
      'after 100 other writes': pp(r.afterOtherBurst),
      'naive full scan': pp(r.naive),
    })),
  );
  console.log("top week after another instance's vote, beside the cached read and the full rebuild (same run)");
  console.table(
    rows.map((r) => ({
      backend: r.backend,
      'after other write p50 / p99': pp(r.afterOtherWrite),
      'cached p50 / p99': pp(r.cached),
      'full rebuild p50 / p99': pp(r.naive),
      'other ÷ cached (p99)': `${(pct(r.afterOtherWrite, 99) / pct(r.cached, 99)).toFixed(1)}×`,
      'rebuild ÷ other (p50)': `${(pct(r.naive, 50) / pct(r.afterOtherWrite, 50)).toFixed(0)}×`,
      'rebuild ÷ other (p99)': `${(pct(r.naive, 99) / pct(r.afterOtherWrite, 99)).toFixed(0)}×`,
      'p99 < 50 ms': pct(r.afterOtherWrite, 99) < 50 ? 'yes' : 'NO',
    })),
  );
}
