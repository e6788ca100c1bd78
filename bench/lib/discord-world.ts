import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-adapter.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { createCoreApp, type CoreApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../../test/fakes/discord-server.ts';

/** Warnings and errors the app logged during a run, by message. */
export type LogCounts = Map<string, number>;

/** A warn-level logger that only counts messages. */
export function countingLogger(): { log: Logger; logged: LogCounts } {
  const logged: LogCounts = new Map();
  const log = createLogger({
    level: 'warn',
    destination: { write: (line: string) => { const m = (JSON.parse(line) as { msg: string }).msg; logged.set(m, (logged.get(m) ?? 0) + 1); } },
  });
  return { log, logged };
}

export interface PaperboyOnDiscord {
  app: CoreApp;
  adapter: DiscordAdapter;
  logged: LogCounts;
  close(): Promise<void>;
}

export interface PaperboyOptions {
  apiUrl: string;
  token: string;
  /** Extra env for loadConfig (HF_ENDPOINT, DELIVERY_CONCURRENCY, …). */
  env?: Record<string, string>;
  now?: () => Date;
  /** Register the adapter's sender on the queue and start it (fan-out); default true. */
  deliver?: boolean;
}

/**
 * What `npm start` runs for Discord: the real core app on a temp SQLite store and the real adapter with an unmodified
 * discord.js Client logged into a (fake) Discord at `apiUrl`; for fan-out, its sender on the delivery queue.
 */
export async function startPaperboyOnDiscord(opts: PaperboyOptions): Promise<PaperboyOnDiscord> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-discord-'));
  const config = loadConfig({
    STORE_URL: `sqlite://${join(dir, 'store.sqlite')}`, HF_ENDPOINT: 'http://127.0.0.1:9', DISCORD_TOKEN: opts.token,
    DISCORD_API_URL: opts.apiUrl, LOG_LEVEL: 'warn', ...opts.env,
  });
  const { log, logged } = countingLogger();
  const app = await createCoreApp(config, { log, ...(opts.now ? { now: opts.now } : {}) });
  const deps: CommandDeps = {
    papers: app.papers, config, log, votes: app.votes, channels: app.channels, destinations: app.delivery.destinations, alerts: app.alerts,
  };
  const adapter = await startDiscordAdapter({
    token: opts.token, apiUrl: opts.apiUrl, deps, posts: app.posts, votes: app.votes, log, ...(opts.now ? { now: opts.now } : {}),
  });
  if (opts.deliver !== false) {
    app.delivery.registerSender(adapter.sender);
    await app.start({ scheduler: false, alerts: false });
  }
  return {
    app, adapter, logged,
    async close() {
      await adapter.stop();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface DiscordWorld extends PaperboyOnDiscord {
  discord: FakeDiscord;
}

/** paperboy on Discord against a fake Discord in this process (fan-out: the limits, not CPU, bound it). */
export async function startDiscordWorld(opts: { fake: FakeDiscordOptions } & Omit<PaperboyOptions, 'apiUrl' | 'token'>): Promise<DiscordWorld> {
  const discord = await startFakeDiscord(opts.fake);
  const bot = await startPaperboyOnDiscord({ ...opts, apiUrl: discord.apiUrl, token: discord.token });
  return {
    ...bot, discord,
    async close() {
      await bot.close();
      await discord.close();
    },
  };
}
