/**
 * /readyz during a graceful shutdown of a real `npm start` bot: 503 "shutting down" as soon as SIGTERM arrives, so a load
 * balancer stops routing to it, while /healthz still answers until it exits 0 with its send under way finished.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SHUTTING_DOWN } from '../../src/observability/readiness.ts';
import { MESSAGE_CREATE, startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { healthOf } from '../helpers/bot-health.ts';
import { startBot, type BotProcess } from '../helpers/bot-process.ts';
import { readQueue, seedDailyPosts } from '../helpers/bot-store.ts';
import { waitFor } from '../helpers/wait.ts';

let discord: FakeDiscord | undefined;
let hf: FakeHf | undefined;
let bot: BotProcess | undefined;
afterEach(async () => {
  discord?.releaseAnswers();
  await bot?.stop();
  await discord?.close();
  await hf?.close();
  discord = hf = bot = undefined;
});

describe('/readyz during a graceful shutdown', () => {
  it('answers 503 naming the shutdown from SIGTERM on, while /healthz answers 200 until the send under way finished and the bot exited 0', async () => {
    const store = `sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-readyz-stop-')), 'store.sqlite')}`;
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    hf = await startFakeHf(new Map([[new Date().toISOString().slice(0, 10), loadFixtureDays().get('2026-08-20')!]]));
    discord = await startFakeDiscord({ guilds: [{ name: 'g1', channels: 1 }] });
    const channel = discord.guild('g1').channels[0]!;
    await seedDailyPosts(store, prefix, [{ platform: 'discord', community: channel.guildId!, channel: channel.id }], new Date(Date.now() - 60_000), 1);
    // The daily post is created at once but answered only when the test says: a send under way across the SIGTERM.
    discord.holdAnswers(MESSAGE_CREATE);

    bot = startBot({
      DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, HF_ENDPOINT: hf.url, STORE_URL: store, STORE_PREFIX: prefix,
      HEALTH_PORT: '0', SHUTDOWN_GRACE_SECONDS: '30',
    });
    const health = await healthOf(bot);
    await waitFor(() => discord!.messagesIn(channel.id).length === 1, 'the daily post to be under way', 40_000);
    expect(await health.readyz()).toMatchObject({ status: 200, body: { ready: true } });

    bot.proc.kill('SIGTERM');
    await waitFor(async () => (await health.readyz()).status === 503, '/readyz to answer 503 once shutdown started');
    expect((await health.readyz()).body).toEqual({ ready: false, checks: { shutdown: { ok: false, detail: SHUTTING_DOWN } } });
    expect(SHUTTING_DOWN).toMatch(/^shutting down/);
    expect(await health.healthz()).toBe(200);
    expect(bot.proc.exitCode).toBeNull();

    discord.releaseAnswers();
    expect((await bot.exited).code).toBe(0);
    const queue = await readQueue(store, prefix);
    expect([...queue.ledger.values()]).toEqual([discord.messagesIn(channel.id)[0]!.id]);
    expect(queue.pending).toEqual([]);
    expect(discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel.id}/messages`)).toHaveLength(1);
  }, 120_000);
});
