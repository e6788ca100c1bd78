import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dailyKey } from '../../src/delivery/records.ts';
import type { Destination } from '../../src/model.ts';
import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../fakes/discord-server.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { startBot, withOutputOf } from '../helpers/bot-process.ts';
import { readQueue, seedDailyPosts } from '../helpers/bot-store.ts';
import { endAfterEach } from '../helpers/end-after-each.ts';
import { waitFor } from '../helpers/wait.ts';

const CHANNELS = 200;
const CONCURRENCY = 8;

let discord: FakeDiscord | undefined;
let hf: FakeHf | undefined;
const bots = endAfterEach({ servers: () => [discord, hf] });

const isPost = (r: RecordedRequest) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path);
const nonceOf = (r: RecordedRequest) => String((r.body as { nonce?: unknown } | undefined)?.nonce ?? '');

describe('a bot killed with SIGKILL in the middle of a daily fan-out, then started again', () => {
  it(`ends with exactly one daily post in each of ${CHANNELS} channels; only posts the platform accepted before the ledger write are sent again`, async () => {
    const startedAt = Date.now();
    const due = new Date(Date.now() - 60_000);
    const day = new Date().toISOString().slice(0, 10);
    hf = await startFakeHf(new Map([[day, loadFixtureDays().get('2026-08-20')!]]));
    discord = await startFakeDiscord({ guilds: [{ name: 'g1', channels: CHANNELS }], latencyMs: 40 });
    const guild = discord.guild('g1');
    const destinations: Destination[] = guild.channels.map((c) => ({ platform: 'discord', community: guild.id, channel: c.id }));
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-crash-')), 'store.sqlite')}`;
    await seedDailyPosts(storeUrl, '', destinations, due, 1);
    const env = {
      DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, HF_ENDPOINT: hf.url, STORE_URL: storeUrl,
      DELIVERY_LEASE_SECONDS: '3', DELIVERY_CONCURRENCY: String(CONCURRENCY),
    };
    const postedChannels = () => guild.channels.filter((c) => discord!.messagesIn(c.id).length > 0).length;

    const first = startBot(env);
    bots.push(first);
    await waitFor(() => postedChannels() >= CHANNELS / 2, 'half of the channels to have their post', 25_000).catch(withOutputOf(first));
    await first.crash();
    const killedAfterMs = Date.now() - startedAt;
    const postedAtKill = postedChannels();
    const requestsBeforeKill = discord.requests.length;
    const atKill = await readQueue(storeUrl, '');

    const second = startBot(env);
    bots.push(second);
    await waitFor(async () => (await readQueue(storeUrl, '')).ledger.size === CHANNELS, 'every channel in the ledger', 25_000).catch(withOutputOf(second));
    await waitFor(async () => (await readQueue(storeUrl, '')).pending.length === 0, 'the queue to drain', 5_000);
    expect(await second.stop()).toBe(0);
    const final = await readQueue(storeUrl, '');

    const postsTo = (to: Destination, requests: RecordedRequest[]) =>
      requests.filter((r) => isPost(r) && r.status === 200 && r.path === `/channels/${to.channel}/messages`);
    const acceptedBeforeKill = destinations.filter((to) => postsTo(to, discord!.requests.slice(0, requestsBeforeKill)).length > 0);
    const inTheWindow = acceptedBeforeKill.filter((to) => !atKill.ledger.has(dailyKey(to, day)));
    const sentTwice = destinations.filter((to) => postsTo(to, discord!.requests).length > 1);
    console.info('crash mid-fan-out:', JSON.stringify({
      channels: CHANNELS, killedAfterMs, postedAtKill, ledgerAtKill: atKill.ledger.size, inFlightAtKill: atKill.claimed.length,
      acceptedNotLedgered: inTheWindow.length, sentTwice: sentTwice.length, totalMs: Date.now() - startedAt,
    }));

    expect(postedAtKill).toBeGreaterThanOrEqual(CHANNELS / 2);
    expect(postedAtKill).toBeLessThan(CHANNELS);
    for (const to of destinations) {
      const messages = discord.messagesIn(to.channel);
      expect(messages).toHaveLength(1);
      expect(final.ledger.get(dailyKey(to, day))).toBe(messages[0]!.id);
    }
    expect(sentTwice.map((to) => to.channel)).toEqual(inTheWindow.map((to) => to.channel));
    expect(inTheWindow.length).toBeLessThanOrEqual(atKill.claimed.length);
    expect(atKill.claimed.length).toBeLessThanOrEqual(CONCURRENCY);
    for (const to of sentTwice) expect(new Set(postsTo(to, discord.requests).map(nonceOf)).size).toBe(1);
  }, 60_000);
});
