/**
 * The real Slack adapter (real Bolt App) on the real core app (store, papers against the fake Hugging Face, posts,
 * delivery queue, channel settings, scheduler), against the fake Slack. The adapter's Sender is registered on the
 * queue; the scheduler's timer is off (tests call `core.scheduler.tick(now)`). Every VoteEvent the adapter emits is
 * recorded in `votes`, then handled by the real votes core (or by the sink a test passes).
 */
import { randomUUID } from 'node:crypto';
import { startSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../adapters/slack/slack-adapter.ts';
import type { VoteSink } from '../../adapters/slack/votes.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { createCoreApp, type CoreApp, type CoreAppOptions } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import type { VoteEvent } from '../../src/model.ts';
import type { PostsRegistry } from '../../src/posts/posts.ts';
import type { Store } from '../../src/store/store.ts';
import { KEYCAP_NUMBERS, slackKeycapName } from '../../src/votes/emoji.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../fakes/slack-server.ts';

export const SIGNING_SECRET = 'test-signing-secret';
export const NOW = new Date('2026-08-20T12:00:00Z');
/** `one` … `keycap_ten`, the reactions the bot adds to a digest. */
export const SLACK_KEYCAPS = KEYCAP_NUMBERS.map(slackKeycapName);
export const FAST_RETRY = { retries: 3, minTimeout: 10, maxTimeout: 50 };

export interface SlackRig {
  slack: FakeSlack;
  hf: FakeHf;
  core: CoreApp;
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
  votes?: (core: CoreApp) => VoteSink;
  /** Queue options over the rig's fast defaults (e.g. faster pacing for a large fan-out). */
  delivery?: CoreAppOptions['delivery'];
  /** Where core and adapter log; default silent. */
  log?: Logger;
  /** Configuration variables over the rig's (e.g. DELIVERY_MAX_ATTEMPTS). */
  env?: Record<string, string>;
}

export async function startSlackRig(opts: SlackRigOptions = {}): Promise<SlackRig> {
  const hf = await startFakeHf();
  const slack = await startFakeSlack(opts.fake);
  const log = opts.log ?? silentLogger();
  const config = loadConfig({ STORE_URL: opts.storeUrl ?? 'memory://', HF_ENDPOINT: hf.url, HF_RETRIES: '0', LOG_LEVEL: 'silent', ...opts.env });
  const core = await createCoreApp(config, {
    log,
    storePrefix: `t${randomUUID().slice(0, 8)}:`,
    retryBaseMs: 1,
    now: () => NOW,
    delivery: { pollMs: 20, backoff: { baseMs: 40, capMs: 400 }, ...opts.delivery },
  });
  const deps: CommandDeps = {
    papers: core.papers,
    config,
    log,
    channels: core.channels,
    destinations: core.delivery.destinations,
    platformStatus: core.platformStatus,
    votes: core.votes,
    alerts: core.alerts,
    details: core.details,
    archive: core.archive,
  };
  const votes: VoteEvent[] = [];
  const real = opts.votes ? opts.votes(core) : core.votes;
  const recording: VoteSink = {
    async handle(e, o) {
      votes.push(e);
      return real.handle(e, o);
    },
  };
  const cleanup = async () => {
    await core.close();
    await slack.close();
    await hf.close();
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
    posts: core.posts,
    store: core.store,
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
  core.delivery.registerSender(adapter.sender);
  await core.start({ scheduler: false });
  return {
    slack,
    hf,
    core,
    store: core.store,
    posts: core.posts,
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
