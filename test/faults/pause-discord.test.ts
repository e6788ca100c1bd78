// Pause (issue #12, "The fault model grows"): the active sender is frozen with SIGSTOP in the middle of a daily fan-out
// for three times the sender lease, another instance takes over, then the frozen one resumes. See docs/decisions/089.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dailyKey } from '../../src/delivery/records.ts';
import type { Destination } from '../../src/model.ts';
import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../fakes/discord-server.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { backendCases } from '../helpers/backends.ts';
import { errorLines, linesSaying } from '../helpers/bot-logs.ts';
import { startBot, withOutputOf, type BotProcess } from '../helpers/bot-process.ts';
import { readQueue, seedDailyPosts } from '../helpers/bot-store.ts';
import { endAfterEach } from '../helpers/end-after-each.ts';
import { settle, waitFor } from '../helpers/wait.ts';

const CHANNELS = 100;
const DMS = 20;
const LEASE_SECONDS = 3;
const PAUSE_MS = 3 * LEASE_SECONDS * 1000;

let discord: FakeDiscord | undefined;
let hf: FakeHf | undefined;
const bots = endAfterEach({ servers: () => [discord, hf] });

const isCreate = (r: RecordedRequest) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path);
/** A create the fake answered 200 with a new message (not with the one its nonce had already made). */
const created = (r: RecordedRequest) => isCreate(r) && r.status === 200 && !r.nonceReplay;

const stores = backendCases().filter((c) => c.name !== 'memory');

describe.each(stores)('the active Discord sender frozen (SIGSTOP) mid-fan-out for 3× the sender lease, on $name', ({ url }) => {
  it.skipIf(!url)(`ends with one message in each of ${CHANNELS} channels and ${DMS} DMs; the resumed process posts nothing more`, async () => {
    const startedAt = Date.now();
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    const day = new Date().toISOString().slice(0, 10);
    hf = await startFakeHf(new Map([[day, loadFixtureDays().get('2026-08-20')!]]));
    discord = await startFakeDiscord({ guilds: [{ name: 'g1', channels: CHANNELS }], latencyMs: 60 });
    const guild = discord.guild('g1');
    const channels = guild.channels.map((c): Destination => ({ platform: 'discord', community: guild.id, channel: c.id }));
    const dms = Array.from({ length: DMS }, (_, i): Destination => ({ ...channels[0]!, user: String(400000000000000000n + BigInt(i)) }));
    const daily = [...channels, ...dms];
    /** Where a destination's messages land: its channel, or the DM channel the bot opens with its user. */
    const channelOf = (to: Destination) => (to.user ? discord!.dmChannelOf(to.user)?.id ?? 'none' : to.channel);
    await seedDailyPosts(url!, prefix, daily, new Date(Date.now() - 60_000), 3);

    // The fake takes any token as the one bot user; each process gets its own spelling of it only so that the fake's
    // recorded requests say which process sent them (the lease and claims do not depend on the token).
    const env = (who: string) => ({
      DISCORD_TOKEN: `${discord!.token}-${who}`, DISCORD_API_URL: discord!.apiUrl, HF_ENDPOINT: hf!.url, STORE_URL: url!,
      STORE_PREFIX: prefix, DELIVERY_LEASE_SECONDS: String(LEASE_SECONDS), DELIVERY_CONCURRENCY: '4',
    });
    const pair = [startBot(env('a')), startBot(env('b'))] as const;
    bots.push(...pair);
    await Promise.all(pair.map((bot) => bot.logged('daily scheduler started')));
    const isActive = (bot: BotProcess) => linesSaying(bot, 'active sender for this platform').length > 0;
    await waitFor(() => pair.some(isActive), 'one bot to become the active sender', 10_000);
    const frozen = pair.find(isActive)!;
    const other = pair.find((bot) => bot !== frozen)!;
    const sentBy = (bot: BotProcess, r: RecordedRequest) => r.headers.authorization === `Bot ${env(bot === pair[0] ? 'a' : 'b').DISCORD_TOKEN}`;
    const postedChannels = () => daily.filter((to) => discord!.messagesIn(channelOf(to)).length > 0).length;

    // Freeze it while it waits for the answer to opening a DM channel (60 ms away), once a fifth has been posted: that
    // send has passed its checks and marked the item in flight, and its next step is the message create.
    let seen = 0;
    const opensDm = () =>
      discord!.requests.slice(seen, (seen = discord!.requests.length)).some((r) => r.path === '/users/@me/channels' && sentBy(frozen, r));
    await waitFor(() => postedChannels() >= daily.length / 5, 'a fifth of the destinations to have their post', 20_000).catch(withOutputOf(frozen));
    seen = discord.requests.length; // a DM opened from now on
    await waitFor(opensDm, 'the active sender to open a DM channel', 20_000).catch(withOutputOf(frozen));
    frozen.proc.kill('SIGSTOP');
    const postedAtStop = postedChannels();
    const atStop = await readQueue(url!, prefix);
    await settle(PAUSE_MS);
    const postedByOtherDuringPause = discord.requests.filter((r) => created(r) && sentBy(other, r)).length;
    const resumedAt = discord.requests.length;
    frozen.proc.kill('SIGCONT');

    await waitFor(async () => (await readQueue(url!, prefix)).ledger.size === daily.length, 'every channel in the ledger', 20_000).catch(withOutputOf(other));
    await waitFor(async () => (await readQueue(url!, prefix)).pending.length === 0, 'the queue to drain', 10_000);
    await settle(LEASE_SECONDS * 1000); // what the resumed process still had in flight settles
    const final = await readQueue(url!, prefix);

    const creates = discord.requests.filter(isCreate);
    const replays = creates.filter((r) => r.nonceReplay);
    const postsOfResumed = discord.requests.slice(resumedAt).filter((r) => isCreate(r) && sentBy(frozen, r));
    const report = {
      destinations: daily.length, postedAtStop, claimedAtStop: atStop.claimed.length, postedByOtherDuringPause,
      creates: creates.length, created: creates.filter(created).length, nonceReplays: replays.length,
      createsByResumed: postsOfResumed.length,
      resumedSendsStopped: linesSaying(frozen, 'Discord send stopped: the queue no longer holds this item').length,
      resumedFencedBeforePosting: linesSaying(frozen, 'claim or sender lease lost before posting').length,
      resumedFencedLedger: linesSaying(frozen, 'the claim was lost while sending').length,
      totalMs: Date.now() - startedAt,
    };
    console.info('pause mid-fan-out:', JSON.stringify(report));

    // The pause really came mid-fan-out, and the other instance really took over while it lasted.
    expect(postedAtStop).toBeLessThan(daily.length);
    expect(postedByOtherDuringPause).toBeGreaterThan(0);
    expect(isActive(other)).toBe(true);
    // Exactly once, counted at the platform: one message per channel, made by exactly one create.
    for (const to of daily) {
      expect(discord.messagesIn(channelOf(to))).toHaveLength(1);
      expect(creates.filter((r) => created(r) && r.path === `/channels/${channelOf(to)}/messages`)).toHaveLength(1);
      expect(final.ledger.get(dailyKey(to, day))).toBe(discord.messagesIn(channelOf(to))[0]!.id);
    }
    expect(final.ledger.size).toBe(daily.length);
    // The nonce only answered repeats of creates that were in flight when the sender froze (its claims then).
    expect(replays.length).toBeLessThanOrEqual(atStop.claimed.length);
    // The resumed process sent no create at all: its claims and the sender lease had passed to the other instance.
    expect(postsOfResumed).toEqual([]);
    expect(linesSaying(frozen, 'sent twice')).toEqual([]);
    // The DM send it froze in asked before its create, was told no, and said so.
    expect(linesSaying(frozen, 'Discord send stopped: the queue no longer holds this item').length).toBeGreaterThanOrEqual(1);
    expect(errorLines(other)).toEqual([]);
    // No store operation answered during the freeze is reported unavailable on resume (late-timer, 9fc6d32).
    expect(errorLines(frozen)).toEqual([]);
  }, 45_000);
});
