import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatQuery } from '../src/alerts/query.ts';
import { createCoreApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import type { Destination } from '../src/model.ts';
import { generateSubscriptions, loadCorpus } from './alerts-corpus.ts';
import { compiledScript, startFlags } from './lib/compiled.ts';
import type { MemoryReport } from './lib/memory-child.ts';
import { fmtMB, fmtMs, quick, ratio, row } from './lib/table.ts';

/**
 * Memory of the running core app (store, scheduler with its due index, alert engine with its matcher, delivery queue)
 * with 10,000 channels' daily-post settings and 100,000 alert subscriptions in its SQLite store, beside the same app on
 * an empty store. Each is measured in a fresh process after a forced GC, twice: under tsx (`npm run dev`) and compiled
 * with plain node (`npm start`), each beside its own empty app; "from store" parses and indexes every subscription, as a
 * first start does; "restart" reads the alert engine's snapshot written by the process before (docs/decisions/109).
 */
const child = fileURLToPath(new URL('./lib/memory-child.ts', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const ZONES = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Asia/Kolkata', 'America/Los_Angeles', 'Australia/Sydney'];

/** Writes channels and subscriptions through the app's own services (channel set, subscribe), as commands would. */
async function populate(file: string, channels: number, subscriptions: number): Promise<number> {
  const app = await createCoreApp(loadConfig({ STORE_URL: `sqlite://${file}`, HF_ENDPOINT: 'http://127.0.0.1:9', LOG_LEVEL: 'silent' }), { log: silentLogger() });
  const t0 = performance.now();
  const at = new Date();
  const place = (i: number): Destination => ({ platform: i % 2 ? 'slack' : 'discord', community: `g${i % 500}`, channel: `c${i}` });
  for (let i = 0; i < channels; i++) {
    await app.channels.set(place(i), { time: `${String(i % 24).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`, timezone: ZONES[i % ZONES.length]! }, at, 'bench');
  }
  const queries = generateSubscriptions(loadCorpus(root).papers, Math.ceil(subscriptions * 1.2), 'niche').map((s) => formatQuery(s.query));
  const perOwner = 5;
  const owners = subscriptions / perOwner;
  let next = 0;
  for (let created = 0; created < subscriptions;) {
    const o = Math.floor(created / perOwner);
    const where = place(o % channels);
    const owner: Destination = o < owners / 2 ? where : { ...where, user: `u${o}` };
    const query = queries[next++ % queries.length]!;
    if ((await app.alerts.subscribe({ owner, query, createdBy: `u${o}`, now: at })).status === 'created') created++;
  }
  const ms = performance.now() - t0;
  await app.close();
  return ms;
}

type Runtime = 'tsx' | 'compiled';

/** One fresh process on `file`; with `snapshot`, the alert engine reads (and at exit writes) its snapshot there. */
function measure(file: string, runtime: Runtime, snapshot = 'off'): MemoryReport {
  // Compiled: with npm start's node flags, as `npm start` runs it.
  const args = runtime === 'tsx' ? ['--import', 'tsx', child] : [...startFlags(), compiledScript(child)];
  const out = execFileSync(process.execPath, ['--expose-gc', ...args, file, snapshot], { encoding: 'utf8', cwd: root, timeout: 300_000 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as MemoryReport;
}

function print(runtime: Runtime, files: Record<'empty' | 'channels' | 'full', string>, channels: number, subscriptions: number): void {
  const empty = measure(files.empty, runtime);
  const only = measure(files.channels, runtime);
  const full = measure(files.full, runtime);
  // A restart: the first process loads from the store and writes the snapshot as it stops; the second reads it.
  const snapshotFile = `${files.full}-${runtime}.snapshot`;
  rmSync(snapshotFile, { force: true });
  measure(files.full, runtime, snapshotFile);
  const restart = measure(files.full, runtime, snapshotFile);
  console.log(`\n${runtime === 'tsx' ? 'under tsx (npm run dev)' : 'compiled, plain node (npm start)'}`);
  row(['', 'empty app', 'channels', 'both: store', 'both: restart', 'rest./empty', 'rest./store']);
  const line = (name: string, pick: (r: MemoryReport) => number, fmt = fmtMB) =>
    row([name, fmt(pick(empty)), fmt(pick(only)), fmt(pick(full)), fmt(pick(restart)), ratio(pick(restart), pick(empty)), ratio(pick(restart), pick(full))]);
  line('RSS', (r) => r.rss);
  line('V8 heap used', (r) => r.heapUsed);
  line('V8 heap total', (r) => r.heapTotal);
  line('external (buffers)', (r) => r.external);
  row(['channels in the due index', String(empty.channels), String(only.channels), String(full.channels), String(restart.channels), '', '']);
  row(['subscriptions in the matcher', String(empty.subscriptions), String(only.subscriptions), String(full.subscriptions), String(restart.subscriptions), '', '']);
  line('start-up until loaded', (r) => r.loadMs, fmtMs);
  line('  CPU time of it', (r) => r.loadCpuMs, fmtMs);
  const perSub = (full.heapUsed - only.heapUsed) / subscriptions;
  const perChannel = (only.heapUsed - empty.heapUsed) / channels;
  console.log(`heap per subscription ${perSub.toFixed(0)} bytes, per channel ${perChannel.toFixed(0)} bytes (differences of heap used, loaded from the store).`);
  console.log(`both: store = loaded from the store (a first start); both: restart = from the alert snapshot (${fmtMB(statSync(snapshotFile).size)}) written by`);
  console.log('the process before, then checked against the store\'s subscription ids.');
}

export async function run(): Promise<void> {
  const [channels, subscriptions] = quick() ? [1_000, 10_000] : [10_000, 100_000];
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-mem-'));
  try {
    const files = { empty: join(dir, 'empty.sqlite'), channels: join(dir, 'channels.sqlite'), full: join(dir, 'full.sqlite') };
    await populate(files.empty, 0, 0);
    await populate(files.channels, channels, 0);
    const writeMs = await populate(files.full, channels, subscriptions);
    console.log(`${channels.toLocaleString('en')} channels with daily posts + ${subscriptions.toLocaleString('en')} alert subscriptions (niche mix, 5 per owner, half channels, half people) in SQLite`);
    print('tsx', files, channels, subscriptions);
    print('compiled', files, channels, subscriptions);
    console.log(`store written through channel set + subscribe in ${fmtMs(writeMs)}; SQLite file ${fmtMB(statSync(files.full).size)}. Each column is one fresh process after GC.`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
