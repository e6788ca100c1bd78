import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDiscordAdapter, type DiscordAdapter } from '../../adapters/discord/discord-adapter.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { createCoreApp, type CoreApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { until } from '../discord/harness.ts';

const NOW = new Date('2026-08-20T09:00:00Z');
const EPHEMERAL = 64;
let discord: FakeDiscord;
let hf: FakeHf;
let app: CoreApp;
let adapter: DiscordAdapter;

beforeEach(async () => {
  discord = await startFakeDiscord();
  hf = await startFakeHf();
  const config = loadConfig({ HF_ENDPOINT: hf.url, STORE_URL: 'memory://', DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl });
  const log = silentLogger();
  app = await createCoreApp(config, { log, retryBaseMs: 1, now: () => NOW, delivery: { pollMs: 20 } });
  const deps: CommandDeps = { papers: app.papers, config, log, alerts: app.alerts, destinations: app.delivery.destinations };
  adapter = await startDiscordAdapter({ token: discord.token, apiUrl: discord.apiUrl, deps, posts: app.posts, votes: app.votes, log, now: () => NOW });
  app.delivery.registerSender(adapter.sender);
  await app.start({ scheduler: false });
});
afterEach(async () => {
  await adapter.stop();
  await app.close();
  await discord.close();
  await hf.close();
});

/** Sends `/papers <subcommand>` and waits for the edited deferred reply. */
async function slash(subcommand: string, options: Record<string, string>) {
  const sent = discord.sendSlashCommand({ subcommand, options, channelId: 'c1' });
  const message = await until(() => {
    const id = discord.interaction(sent.token)?.originalMessageId;
    const m = id ? discord.message(id) : undefined;
    return m && m.editedAt !== null ? m : undefined;
  });
  return { record: discord.interaction(sent.token)!, message };
}

describe('keyword alerts through the real Discord adapter', () => {
  it('subscribe answers privately with a preview, autocomplete offers the id, and the alert arrives by DM with its reasons', async () => {
    const { record, message } = await slash('subscribe', { query: 'agent -survey' });
    expect(((record.callbacks[0]?.data as { flags?: number } | undefined)?.flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    const id = /Subscribed \(id ([0-9a-z]{6})\)/.exec(message.content)?.[1];
    expect(id).toBeDefined();
    expect(message.content).toContain('Last 7 days (2026-08-14 – 2026-08-20):');

    const typed = discord.sendAutocomplete({ subcommand: 'unsubscribe', options: { id: id!.slice(0, 2) }, focused: 'id', channelId: 'c1' });
    const choices = await until(() => discord.interaction(typed.token)?.autocompleteChoices);
    expect(choices).toEqual([{ name: `${id} · agent -survey`, value: id }]);

    const report = await app.alerts.poll(NOW);
    expect(report).toMatchObject({ queued: 1, alerted: 6 });
    const dm = await until(() => discord.dmChannelOf(discord.testUser.id));
    const sent = await until(() => (discord.messagesIn(dm.id).length > 0 ? discord.messagesIn(dm.id) : undefined));
    const fields = sent.flatMap((m) => m.embeds).flatMap((e) => (e as { fields?: Array<{ name: string; value: string }> }).fields ?? []);
    expect(fields.filter((f) => f.name === 'Matched')).toHaveLength(6);
    expect(fields.find((f) => f.name === 'Matched')?.value).toMatch(/^"agent" in /);
  });

  it('a user whose DMs are closed pauses: the failure is recorded and the next poll skips them', async () => {
    await slash('subscribe', { query: 'agent' });
    discord.blockDMs(discord.testUser.id);
    await app.alerts.poll(NOW);
    const me = { platform: 'discord' as const, community: discord.guild('g1').id, channel: discord.channel('c1').id, user: discord.testUser.id };
    await until(() => app.delivery.destinations.isFailing(me));
    (hf.days.get('2026-08-20') as unknown[]).push({ ...(hf.days.get('2026-08-19') as Array<{ paper: object }>)[0]! });
    expect(await app.alerts.poll(new Date('2026-08-20T09:30:00Z'))).toMatchObject({ paused: 1, queued: 0 });
  });
});
