import { startConsoleAdapter } from '../adapters/console/console-adapter.ts';
import { createConsoleSender } from '../adapters/console/console-sender.ts';
// The platform adapters are imported only when their token is set: loading discord.js alone costs ~0.9 s of
// CPU here and @slack/bolt ~0.6 s, a cost a console-only or one-platform bot need not pay.
import type { DiscordAdapter } from '../adapters/discord/discord-adapter.ts';
import type { SlackAdapter } from '../adapters/slack/slack-adapter.ts';
import type { CommandDeps } from '../commands/deps.ts';
import { createCoreApp } from '../src/app.ts';
import type { Sender } from '../src/model.ts';
import { startHealthServer, type HealthServer } from '../src/observability/health-server.ts';
import { createMetrics } from '../src/observability/metrics.ts';
import { observeApp } from '../src/observability/observe-app.ts';
import { observedSender } from '../src/observability/observed-sender.ts';
import { observedVotes } from '../src/observability/observed-votes.ts';
import type { PlatformConnection } from '../src/observability/readiness.ts';
import { createTurns } from '../src/turns.ts';
import { configOrExit } from './load-config.ts';

/**
 * `npm start`: the composition root. Starts every platform whose credentials are set, else the console. Each platform
 * registers its Sender on the delivery queue; then the queue and the daily scheduler start.
 */
const config = configOrExit();
/** Health and metrics (HEALTH_PORT): counted only when someone can read them. */
const metrics = config.HEALTH_PORT === undefined ? undefined : createMetrics();
const app = await createCoreApp(config, { metrics, arxiv: 'from-config' });
const votes = metrics ? observedVotes(app.votes, metrics) : app.votes;
const connections: PlatformConnection[] = [];
/** Set on SIGTERM/SIGINT: commands are then answered "restarting" and /readyz answers 503 (docs/decisions/093). */
let stopping = false;
const healthRoutes = metrics && observeApp(metrics, app, { platforms: () => connections, stopping: () => stopping });
/** Slack HTTP mode on the same port serves the health routes itself, beside /slack/events. */
const healthOnSlackPort = !!config.SLACK_BOT_TOKEN && !config.SLACK_APP_TOKEN && config.HEALTH_PORT === config.PORT;
let health: HealthServer | undefined;
if (healthRoutes && !healthOnSlackPort) {
  health = await startHealthServer(healthRoutes, config.HEALTH_PORT!);
  app.log.info({ port: health.port }, 'health server listening: /healthz /readyz /metrics');
}
const register = (sender: Sender) => app.delivery.registerSender(metrics ? observedSender(sender, metrics) : sender);
const deps: CommandDeps = {
  papers: app.papers,
  ...(app.arxiv ? { arxiv: app.arxiv } : {}),
  config,
  log: app.log.child({ component: 'commands' }),
  channels: app.channels,
  destinations: app.delivery.destinations,
  platformStatus: app.platformStatus,
  votes: app.votes,
  alerts: app.alerts,
  details: app.details,
  archive: app.archive,
  stopping: () => stopping,
  ...(metrics ? { metrics } : {}),
  /** One for the process: a Discord deferral and a Slack ack both go before any command's work (docs/decisions/095). */
  turns: createTurns(),
};

let discord: DiscordAdapter | undefined;
let slack: SlackAdapter | undefined;
/** The grace for sends under way, then 5 s for the rest: 20 + 5 s by default, below compose's 30 s stop timeout. */
const SHUTDOWN_BOUND_MS = config.SHUTDOWN_GRACE_SECONDS * 1000 + 5_000;
/**
 * Graceful shutdown (docs/decisions/093): new commands are answered "restarting"; the queue, the scheduler and the alert
 * poller stop taking work; sends under way finish through the platform clients (still connected) within
 * SHUTDOWN_GRACE_SECONDS; the sender leases and claims are released so another instance takes over at once; then the
 * platforms disconnect, the store closes, and the process exits 0.
 */
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal, graceSeconds: config.SHUTDOWN_GRACE_SECONDS }, 'shutting down: taking no new work');
  setTimeout(() => {
    app.log.error({ signal }, `shutdown did not finish within ${SHUTDOWN_BOUND_MS / 1000} s; exiting`);
    process.exit(1);
  }, SHUTDOWN_BOUND_MS).unref();
  await app.close().catch((err: unknown) => app.log.warn({ err }, 'the core did not close cleanly'));
  await discord?.stop().catch((err: unknown) => app.log.warn({ err }, 'Discord adapter did not stop cleanly'));
  await slack?.stop().catch((err: unknown) => app.log.warn({ err }, 'Slack adapter did not stop cleanly'));
  await health?.close();
  app.log.info({ signal }, 'shut down');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('unhandledRejection', (err) => app.log.error({ err }, 'unhandled rejection'));

const platforms: string[] = [];

// ── Discord ────────────────────────────────────────────────────────────────────────────────────────────────────
// Gateway login (no privileged intents); commands are registered by `npm run register:discord` or DISCORD_REGISTER_ON_START.
if (config.DISCORD_TOKEN) {
  const log = app.log.child({ adapter: 'discord' });
  const { startDiscordAdapter } = await import('../adapters/discord/discord-adapter.ts');
  discord = await startDiscordAdapter({
    token: config.DISCORD_TOKEN,
    apiUrl: config.DISCORD_API_URL,
    deps,
    posts: app.posts,
    votes,
    log,
    restTimeoutMs: config.DISCORD_REST_TIMEOUT_MS,
    ...(config.DISCORD_REGISTER_ON_START ? { registerOnStart: { guildId: config.DISCORD_GUILD_ID } } : {}),
    ...(config.DISCORD_SHARDS ? { clientOptions: config.DISCORD_SHARDS } : {}),
  }).catch(async (err: unknown) => {
    log.fatal({ err }, 'could not log in to Discord; check DISCORD_TOKEN');
    await app.close().catch(() => {});
    process.exit(1);
  });
  register(discord.sender);
  connections.push({ platform: 'discord', connected: discord.connected });
  platforms.push('discord');
}
// ── end Discord ────────────────────────────────────────────────────────────────────────────────────────────────

// ── Slack ──────────────────────────────────────────────────────────────────────────────────────────────────────
// Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT at /slack/events (config checks the combination).
if (config.SLACK_BOT_TOKEN) {
  const { startSlackAdapter } = await import('../adapters/slack/slack-adapter.ts');
  try {
    slack = await startSlackAdapter({
      botToken: config.SLACK_BOT_TOKEN,
      appToken: config.SLACK_APP_TOKEN,
      signingSecret: config.SLACK_SIGNING_SECRET,
      apiUrl: config.SLACK_API_URL,
      adminUsers: config.SLACK_ADMIN_USERS,
      adminCacheMs: config.SLACK_ADMIN_CACHE_SECONDS * 1000,
      port: config.PORT,
      deps,
      posts: app.posts,
      store: app.store,
      votes,
      log: app.log,
      ...(healthRoutes && healthOnSlackPort ? { extraRoutes: healthRoutes } : {}),
    });
    register(slack.sender);
    connections.push({ platform: 'slack', connected: slack.connected });
    platforms.push('slack');
  } catch (err) {
    process.stderr.write(`Slack did not start: ${(err as Error).message}\n`);
    await discord?.stop().catch(() => {});
    await app.close().catch(() => {});
    process.exit(1);
  }
}
// ── end Slack ──────────────────────────────────────────────────────────────────────────────────────────────────

if (platforms.length > 0) await app.start();
else {
  register(createConsoleSender(process.stdout));
  connections.push({ platform: 'console', connected: () => true });
  await app.start();
  const banner = [
    'paperboy console — no Discord or Slack token set, so this terminal is the chat.',
    `  store:  ${app.store.description}`,
    `  source: ${config.HF_ENDPOINT}`,
    'Type /papers today, /papers today limit:5 date:2026-08-20, /papers top, /papers channel set 9:00 Europe/Paris, /papers subscribe diffusion -survey, /papers help, or exit.',
    'Vote as reactions would: react 2 (paper 2 of the last list), react up as alice, unreact 2.',
  ].join('\n');
  const voting = { posts: app.posts, votes };
  await startConsoleAdapter({ deps, input: process.stdin, output: process.stdout, banner, voting });
  await shutdown('stdin closed');
}
