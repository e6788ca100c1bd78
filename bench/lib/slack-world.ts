import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-adapter.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { createCoreApp, type CoreApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../../test/fakes/slack-server.ts';
import { countingLogger, type LogCounts } from './discord-world.ts';

export interface SlackWorld {
  slack: FakeSlack;
  app: CoreApp;
  adapter: SlackAdapter;
  logged: LogCounts;
  close(): Promise<void>;
}

/** `npm start` for Slack on loopback: the real core app on a temp SQLite store, the real Bolt adapter (HTTP mode) against the fake Slack, its sender on the queue. */
export async function startSlackWorld(opts: { fake: FakeSlackOptions; env?: Record<string, string> }): Promise<SlackWorld> {
  const slack = await startFakeSlack(opts.fake);
  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-slack-'));
  const config = loadConfig({ STORE_URL: `sqlite://${join(dir, 'store.sqlite')}`, HF_ENDPOINT: 'http://127.0.0.1:9', LOG_LEVEL: 'warn', ...opts.env });
  const { log, logged } = countingLogger();
  const app = await createCoreApp(config, { log });
  const deps: CommandDeps = { papers: app.papers, config, log, votes: app.votes, channels: app.channels, destinations: app.delivery.destinations };
  const adapter = await startSlackAdapter({
    botToken: 'xoxb-bench', signingSecret: 'bench-secret', apiUrl: slack.apiUrl, adminUsers: [], adminCacheMs: 60_000, port: 0,
    host: '127.0.0.1', deps, posts: app.posts, store: app.store, votes: app.votes, log,
  });
  app.delivery.registerSender(adapter.sender);
  await app.start({ scheduler: false, alerts: false });
  return {
    slack, app, adapter, logged,
    async close() {
      await adapter.stop();
      await app.close();
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
