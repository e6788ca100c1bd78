import type { Config } from './config.ts';
import { secretsOf } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { createHfClient, type PapersSource } from './papers/hf-client.ts';
import { createPapersService, type PapersService } from './papers/papers-service.ts';
import { createPostsRegistry, type PostsRegistry } from './posts/posts.ts';
import { openStore } from './store/open-store.ts';
import type { Store } from './store/store.ts';
import { createVotes, type Votes } from './votes/votes.ts';

/** The core services, wired once. Adapters and commands receive what they need from here. */
export interface CoreApp {
  config: Config;
  log: Logger;
  store: Store;
  source: PapersSource;
  papers: PapersService;
  /** Which papers each of the bot's messages shows, so reactions on them can be votes. */
  posts: PostsRegistry;
  votes: Votes;
  close(): Promise<void>;
}

export interface CoreAppOptions {
  log?: Logger;
  /** Keeps test runs apart on a shared Redis or PostgreSQL. */
  storePrefix?: string;
  /** Test hook: faster HF retries. */
  retryBaseMs?: number;
}

export async function createCoreApp(config: Config, opts: CoreAppOptions = {}): Promise<CoreApp> {
  const log =
    opts.log ?? createLogger({ level: config.LOG_LEVEL, pretty: process.stderr.isTTY, secrets: secretsOf(config) });
  const store = await openStore(config.STORE_URL, log, opts.storePrefix);
  const source = createHfClient({
    endpoint: config.HF_ENDPOINT,
    log: log.child({ component: 'hf' }),
    timeoutMs: config.HF_TIMEOUT_MS,
    totalTimeoutMs: config.HF_TOTAL_TIMEOUT_MS,
    retries: config.HF_RETRIES,
    retryBaseMs: opts.retryBaseMs,
  });
  const papers = createPapersService({
    source,
    store,
    log: log.child({ component: 'papers' }),
    refreshMs: config.TODAY_REFRESH_MINUTES * 60_000,
    pastDayMs: config.PAST_DAY_CACHE_HOURS * 3_600_000,
    lookbackDays: config.TODAY_LOOKBACK_DAYS,
  });
  const posts = createPostsRegistry(store);
  const votes = createVotes({ store, posts, log: log.child({ component: 'votes' }) });
  return {
    config,
    log,
    store,
    source,
    papers,
    posts,
    votes,
    async close() {
      await store.close();
    },
  };
}
