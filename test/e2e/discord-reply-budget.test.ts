/**
 * Interaction replies do not wait for the bot's global rate limit. Discord does not bind interaction endpoints to the
 * bot's 50 requests/s global limit (the fake models that), so a `/papers today` answer must not queue behind channel
 * posts that the bot is holding back for that limit: neither after Discord answered with a global 429, nor while
 * discord.js's own 50/s limiter is saturated with queued posts. Each test checks the order in which requests reached
 * the fake, never how long anything took.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Destination } from '../../src/model.ts';
import { MESSAGE_CREATE, type FakeChannel, type RecordedRequest } from '../fakes/discord-server.ts';
import { KEYCAPS, NOW, startHarness, until, type Harness } from '../discord/harness.ts';

/** Discord's limits: 50 requests/s per bot token, 5 posts per 5 s per channel, one reaction per 250 ms per channel. */
const DISCORD_LIMITS = { globalPerSecond: 50, perChannel: { count: 5, windowMs: 5_000 }, reactionsPerChannel: { count: 1, windowMs: 250 } };
const COMMANDS = 20;
const PAPERS = 3;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(channels: number): Promise<Harness> {
  const harness = await startHarness({ fake: { guilds: [{ name: 'g1', channels }], rateLimits: DISCORD_LIMITS } });
  await harness.app.papers.getToday(NOW);
  return harness;
}

const destination = (harness: Harness, c: FakeChannel): Destination => ({ platform: 'discord', community: harness.discord.guild('g1').id, channel: c.id });
const isFinalEdit = (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith('/messages/@original') && r.status === 200;
const isChannelPost = (r: RecordedRequest) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path);
const indexesOf = (requests: RecordedRequest[], test: (r: RecordedRequest) => boolean) =>
  requests.flatMap((r, i) => (test(r) ? [i] : []));

/** `/papers today limit:3` in each channel at once. */
function fireCommands(harness: Harness, channels: FakeChannel[]) {
  return channels.map((c) => harness.discord.sendSlashCommand({ subcommand: 'today', options: { limit: PAPERS }, channelId: c.id }));
}

/** The commands were answered as before: each deferred reply edited into the digest, with its keycaps once the bot may. */
async function expectAnswered(harness: Harness, sent: ReturnType<typeof fireCommands>): Promise<void> {
  const originals = sent.map((s) => harness.discord.message(harness.discord.interaction(s.token)!.originalMessageId!)!);
  for (const m of originals) expect([m.embeds.length, m.flags & 64, m.editedAt !== null]).toEqual([PAPERS, 0, true]);
  await until(() => harness.discord.reactions.length >= COMMANDS * PAPERS, 30_000);
  for (const m of originals) expect(harness.discord.reactions.filter((r) => r.messageId === m.id).map((r) => r.emoji)).toEqual(KEYCAPS.slice(0, PAPERS));
  const webhooks = harness.discord.requests.filter((r) => r.path.startsWith('/webhooks/'));
  expect(webhooks.length).toBe(COMMANDS);
  expect(webhooks.filter((r) => r.headers.authorization !== undefined)).toEqual([]);
}

describe('Discord interaction replies and the bot’s global rate limit', () => {
  it('edits every reply while Discord holds the bot to a global 429, before the bot sends anything else', async () => {
    h = await start(COMMANDS + 1);
    const [postChannel, ...commandChannels] = h.discord.guild('g1').channels;
    h.discord.failNext({ route: MESSAGE_CREATE, status: 429, global: true, retryAfterSec: 5 });
    const post = h.adapter.sender.send(destination(h, postChannel!), { kind: 'text', text: 'the daily post' });
    await until(() => h!.discord.requests.some((r) => r.status === 429));

    const sent = fireCommands(h, commandChannels);
    await until(() => h!.discord.requests.filter(isFinalEdit).length === COMMANDS, 30_000);
    const requests = [...h.discord.requests];
    const held = requests.findIndex((r) => r.status === 429);
    const resumed = requests.findIndex((r, i) => i > held && r.headers.authorization !== undefined);
    const edits = indexesOf(requests, isFinalEdit);
    // The bot was still waiting out the 429 (no bot-authenticated request since) when the last edit arrived.
    expect(edits.filter((i) => resumed !== -1 && i > resumed)).toEqual([]);

    expect(await post).toMatchObject({ ok: true });
    expect(h.discord.requests.filter(isChannelPost).map((r) => r.status)).toEqual([429, 200]);
    await expectAnswered(h, sent);
  }, 40_000);

  it('edits every reply before the channel posts already queued behind the 50/s limit have gone out', async () => {
    const posts = 250;
    h = await start(posts + COMMANDS);
    const channels = h.discord.guild('g1').channels;
    const [postChannels, commandChannels] = [channels.slice(0, posts), channels.slice(posts)];
    const fanOut = Promise.all(postChannels.map((c) => h!.adapter.sender.send(destination(h!, c), { kind: 'text', text: 'the daily post' })));
    // The first second's budget is spent; the other posts wait inside discord.js.
    await until(() => h!.discord.requests.filter(isChannelPost).length >= DISCORD_LIMITS.globalPerSecond);

    const sent = fireCommands(h, commandChannels);
    expect((await fanOut).every((o) => o.ok)).toBe(true);
    await until(() => h!.discord.requests.filter(isFinalEdit).length === COMMANDS, 30_000);
    const requests = [...h.discord.requests];
    const lastPost = Math.max(...indexesOf(requests, (r) => isChannelPost(r) && r.status === 200));
    expect(indexesOf(requests, isFinalEdit).filter((i) => i > lastPost)).toEqual([]);
    expect(postChannels.every((c) => h!.discord.messagesIn(c.id).length === 1)).toBe(true);
    await expectAnswered(h, sent);
  }, 40_000);

  it('still waits out a 429 on the interaction webhook itself, and the edit lands once', async () => {
    h = await start(1);
    h.discord.failNext({ route: /^PATCH \/webhooks\//, status: 429, retryAfterSec: 0.3 });
    const [sent] = fireCommands(h, h.discord.guild('g1').channels);
    await until(() => h!.discord.requests.some(isFinalEdit));
    expect(h.discord.requests.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([429, 200]);
    const original = h.discord.message(h.discord.interaction(sent!.token)!.originalMessageId!)!;
    expect(original.embeds).toHaveLength(PAPERS);
    await until(() => h!.discord.reactions.length === PAPERS);
    expect(h.discord.reactions.every((r) => r.messageId === original.id)).toBe(true);
  });
});
