// End-to-end harness: the fake Discord and the fake HF API on loopback, the real core wiring (createCoreApp over a
// temp SQLite store, real votes core and delivery queue) and the Discord adapter with an unmodified discord.js client.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDiscordAdapter, type DiscordAdapter, type DiscordAdapterOptions } from '../../adapters/discord/discord-adapter.ts';
import type { VoteSink } from '../../adapters/discord/reactions.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { createCoreApp, type CoreApp, type CoreAppOptions } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import type { VoteEvent } from '../../src/model.ts';
import type { PostsRegistry } from '../../src/posts/posts.ts';
import type { Turns } from '../../src/turns.ts';
import type { VoteOutcome, Votes } from '../../src/votes/votes.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../fakes/discord-server.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

/** The fixtures' newest day: "today" in these tests. */
export const NOW = new Date('2026-08-20T12:00:00Z');

/** The real votes core, observed: every event the adapter handed it, and what the core made of it. */
export class ObservedVotes implements VoteSink {
  readonly events: VoteEvent[] = [];
  readonly outcomes: VoteOutcome[] = [];
  constructor(private readonly votes: Votes) {}
  async handle(e: VoteEvent): Promise<VoteOutcome> {
    this.events.push(e);
    const outcome = await this.votes.handle(e);
    this.outcomes.push(outcome);
    return outcome;
  }
}

export interface Harness {
  discord: FakeDiscord;
  hf: FakeHf;
  app: CoreApp;
  posts: PostsRegistry;
  /** What reached the votes core (`app.votes`), and its outcomes. */
  sink: ObservedVotes;
  adapter: DiscordAdapter;
  /** Every line logged at `logLevel` or above (default: warnings and errors), parsed. */
  logged: Array<{ level: number; msg: string } & Record<string, unknown>>;
  startAnother(extra?: Partial<DiscordAdapterOptions>): Promise<DiscordAdapter>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  fake?: FakeDiscordOptions;
  adapter?: Partial<DiscordAdapterOptions>;
  /** Queue options over the harness's fast defaults (e.g. faster pacing for a large fan-out). */
  delivery?: CoreAppOptions['delivery'];
  /** What `logged` keeps; default 'warn'. */
  logLevel?: string;
  /** The process's turn-taking between acknowledgements and command work (default: the adapter's own). */
  turns?: Turns;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const discord = await startFakeDiscord(opts.fake);
  const hf = await startFakeHf();
  const store = `sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-discord-')), 'store.sqlite')}`;
  const config = loadConfig({ HF_ENDPOINT: hf.url, STORE_URL: store, DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl });
  const logged: Harness['logged'] = [];
  const log = createLogger({ level: opts.logLevel ?? 'warn', destination: { write: (line: string) => void logged.push(JSON.parse(line)) } });
  const app = await createCoreApp(config, { log, retryBaseMs: 1, now: () => NOW, delivery: { pollMs: 20, backoff: { baseMs: 50, capMs: 200 }, ...opts.delivery } });
  const posts = app.posts;
  const sink = new ObservedVotes(app.votes);
  const deps: CommandDeps = {
    papers: app.papers, config, log, votes: app.votes, channels: app.channels, destinations: app.delivery.destinations, alerts: app.alerts, archive: app.archive,
    ...(opts.turns ? { turns: opts.turns } : {}),
    details: app.details,
  };
  const adapters: DiscordAdapter[] = [];
  const startAnother = async (extra: Partial<DiscordAdapterOptions> = {}) => {
    const a = await startDiscordAdapter({
      token: discord.token, apiUrl: discord.apiUrl, deps, posts, votes: sink, log, now: () => NOW, ...opts.adapter, ...extra,
    });
    adapters.push(a);
    return a;
  };
  const adapter = await startAnother();
  return {
    discord, hf, app, posts, sink, adapter, logged, startAnother,
    async close() {
      for (const a of adapters) await a.stop();
      await discord.close();
      await hf.close();
      await app.close();
    },
  };
}

/** Polls until `check` returns a truthy value (the fakes answer asynchronously); fails after `ms`. */
export async function until<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

type FixtureItem = { numComments?: number; paper: { id: string; title: string; upvotes: number } };

/** A fixture day's papers in HF order: upvotes desc, then comments desc, then id asc. */
export function fixtureOrder(hf: FakeHf, day: string): Array<{ id: string; title: string }> {
  return [...(hf.days.get(day) as FixtureItem[])]
    .sort((a, b) => b.paper.upvotes - a.paper.upvotes || (b.numComments ?? 0) - (a.numComments ?? 0) || (a.paper.id < b.paper.id ? -1 : 1))
    .map((i) => ({ id: i.paper.id, title: i.paper.title.replace(/\s+/g, ' ').trim() }));
}

export const KEYCAPS = ['1️⃣', '2️⃣', '3️⃣', '4️⃣', '5️⃣', '6️⃣', '7️⃣', '8️⃣', '9️⃣', '🔟'];
