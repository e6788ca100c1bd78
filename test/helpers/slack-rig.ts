/**
 * The real Slack adapter (real Bolt App) wired to real core parts against loopback fakes: fake Slack, fake Hugging
 * Face, a real store. Votes go to a recording sink unless a test passes its own.
 */
import { startSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../adapters/slack/slack-adapter.ts';
import type { VoteSink } from '../../adapters/slack/votes.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { silentLogger } from '../../src/log.ts';
import type { VoteEvent } from '../../src/model.ts';
import { createHfClient } from '../../src/papers/hf-client.ts';
import { createPapersService } from '../../src/papers/papers-service.ts';
import { createPostsRegistry, type PostsRegistry } from '../../src/posts/posts.ts';
import type { Store } from '../../src/store/store.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../fakes/slack-server.ts';
import { openTestStore } from './backends.ts';

export const SIGNING_SECRET = 'test-signing-secret';
export const NOW = new Date('2026-08-20T12:00:00Z');
export const FAST_RETRY = { retries: 3, minTimeout: 10, maxTimeout: 50 };

export interface SlackRig {
  slack: FakeSlack;
  hf: FakeHf;
  store: Store;
  posts: PostsRegistry;
  deps: CommandDeps;
  adapter: SlackAdapter;
  votes: VoteEvent[];
  /** HTTP mode: the `/slack/events` URL. */
  url: string;
  close(): Promise<void>;
}

export interface SlackRigOptions {
  mode?: 'http' | 'socket';
  storeUrl?: string;
  fake?: FakeSlackOptions;
  adapter?: Partial<SlackAdapterOptions>;
  votes?: (store: Store, posts: PostsRegistry) => VoteSink;
}

export async function startSlackRig(opts: SlackRigOptions = {}): Promise<SlackRig> {
  const hf = await startFakeHf();
  const slack = await startFakeSlack(opts.fake);
  const store = await openTestStore(opts.storeUrl ?? 'memory://');
  const log = silentLogger();
  const source = createHfClient({ endpoint: hf.url, log, retryBaseMs: 1, retries: 0 });
  const papers = createPapersService({ source, store, log, refreshMs: 600_000, pastDayMs: 1e9, lookbackDays: 7 });
  const deps: CommandDeps = { papers, config: { TZ_DEFAULT: 'UTC' }, log };
  const posts = createPostsRegistry(store);
  const votes: VoteEvent[] = [];
  const real = opts.votes?.(store, posts);
  const recording: VoteSink = {
    async handle(e) {
      votes.push(e);
      return real?.handle(e);
    },
  };
  const cleanup = async () => {
    await slack.close();
    await hf.close();
    await store.close();
  };
  const adapter = await startSlackAdapter({
    botToken: 'xoxb-test',
    appToken: opts.mode === 'socket' ? 'xapp-test' : undefined,
    signingSecret: opts.mode === 'socket' ? undefined : SIGNING_SECRET,
    apiUrl: slack.apiUrl,
    adminUsers: [],
    adminCacheMs: 60_000,
    port: 0,
    host: '127.0.0.1',
    deps,
    posts,
    store,
    votes: recording,
    log,
    now: () => NOW,
    retryConfig: FAST_RETRY,
    clientPingTimeout: 300,
    ...opts.adapter,
  }).catch(async (err: unknown) => {
    await cleanup();
    throw err;
  });
  return {
    slack,
    hf,
    store,
    posts,
    deps,
    adapter,
    votes,
    url: `http://127.0.0.1:${adapter.port ?? 0}/slack/events`,
    async close() {
      await adapter.stop();
      if (adapter.mode === 'socket') await slack.waitForNoSocket(3000);
      await cleanup();
    },
  };
}

/** The fixture day's titles in the order paperboy must rank them: upvotes, then comments, then id. */
export function fixtureOrder(hf: FakeHf, day: string): string[] {
  return (hf.days.get(day) as Array<{ numComments?: number; paper: { id: string; title: string; upvotes: number } }>)
    .slice()
    .sort(
      (a, b) =>
        b.paper.upvotes - a.paper.upvotes || (b.numComments ?? 0) - (a.numComments ?? 0) || (a.paper.id < b.paper.id ? -1 : 1),
    )
    .map((i) => i.paper.title.replace(/\s+/g, ' ').trim());
}

/** The paper titles of a rendered digest, in order, with Slack's escaping undone. */
export const titlesIn = (blocks: unknown): string[] =>
  (blocks as Array<{ type: string; text?: { text: string } }>)
    .filter((b) => b.type === 'section')
    .map((b) => /\|([^>]*)>/.exec(b.text!.text)![1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
