/**
 * One alert poll end to end (resync, match, ledger claims, daily-cap slots, enqueue, confirm) on memory and SQLite, for
 * thousands of subscribers on the corpus' latest full day. Baseline, measured in the same run: matching alone
 * (`matcher.matchMany`, no store). Three polls: the first (everything new), a repeat in the same process (nothing new,
 * pairs remembered in memory), and a repeat by a fresh instance (nothing new, every pair checked in the store).
 *
 *   npm run bench -- alert-poll
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAlertEngine } from '../src/alerts/alert-engine.ts';
import { createMatcher } from '../src/alerts/matcher.ts';
import { formatQuery } from '../src/alerts/query.ts';
import { createSubscriptionStore } from '../src/alerts/subscriptions.ts';
import { createDeliveryQueue } from '../src/delivery/delivery-queue.ts';
import { createDestinationHealth } from '../src/delivery/destination-health.ts';
import { silentLogger } from '../src/log.ts';
import type { Destination } from '../src/model.ts';
import type { PapersService } from '../src/papers/papers-service.ts';
import { createPostsRegistry } from '../src/posts/posts.ts';
import { openStore } from '../src/store/open-store.ts';
import type { Store } from '../src/store/store.ts';
import { generateSubscriptions, latestFullDay, loadCorpus, prng } from './alerts-corpus.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = silentLogger();

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await f();
  return { ms: performance.now() - start, value };
}

function engineOn(store: Store, papers: PapersService) {
  const health = createDestinationHealth(store, log);
  const queue = createDeliveryQueue({ store, log, posts: createPostsRegistry(store), health });
  return createAlertEngine({
    store, papers, queue, health, log, subscriptions: createSubscriptionStore(store), pollMs: 900_000, dailyCap: 20,
  });
}

export async function run(): Promise<void> {
  const { papers: corpus, source } = loadCorpus(projectRoot);
  const day = latestFullDay(corpus);
  const todays = corpus.filter((p) => p.day === day);
  const papers: PapersService = {
    getToday: async () => ({ day, papers: todays, fetchedAt: Date.now() }),
    getDay: async () => ({ day, papers: todays, fetchedAt: Date.now() }),
    getPaper: async () => todays[0]!,
    getPeriod: async () => {
      throw new Error('not used by this bench');
    },
  };
  console.log(`corpus: ${source}; day ${day}, ${todays.length} papers; times in ms, ratio to matching alone`);
  console.log('| store | subs | subscribers | pairs | messages | build matcher + match | first poll | repeat (same process) | repeat (new instance) |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const [n, people] of [[2_000, 800], [10_000, 4_000]] as const) {
    const subs = generateSubscriptions(corpus, n, 'broad', 11);
    const owners: Destination[] = Array.from({ length: people }, (_, i) =>
      i % 10 === 0 ? { platform: 'discord', community: 'g1', channel: `c${i}` } : { platform: 'discord', community: 'g1', channel: 'c0', user: `u${i}` },
    );
    const matchOnly = await timed(async () => createMatcher(subs).matchMany(todays));
    for (const backend of ['memory', 'sqlite'] as const) {
      const url = backend === 'memory' ? 'memory://' : `sqlite://${join(mkdtempSync(join(tmpdir(), 'paperboy-bench-')), 's.sqlite')}`;
      const store = await openStore(url, log);
      const subscriptionStore = createSubscriptionStore(store, { limitOf: () => 1_000 });
      const rand = prng(5);
      for (const s of subs) {
        const owner = owners[Math.floor(rand() * owners.length)]!;
        const query = formatQuery(s.query);
        await subscriptionStore.create({ owner, query, canonical: query, createdBy: 'bench', now: new Date() });
      }
      const engine = engineOn(store, papers);
      const first = await timed(() => engine.poll(new Date(), { force: true }));
      const again = await timed(() => engine.poll(new Date(), { force: true }));
      const fresh = await timed(() => engineOn(store, papers).poll(new Date(), { force: true }));
      const base = matchOnly.ms;
      const cell = (ms: number) => `${ms.toFixed(0)} (×${(ms / base).toFixed(1)})`;
      const r = first.value;
      console.log(
        `| ${backend} | ${n} | ${r.subscribers} | ${r.alerted + r.overflow} | ${r.queued} | ${base.toFixed(1)} | ${cell(first.ms)} | ${cell(again.ms)} | ${cell(fresh.ms)} |`,
      );
      await store.close();
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
