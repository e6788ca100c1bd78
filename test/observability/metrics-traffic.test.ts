/**
 * /metrics after real traffic: commands through the fake Discord (an unmodified discord.js client), a daily post through
 * the real delivery queue (one 5xx outage on the way), a vote by reaction, all against the fake HF. Every counter is
 * checked against what the fakes saw.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits as P } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-adapter.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { createCoreApp, type CoreApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startHealthServer, type HealthServer } from '../../src/observability/health-server.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { observeApp } from '../../src/observability/observe-app.ts';
import { observedSender } from '../../src/observability/observed-sender.ts';
import { observedVotes } from '../../src/observability/observed-votes.ts';
import { KEYCAPS, NOW, until } from '../discord/harness.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { scrape, total } from './scrape.ts';

let discord: FakeDiscord | undefined;
let hf: FakeHf | undefined;
let app: CoreApp | undefined;
let adapter: DiscordAdapter | undefined;
let health: HealthServer | undefined;
afterEach(async () => {
  await adapter?.stop();
  await health?.close();
  await app?.close();
  await discord?.close();
  await hf?.close();
  discord = hf = app = adapter = health = undefined;
});

/** The composition of bin/start.ts with HEALTH_PORT set, in process, over the fakes. */
async function startObservedBot() {
  discord = await startFakeDiscord();
  hf = await startFakeHf();
  const store = `sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-metrics-')), 'store.sqlite')}`;
  const config = loadConfig({ HF_ENDPOINT: hf.url, STORE_URL: store, DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, HEALTH_PORT: '0' });
  const metrics = createMetrics();
  app = await createCoreApp(config, {
    log: silentLogger(), retryBaseMs: 1, now: () => NOW, metrics, delivery: { pollMs: 20, backoff: { baseMs: 50, capMs: 200 } },
  });
  const deps: CommandDeps = {
    papers: app.papers, config, log: silentLogger(), votes: app.votes, channels: app.channels,
    destinations: app.delivery.destinations, alerts: app.alerts, metrics,
  };
  const votes = observedVotes(app.votes, metrics);
  adapter = await startDiscordAdapter({ token: discord.token, apiUrl: discord.apiUrl, deps, posts: app.posts, votes, log: silentLogger(), now: () => NOW });
  app.delivery.registerSender(observedSender(adapter.sender, metrics));
  const live = adapter;
  const routes = observeApp(metrics, app, { platforms: () => [{ platform: 'discord', connected: live.connected }], cacheMs: 0 });
  health = await startHealthServer(routes, 0, '127.0.0.1');
  await app.start({ scheduler: false });
  return { discord, hf, app, port: health.port };
}

async function answered(d: FakeDiscord, token: string) {
  return until(() => {
    const id = d.interaction(token)?.originalMessageId;
    return id && d.message(id)?.editedAt ? d.message(id) : undefined;
  });
}

describe('/metrics after real traffic through the fakes', () => {
  it('counts commands, HF requests, the daily post with its retry, and votes exactly as the fakes saw them', async () => {
    const { discord: d, hf: h, app: a, port } = await startObservedBot();
    for (const spec of [{ subcommand: 'today' }, { subcommand: 'today', options: { limit: 3 } }, { subcommand: 'help' }])
      await answered(d, d.sendSlashCommand({ ...spec, channelId: 'c1' }).token);
    const refused = d.sendSlashCommand({ subcommandGroup: 'channel', subcommand: 'set', channelId: 'c1', options: { time: '12:30' } });
    await answered(d, refused.token);
    const set = d.sendSlashCommand({ subcommandGroup: 'channel', subcommand: 'set', channelId: 'c1', permissions: P.ManageChannels,
      options: { time: '12:30', timezone: 'UTC', weekdays: 'daily', count: 3 } });
    await answered(d, set.token);

    const channelId = d.channel('c1').id;
    d.failNext({ route: `POST /channels/${channelId}/messages`, status: 503, times: 4 });
    expect((await a.scheduler.tick(new Date('2026-08-20T12:30:00Z'))).queued).toBe(1);
    const post = await until(() => d.messagesIn(channelId).find((m) => m.via === 'channel'));
    await until(() => d.reactions.filter((r) => r.messageId === post.id).length === 3);
    d.sendReaction({ add: true, channelId, messageId: post.id, userId: '900000000000000001', emoji: KEYCAPS[1]! });
    d.sendReaction({ add: true, channelId, messageId: post.id, userId: '900000000000000002', emoji: KEYCAPS[0]! });
    d.sendReaction({ add: false, channelId, messageId: post.id, userId: '900000000000000002', emoji: KEYCAPS[0]! });

    const m = await until(async () => {
      const s = await scrape(port);
      return total(s, 'paperboy_votes_recorded_total') === 3 ? s : undefined;
    });
    expect(total(m, 'paperboy_commands_total', { command: 'today', outcome: 'ok' })).toBe(2);
    expect(total(m, 'paperboy_commands_total', { command: 'help', outcome: 'ok' })).toBe(1);
    expect(total(m, 'paperboy_commands_total', { command: 'channel set', outcome: 'forbidden' })).toBe(1);
    expect(total(m, 'paperboy_commands_total', { command: 'channel set', outcome: 'ok' })).toBe(1);
    expect(total(m, 'paperboy_commands_total')).toBe(d.requests.filter((r) => r.method === 'PATCH' && r.path.includes('/messages/@original')).length);
    expect(total(m, 'paperboy_command_duration_seconds_count', { command: 'today' })).toBe(2);

    const hfAnswers = h.requests.length;
    expect(hfAnswers).toBeGreaterThan(0);
    expect(total(m, 'paperboy_hf_requests_total', { outcome: 'ok' })).toBe(hfAnswers);
    expect(total(m, 'paperboy_hf_failures_total')).toBe(0);

    const statuses = d.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`).map((r) => r.status);
    expect(statuses).toEqual([503, 503, 503, 503, 200]);
    expect(total(m, 'paperboy_send_attempts_total', { platform: 'discord', kind: 'daily', outcome: 'ok' })).toBe(1);
    expect(total(m, 'paperboy_send_attempts_total', { platform: 'discord', kind: 'daily' })).toBe(2);
    expect(total(m, 'paperboy_deliveries_total', { outcome: 'sent' })).toBe(1);
    expect(total(m, 'paperboy_deliveries_total', { platform: 'discord', kind: 'daily', outcome: 'sent' })).toBe(1);
    expect(total(m, 'paperboy_deliveries_total', { platform: 'discord', kind: 'daily', outcome: 'retried' })).toBe(1);
    expect(total(m, 'paperboy_deliveries_total', { outcome: 'retried' })).toBe(1);
    expect(total(m, 'paperboy_deliveries_total', { outcome: 'failed' })).toBe(0);
    expect(total(m, 'paperboy_alerts_sent_total')).toBe(0);
    expect(total(m, 'paperboy_delivery_queue_depth')).toBe(0);
    expect(total(m, 'paperboy_sender_lease_held', { platform: 'discord' })).toBe(1);
    expect(total(m, 'paperboy_paused_destinations')).toBe(0);

    // The archive indexed every paper the fake HF served (recorded after the answers, so waited for); its load is done.
    const served = new Set(
      h.requests
        .filter((r) => r.path === '/api/daily_papers' && r.query.date)
        .flatMap((r) => {
          const limit = Number(r.query.limit ?? 50);
          const page = Number(r.query.p ?? 0);
          const items = (loadFixtureDays().get(r.query.date!) ?? []) as Array<{ paper: { id: string } }>;
          return items.slice(page * limit, (page + 1) * limit).map((item) => item.paper.id);
        }),
    );
    expect(served.size).toBeGreaterThan(0);
    const archived = await until(async () => {
      const s = await scrape(port);
      return total(s, 'paperboy_archive_papers') === served.size ? s : undefined;
    });
    expect(total(archived, 'paperboy_archive_loaded')).toBe(1);

    expect(total(m, 'paperboy_votes_recorded_total', { change: 'added' })).toBe(2);
    expect(total(m, 'paperboy_votes_recorded_total', { change: 'removed' })).toBe(1);
    expect(m.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);

    // A platform nobody sends for here: its message waits in the shared queue, and the gauges show it.
    const waiting = { platform: 'slack', community: 'T1', channel: 'C1' } as const;
    expect(await a.delivery.enqueue({ key: 'alert:slack:T1:C1:x', kind: 'alert', to: waiting, reply: { kind: 'text', text: 'hi' } })).toBe('queued');
    const later = await scrape(port);
    expect(total(later, 'paperboy_delivery_queue_depth', { platform: 'slack', kind: 'alert' })).toBe(1);
    expect(later.find((s) => s.name === 'paperboy_delivery_oldest_pending_seconds')?.labels).toEqual({ platform: 'slack' });
    expect(total(later, 'paperboy_deliveries_total', { outcome: 'queued' })).toBe(2);
    expect(total(later, 'paperboy_deliveries_total', { platform: 'slack', kind: 'alert', outcome: 'queued' })).toBe(1);
    expect(total(later, 'paperboy_deliveries_total', { platform: 'discord', kind: 'daily', outcome: 'queued' })).toBe(1);
    expect(m.some((s) => s.name === 'process_resident_memory_bytes')).toBe(true);
  });
});
