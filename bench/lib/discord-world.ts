import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-adapter.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { createCoreApp, type CoreApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../../test/fakes/discord-server.ts';

/** Warnings and errors the app logged during a run, by message. */
export type LogCounts = Map<string, number>;

export interface DiscordWorld {
  discord: FakeDiscord;
  app: CoreApp;
  adapter: DiscordAdapter;
  logged: LogCounts;
  close(): Promise<void>;
}

export interface DiscordWorldOptions {
  fake: FakeDiscordOptions;
  /** Extra env for loadConfig (HF_ENDPOINT, DELIVERY_CONCURRENCY, …). */
  env?: Record<string, string>;
  now?: () => Date;
  /** Register the adapter's sender on the queue and start it (fan-out); default true. */
  deliver?: boolean;
}

/**
 * What `npm start` runs for Discord, on loopback: the real core app on a temp SQLite store, the real adapter with an
 * unmodified discord.js Client logged into the fake Discord, and (for fan-out) its sender on the delivery queue.
 */
export async function startDiscordWorld(opts: DiscordWorldOptions): Promise<DiscordWorld> {
  const discord = await startFakeDiscord(opts.fake);
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-discord-'));
  const config = loadConfig({
    STORE_URL: `sqlite://${join(dir, 'store.sqlite')}`, HF_ENDPOINT: 'http://127.0.0.1:9', DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl, LOG_LEVEL: 'warn', ...opts.env,
  });
  const logged: LogCounts = new Map();
  const log = createLogger({
    level: 'warn',
    destination: { write: (line: string) => { const m = (JSON.parse(line) as { msg: string }).msg; logged.set(m, (logged.get(m) ?? 0) + 1); } },
  });
  const app = await createCoreApp(config, { log, ...(opts.now ? { now: opts.now } : {}) });
  const deps: CommandDeps = { papers: app.papers, config, log, votes: app.votes, channels: app.channels, destinations: app.delivery.destinations };
  const adapter = await startDiscordAdapter({
    token: discord.token, apiUrl: discord.apiUrl, deps, posts: app.posts, votes: app.votes, log, ...(opts.now ? { now: opts.now } : {}),
  });
  if (opts.deliver !== false) {
    app.delivery.registerSender(adapter.sender);
    await app.start({ scheduler: false });
  }
  return {
    discord, app, adapter, logged,
    async close() {
      await adapter.stop();
      await app.close();
      await discord.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
