import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { createDeliveryQueue } from '../src/delivery/delivery-queue.ts';
import { dailyKey } from '../src/delivery/records.ts';
import { replySchema } from '../src/delivery/reply-schema.ts';
import { silentLogger } from '../src/log.ts';
import { destinationKey, type Reply } from '../src/model.ts';
import { createPostsRegistry } from '../src/posts/posts.ts';
import { channelSettingsSchema, type ChannelSettings } from '../src/schedule/channel-settings.ts';
import { DueIndex } from '../src/schedule/due-index.ts';
import { createDestinationHealth } from '../src/delivery/destination-health.ts';
import { createPapersService } from '../src/papers/papers-service.ts';
import { createChannelSettings } from '../src/schedule/channel-settings.ts';
import { createDailyScheduler } from '../src/schedule/scheduler.ts';
import { openStore } from '../src/store/open-store.ts';

const CHANNELS = 10_000;
const ZONES = [
  'UTC', 'Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Europe/Madrid', 'Europe/Kyiv', 'Europe/Moscow', 'Africa/Lagos',
  'Africa/Johannesburg', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Singapore', 'Asia/Shanghai', 'Asia/Seoul', 'Asia/Tokyo',
  'Australia/Sydney', 'Pacific/Auckland', 'America/Sao_Paulo', 'America/New_York', 'America/Toronto', 'America/Chicago',
  'America/Mexico_City', 'America/Denver', 'America/Los_Angeles',
];
/** Thursday 26 Nov 2026: winter time in Europe, so 09:00 in Paris, Berlin, Madrid and Lagos is the same UTC minute. */
const START = Date.parse('2026-11-26T07:50:00Z');
const TICKS = 15;

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeChannels(): ChannelSettings[] {
  const rnd = mulberry32(42);
  const pad = (n: number) => String(n).padStart(2, '0');
  return Array.from({ length: CHANNELS }, (_, i) => {
    const r = rnd();
    const time = r < 0.6 ? '09:00' : r < 0.8 ? '08:30' : `${pad(Math.floor(rnd() * 24))}:${pad(Math.floor(rnd() * 60))}`;
    return {
      to: { platform: i % 2 ? 'discord' : 'slack', community: `g${i % 97}`, channel: `c${i}` },
      enabled: rnd() > 0.05,
      time,
      timezone: ZONES[Math.floor(rnd() * ZONES.length)]!,
      weekdays: rnd() < 0.8 ? [1, 2, 3, 4, 5] : [1, 2, 3, 4, 5, 6, 7],
      count: 10,
      minUpvotes: 0,
      updatedAt: START - 30 * 86_400_000,
    };
  });
}

/** The baseline: every tick re-reads every channel's stored settings and converts the tick to its zone with luxon. */
function naiveDue(rows: readonly string[], now: number): string[] {
  const due: string[] = [];
  for (const raw of rows) {
    const s = channelSettingsSchema.parse(JSON.parse(raw));
    if (!s.enabled) continue;
    const local = DateTime.fromMillis(now, { zone: s.timezone });
    if (s.weekdays.includes(local.weekday) && local.toFormat('HH:mm') === s.time) due.push(destinationKey(s.to));
  }
  return due;
}

const ms = (t0: number) => performance.now() - t0;
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(3));
const ratio = (base: number, ours: number) => `${(base / ours).toFixed(base / ours >= 10 ? 0 : 1)}×`;
const row = (...cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(46) : c.padStart(14))).join(''));

const digest: Reply = replySchema.parse({
  kind: 'digest', title: 'Trending papers · 2026-11-26', day: '2026-11-26', votable: true,
  papers: Array.from({ length: 10 }, (_, i) => ({
    communityVotes: 0, score: 100 - i,
    paper: {
      id: `2611.${10000 + i}`, title: `A paper title number ${i} that is about as long as real ones are`, summary: 'x'.repeat(1200),
      aiSummary: 'y'.repeat(200), keywords: ['diffusion', 'agents'], authors: ['A. Author', 'B. Author', 'C. Author'], upvotes: 100 - i,
      comments: 3, day: '2026-11-26', links: { hf: 'https://huggingface.co/papers/x', arxiv: 'https://arxiv.org/abs/x', pdf: 'https://arxiv.org/pdf/x' },
    },
  })),
});

async function enqueueFigures(url: string, keys: ChannelSettings[], tag: string) {
  const store = await openStore(url, silentLogger(), `${tag}:`);
  const queue = createDeliveryQueue({ store, posts: createPostsRegistry(store), log: silentLogger() });
  const naive = store.collection('naive-pending', z.object({ key: z.string(), to: z.unknown(), reply: replySchema, attempts: z.number() }));
  let t0 = performance.now();
  for (const s of keys) await naive.set(dailyKey(s.to, '2026-11-25'), { key: dailyKey(s.to, '2026-11-25'), to: s.to, reply: digest, attempts: 0 });
  const baseline = ms(t0);
  t0 = performance.now();
  for (const s of keys) await queue.enqueue({ key: dailyKey(s.to, '2026-11-26'), kind: 'daily', to: s.to, reply: digest });
  const ours = ms(t0);
  await queue.close();
  await store.close();
  return { baseline, ours };
}

/** The real path of one busy minute: scheduler tick → slot claim → digest → enqueue, with a source that answers at once. */
async function fullTick(url: string, channels: ChannelSettings[], busiestAt: number, tag: string) {
  const log = silentLogger();
  const store = await openStore(url, log, `${tag}:`);
  const settings = createChannelSettings({ store, defaultTimeZone: 'UTC' });
  const writes = store.collection('channels', channelSettingsSchema);
  for (const c of channels) await writes.set(destinationKey(c.to), c);
  const papers = digest.kind === 'digest' ? digest.papers.map((r) => r.paper) : [];
  const source = { endpoint: 'memory', fetchDay: async (day: string) => (day === '2026-11-26' ? papers : []), fetchPaper: async () => papers[0]! };
  const papersService = createPapersService({ source, store, log, refreshMs: 600_000, pastDayMs: 1e9, lookbackDays: 7 });
  const health = createDestinationHealth(store, log);
  const queue = createDeliveryQueue({ store, posts: createPostsRegistry(store), log, health });
  const scheduler = createDailyScheduler({ store, channels: settings, papers: papersService, queue, health, log, now: () => new Date(START) });
  await scheduler.reload(new Date(START));
  await scheduler.tick(new Date(busiestAt - 60_000));
  const t0 = performance.now();
  const report = await scheduler.tick(new Date(busiestAt));
  const took = ms(t0);
  await scheduler.stop();
  await queue.close();
  await store.close();
  return { took, queued: report.queued };
}

export async function run(): Promise<void> {
  const channels = makeChannels();
  const rows = channels.map((c) => JSON.stringify(c));
  let t0 = performance.now();
  const index = new DueIndex(START);
  for (const s of channels) index.upsert(channelSettingsSchema.parse(s));
  const buildMs = ms(t0);

  let naiveTotal = 0;
  let indexedTotal = 0;
  let busiest = { at: 0, due: 0, naiveMs: 0, indexedMs: 0 };
  let agree = true;
  for (let i = 0; i < TICKS; i++) {
    const now = START + i * 60_000;
    t0 = performance.now();
    const slow = naiveDue(rows, now);
    const naiveMs = ms(t0);
    t0 = performance.now();
    const fast = index.takeDue(now).map((d) => destinationKey(d.settings.to));
    const indexedMs = ms(t0);
    naiveTotal += naiveMs;
    indexedTotal += indexedMs;
    agree &&= slow.length === fast.length && new Set(fast).size === fast.length && slow.every((k) => fast.includes(k));
    if (fast.length > busiest.due) busiest = { at: now, due: fast.length, naiveMs, indexedMs };
  }
  const dueAtBusiest = channels.filter((c) => naiveDue([JSON.stringify(c)], busiest.at).length > 0);

  console.log(`${CHANNELS.toLocaleString('en')} channels in ${ZONES.length} zones; ticks ${new Date(START).toISOString().slice(0, 16)}Z + ${TICKS} min; naive and indexed agree: ${agree ? 'yes' : 'NO'}`);
  row('', 'naive', 'indexed', 'ratio');
  row(`who is due, mean per tick (${TICKS} ticks)`, `${fmt(naiveTotal / TICKS)} ms`, `${fmt(indexedTotal / TICKS)} ms`, ratio(naiveTotal, indexedTotal));
  row(`who is due, busiest minute (${busiest.due} due)`, `${fmt(busiest.naiveMs)} ms`, `${fmt(busiest.indexedMs)} ms`, ratio(busiest.naiveMs, busiest.indexedMs));
  row('index build, once per start/reload', '—', `${fmt(buildMs)} ms`, '');

  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-'));
  try {
    for (const [name, url] of [['memory', 'memory://'], ['sqlite', `sqlite://${join(dir, 'bench.sqlite')}`]] as const) {
      const minute = await enqueueFigures(url, dueAtBusiest, `${name}-minute`);
      const all = await enqueueFigures(url, channels, `${name}-all`);
      console.log('');
      row(`${name}: naive = store each item with its reply`, 'naive', 'queue', 'ratio');
      row(`due + enqueue, busiest minute (${dueAtBusiest.length})`, `${fmt(busiest.naiveMs + minute.baseline)} ms`, `${fmt(busiest.indexedMs + minute.ours)} ms`, ratio(busiest.naiveMs + minute.baseline, busiest.indexedMs + minute.ours));
      const perSec = (n: number, t: number) => `${Math.round((n / t) * 1000).toLocaleString('en')}/s`;
      row(`enqueue throughput (${CHANNELS.toLocaleString('en')} items)`, perSec(CHANNELS, all.baseline), perSec(CHANNELS, all.ours), ratio(all.baseline, all.ours));
      const full = await fullTick(url, channels, busiest.at, `${name}-tick`);
      const base = busiest.naiveMs + minute.baseline;
      row(`full tick, busiest minute (${full.queued} queued)*`, `${fmt(base)} ms`, `${fmt(full.took)} ms`, ratio(base, full.took));
    }
    console.log('\n* full tick = index lookup, slot claim (atomic add), digest, enqueue, slot record; its baseline is the naive');
    console.log('  due + enqueue above, which does less work.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
