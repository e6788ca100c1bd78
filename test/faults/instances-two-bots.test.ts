import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSubscriptionStore } from '../../src/alerts/subscriptions.ts';
import { silentLogger } from '../../src/log.ts';
import { destinationKey, type Destination } from '../../src/model.ts';
import { createPostsRegistry } from '../../src/posts/posts.ts';
import { openStore } from '../../src/store/open-store.ts';
import { keycapEmoji } from '../../src/votes/emoji.ts';
import { createVotes } from '../../src/votes/votes.ts';
import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../fakes/discord-server.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { backendCases } from '../helpers/backends.ts';
import { startBot, type BotProcess } from '../helpers/bot-process.ts';
import { readQueue, seedDailyPosts, seedSubscriptions } from '../helpers/bot-store.ts';
import { endAfterEach } from '../helpers/end-after-each.ts';
import { settle, waitFor } from '../helpers/wait.ts';

const redis = backendCases().find((c) => c.name === 'redis')!.url;
const CHANNELS = 50;

let discord: FakeDiscord | undefined;
let hf: FakeHf | undefined;
const bots = endAfterEach({ servers: () => [discord, hf], end: 'stop' });

const postsTo = (requests: RecordedRequest[], channelId: string) =>
  requests.filter((r) => r.method === 'POST' && r.status === 200 && r.path === `/channels/${channelId}/messages`);
const nonceOf = (r: RecordedRequest) => String((r.body as { nonce?: unknown } | undefined)?.nonce ?? '');
const handledBy = (bot: BotProcess) => bot.logs().filter((l) => l.msg === 'reaction handled').length;

describe('two bot processes sharing Redis and one Discord bot token, both on the gateway', () => {
  it.skipIf(!redis)(`post each of ${CHANNELS} daily digests once, alert each subscriber once, count each vote once and run each command once`, async () => {
    const startedAt = Date.now();
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    hf = await startFakeHf(new Map([[new Date().toISOString().slice(0, 10), loadFixtureDays().get('2026-08-20')!]]));
    discord = await startFakeDiscord({ guilds: [{ name: 'g1', channels: CHANNELS + 1 }], latencyMs: 10 });
    const guild = discord.guild('g1');
    const [alertChannel, ...daily] = guild.channels.map((c): Destination => ({ platform: 'discord', community: guild.id, channel: c.id }));
    const dm = (user: string): Destination => ({ ...alertChannel!, user });
    const subscribers = [dm('200000000000000001'), dm('200000000000000002'), alertChannel!];
    await seedDailyPosts(redis!, prefix, daily, new Date(Date.now() - 60_000), 3);
    await seedSubscriptions(redis!, prefix, subscribers.map((owner) => ({ owner, query: 'agent' })), new Date());

    const env = {
      DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, HF_ENDPOINT: hf.url, STORE_URL: redis!, STORE_PREFIX: prefix,
      LOG_LEVEL: 'debug', DELIVERY_LEASE_SECONDS: '3',
    };
    const [a, b] = [startBot(env), startBot(env)];
    bots.push(a, b);
    await Promise.all([a.logged('daily scheduler started'), b.logged('daily scheduler started')]);
    expect(discord.shards).toHaveLength(2);

    const ledgerEntries = () => readQueue(redis!, prefix).then((q) => [...q.delivered.values()]);
    await waitFor(async () => (await ledgerEntries()).length === CHANNELS + subscribers.length, 'every daily post and alert in the ledger', 20_000);
    await waitFor(async () => (await readQueue(redis!, prefix)).pending.length === 0, 'the queue to drain', 10_000);
    await settle(1_000);
    for (const to of daily) expect(postsTo(discord.requests, to.channel)).toHaveLength(1);
    const ledger = await ledgerEntries();
    for (const owner of subscribers) {
      expect(ledger.filter((e) => e.kind === 'alert' && e.to === destinationKey(owner))).toHaveLength(1);
      const channel = owner.user ? discord.dmChannelOf(owner.user)!.id : owner.channel;
      const parts = postsTo(discord.requests, channel);
      expect(parts.length).toBeGreaterThan(0);
      expect(new Set(parts.map(nonceOf)).size).toBe(parts.length);
    }
    expect([a, b].filter((bot) => bot.logs().some((l) => l.msg === 'active sender for this platform'))).toHaveLength(1);

    const post = discord.messagesIn(daily[0]!.channel)[0]!;
    const store = await openStore(redis!, silentLogger(), prefix);
    const posts = createPostsRegistry(store);
    const [first, second] = (await posts.find(daily[0]!, post.id))!.paperIds;
    const react = (user: string, n: number, add = true) =>
      discord!.sendReaction({ add, channelId: post.channelId, messageId: post.id, userId: user, emoji: keycapEmoji(n) });
    const events = [react('300000000000000001', 1), react('300000000000000002', 1), react('300000000000000003', 1),
      react('300000000000000001', 2), react('300000000000000001', 1), react('300000000000000003', 1, false)];
    expect(events).toEqual(Array(events.length).fill(2));
    await waitFor(() => handledBy(a) === events.length && handledBy(b) === events.length, 'both bots to handle every reaction', 10_000);
    const votes = createVotes({ store, posts, log: silentLogger(), cache: false });
    expect(await votes.netVotes(guild.id, [first!, second!])).toEqual(new Map([[first!, 2], [second!, 1]]));

    const carol = { id: '300000000000000009', username: 'carol' };
    const sent = discord.sendSlashCommand({ subcommand: 'subscribe', options: { query: 'world model' }, user: carol, channelId: post.channelId });
    expect(sent.delivered).toBe(2);
    await waitFor(() => discord!.message(discord!.interaction(sent.token)?.originalMessageId ?? '')?.editedAt != null, 'the reply', 10_000);
    await settle(500);
    const callbacks = discord.requests.filter((r) => r.path === `/interactions/${sent.id}/${sent.token}/callback`);
    expect(callbacks.map((r) => r.status).sort()).toEqual([204, 400]);
    expect([a, b].filter((bot) => bot.logs().some((l) => l.msg === 'interaction answered by another instance'))).toHaveLength(1);
    expect(await createSubscriptionStore(store).list(dm(carol.id))).toEqual([expect.objectContaining({ query: 'world model' })]);
    await store.close();

    const errors = [a, b].flatMap((bot) => bot.logs().filter((l) => (l.level ?? 0) >= 50));
    expect(errors).toEqual([]);
    console.info('two instances:', JSON.stringify({ channels: CHANNELS, subscribers: subscribers.length, reactions: events.length,
      totalMs: Date.now() - startedAt }));
  }, 60_000);
});
