/**
 * A rolling restart on Redis while a daily fan-out and keyword alerts are being delivered: two instances and a surge
 * replacement start; the active sender gets SIGTERM; a second replacement starts and, once it answers /readyz 200, the
 * instance sending by then gets SIGTERM in turn. Each post is answered slowly until then, so both stops meet sends under
 * way. Leases and claims (DELIVERY_LEASE_SECONDS=120) outlast the test: a standby can take over only through the
 * release at shutdown, and a send cut short by a shutdown would stay claimed. The fake Discord's traffic must show
 * exactly one post per channel, each alert once, and every process must exit 0.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../src/delivery/records.ts';
import { silentLogger } from '../../src/log.ts';
import { destinationKey, type Destination } from '../../src/model.ts';
import { openStore } from '../../src/store/open-store.ts';
import { MESSAGE_CREATE, startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../fakes/discord-server.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { backendCases } from '../helpers/backends.ts';
import { healthOf } from '../helpers/bot-health.ts';
import { startBot, withOutputOf, type BotProcess } from '../helpers/bot-process.ts';
import { readQueue, seedDailyPosts, seedSubscriptions } from '../helpers/bot-store.ts';
import { endAfterEach } from '../helpers/end-after-each.ts';
import { waitFor } from '../helpers/wait.ts';

const redis = backendCases().find((c) => c.name === 'redis')!.url;
const CHANNELS = 40;
/** While the instances restart, each post is answered this late (two at a time): the fan-out outlasts the restarts. */
const SLOW_POST_MS = 3_000;

let discord: FakeDiscord | undefined;
let hf: FakeHf | undefined;
const bots = endAfterEach({ servers: () => [discord, hf] });

const postsTo = (requests: RecordedRequest[], channelId: string) =>
  requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);
const nonceOf = (r: RecordedRequest) => String((r.body as { nonce?: unknown } | undefined)?.nonce ?? '');

/** The pid in the store's holder of the Discord sender lease (owners are `host:pid:random`), if any. */
async function senderLeasePid(redisUrl: string, prefix: string): Promise<number | undefined> {
  const store = await openStore(redisUrl, silentLogger(), prefix);
  try {
    for await (const [key, owner] of store.leases(COLLECTIONS.leases).holders()) if (key === 'sender:discord') return Number(owner.split(':')[1]);
    return undefined;
  } finally {
    await store.close();
  }
}

describe('a rolling restart of bot processes sharing Redis', () => {
  it.skipIf(!redis)(`loses and duplicates nothing: ${CHANNELS} daily posts and the alerts each go out exactly once, every process exits 0`, async () => {
    const startedAt = Date.now();
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    hf = await startFakeHf(new Map([[new Date().toISOString().slice(0, 10), loadFixtureDays().get('2026-08-20')!]]));
    discord = await startFakeDiscord({ guilds: [{ name: 'g1', channels: CHANNELS + 1 }] });
    discord.answerLate({ route: MESSAGE_CREATE, delayMs: SLOW_POST_MS, times: Infinity });
    const guild = discord.guild('g1');
    const [alertChannel, ...daily] = guild.channels.map((c): Destination => ({ platform: 'discord', community: guild.id, channel: c.id }));
    const subscribers = [{ ...alertChannel!, user: '200000000000000001' }, { ...alertChannel!, user: '200000000000000002' }, alertChannel!];
    await seedDailyPosts(redis!, prefix, daily, new Date(Date.now() - 60_000), 1);
    await seedSubscriptions(redis!, prefix, subscribers.map((owner) => ({ owner, query: 'agent' })), new Date());
    const total = CHANNELS + subscribers.length;

    const env = {
      DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, HF_ENDPOINT: hf.url, STORE_URL: redis!, STORE_PREFIX: prefix,
      HEALTH_PORT: '0', DELIVERY_CONCURRENCY: '2', DELIVERY_LEASE_SECONDS: '120', SHUTDOWN_GRACE_SECONDS: '10',
    };
    const start = async () => {
      const bot = startBot(env);
      bots.push(bot);
      const health = await healthOf(bot, 60_000).catch(withOutputOf(bot));
      await waitFor(async () => (await health.readyz()).status === 200, '/readyz 200', 60_000).catch(withOutputOf(bot));
      return bot;
    };
    const delivered = async () => (await readQueue(redis!, prefix)).ledger.size;
    const activeSender = async () => {
      const pid = await senderLeasePid(redis!, prefix);
      return bots.find((b) => b.proc.pid === pid && b.proc.exitCode === null);
    };
    const phases: Record<string, number> = {};
    const mark = (name: string) => (phases[name] = Date.now() - startedAt);
    /** SIGTERM to the active sender while a ready standby polls: the lease must move on through its release. */
    const inLedgerAtStop: number[] = [];
    const stopped: BotProcess[] = [];
    const stopActiveSender = async () => {
      let sender: BotProcess | undefined;
      await waitFor(async () => (sender = await activeSender()) !== undefined, 'an active sender', 20_000);
      inLedgerAtStop.push(await delivered());
      sender!.proc.kill('SIGTERM');
      stopped.push(sender!);
    };

    // Two instances and the first replacement start together (a surge of one), the fan-out begins.
    await Promise.all([start(), start(), start()]);
    mark('threeReady');
    await waitFor(() => discord!.requests.some((r) => r.method === 'POST' && r.path.endsWith('/messages')), 'the first post to be under way', 20_000);
    await stopActiveSender();
    mark('firstStop');
    // The second replacement starts; once it is ready, the instance now sending is stopped in turn.
    await start();
    mark('fourthReady');
    await stopActiveSender();
    mark('secondStop');
    // Both were stopped with deliveries under way: not all sent yet.
    for (const n of inLedgerAtStop) expect(n).toBeLessThan(total);
    discord.clearFaults();

    await waitFor(async () => (await delivered()) === total, 'every daily post and alert in the ledger', 20_000).catch(withOutputOf(bots[0]!));
    mark('drained');
    const end = await readQueue(redis!, prefix);
    expect(end.pending).toEqual([]);
    expect(await Promise.all(stopped.map(async (bot) => (await bot.exited).code))).toEqual([0, 0]);
    expect(await Promise.all(bots.map((bot) => bot.stop()))).toEqual([0, 0, 0, 0]);
    mark('exited');
    for (const bot of stopped) expect(bot.logs().some((l) => l.msg === 'sender lease released for another instance')).toBe(true);

    for (const to of daily) {
      expect(postsTo(discord.requests, to.channel)).toHaveLength(1);
      expect(discord.messagesIn(to.channel)).toHaveLength(1);
    }
    const ledger = [...end.delivered.values()];
    for (const owner of subscribers) {
      expect(ledger.filter((e) => e.kind === 'alert' && e.to === destinationKey(owner))).toHaveLength(1);
      const channel = owner.user ? discord.dmChannelOf(owner.user)!.id : owner.channel;
      const posts = postsTo(discord.requests, channel);
      expect(posts.length).toBeGreaterThan(0);
      expect(new Set(posts.map(nonceOf)).size).toBe(posts.length);
      expect(discord.messagesIn(channel)).toHaveLength(posts.length);
    }
    const errors = bots.flatMap((bot) => bot.logs().filter((l) => (l.level ?? 0) >= 50));
    expect(errors).toEqual([]);
    console.info('rolling restart:', JSON.stringify({ channels: CHANNELS, alerts: subscribers.length, inLedgerAtStop, phases, totalMs: Date.now() - startedAt }));
  }, 120_000);
});
