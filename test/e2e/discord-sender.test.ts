import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Destination, RankedPaper, Reply } from '../../src/model.ts';
import { KEYCAPS, NOW, startHarness, until, type Harness } from '../discord/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function rankedOf(harness: Harness, count: number): Promise<RankedPaper[]> {
  const list = await harness.app.papers.getDay('2026-08-20', NOW);
  return list.papers.slice(0, count).map((paper) => ({ paper, communityVotes: 0, score: paper.upvotes }));
}

async function digestOf(harness: Harness, count = 5): Promise<Reply> {
  return { kind: 'digest', title: 'Daily papers · 2026-08-20', day: '2026-08-20', papers: await rankedOf(harness, count), votable: true };
}

const channelTo = (harness: Harness, name: string, guild = 'g1'): Destination => ({
  platform: 'discord', community: harness.discord.guild(guild).id, channel: harness.discord.channel(name, guild).id,
});

describe('the Discord sender (daily posts and DM alerts)', () => {
  it('posts a digest, records it and adds one keycap per paper', async () => {
    h = await startHarness();
    const to = channelTo(h, 'c1');
    const outcome = await h.adapter.sender.send(to, await digestOf(h));
    expect(outcome).toEqual({ ok: true, messageId: expect.any(String), recordedPosts: true });
    const id = (outcome as { messageId: string }).messageId;
    expect(h.discord.messagesIn(to.channel).map((m) => [m.id, m.embeds.length, m.via])).toEqual([[id, 5, 'channel']]);
    expect(await h.posts.find(to, id)).toMatchObject({ kind: 'digest', paperIds: expect.any(Array) });
    expect(h.discord.reactions.filter((r) => r.messageId === id).map((r) => r.emoji)).toEqual(KEYCAPS.slice(0, 5));
  });

  it('waits out a 429 (discord.js honours Retry-After) and the post lands exactly once', async () => {
    h = await startHarness();
    const to = channelTo(h, 'c1');
    h.discord.failNext({ route: `POST /channels/${to.channel}/messages`, status: 429, retryAfterSec: 0.3 });
    const outcome = await h.adapter.sender.send(to, await digestOf(h, 3));
    expect(outcome.ok).toBe(true);
    expect(h.discord.messagesIn(to.channel)).toHaveLength(1);
    expect(h.discord.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages')).map((r) => r.status)).toEqual([429, 200]);
  });

  it('returns retryAfterMs when a 429 surfaces (a client that rejects on rate limits)', async () => {
    h = await startHarness();
    const strict = await h.startAnother({ clientOptions: { rest: { rejectOnRateLimit: () => true } } });
    const to = channelTo(h, 'c1');
    h.discord.failNext({ route: `POST /channels/${to.channel}/messages`, status: 429, retryAfterSec: 2 });
    const outcome = await strict.sender.send(to, { kind: 'text', text: 'hello' });
    expect(outcome).toMatchObject({ ok: false, retryAfterMs: expect.any(Number) });
    expect((outcome as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(1000);
    expect(h.discord.messagesIn(to.channel)).toEqual([]);
  });

  it.each([
    ['Missing Permissions (50013) in a read-only channel', 'readonly', undefined, /50013/],
    ['Missing Access (50001) when the bot cannot see the channel', 'hidden', undefined, /50001/],
    ['Unknown Channel (10003) for a deleted channel', 'c1', 'delete', /10003/],
    ['Missing Access (50001) after the bot was removed from the guild', 'c1', 'leave', /50001/],
  ] as const)('maps %s to a permanent outcome', async (_what, channel, action, code) => {
    h = await startHarness({
      fake: { guilds: [{ name: 'g1', channels: ['c1', { name: 'readonly', botDeny: PermissionFlagsBits.SendMessages }, { name: 'hidden', botDeny: PermissionFlagsBits.ViewChannel }] }] },
    });
    const to = channelTo(h, channel);
    if (action === 'delete') h.discord.deleteChannel(to.channel);
    if (action === 'leave') h.discord.leaveGuild(to.community);
    const outcome = await h.adapter.sender.send(to, { kind: 'text', text: 'hello' });
    expect(outcome).toEqual({ ok: false, permanent: expect.stringMatching(code) });
    expect(h.discord.messagesIn(to.channel)).toEqual([]);
  });

  it('maps a 5xx that outlives discord.js\'s retries to an unknown outcome (the message may have been created)', async () => {
    h = await startHarness();
    const to = channelTo(h, 'c1');
    h.discord.failNext({ route: `POST /channels/${to.channel}/messages`, status: 503, times: 4 });
    const outcome = await h.adapter.sender.send(to, { kind: 'text', text: 'hello' });
    expect(outcome).toEqual({ ok: false, unknown: expect.stringMatching(/Discord 503/) });
  });

  it('still reports a sent digest as sent when the bot may not add reactions', async () => {
    h = await startHarness({ fake: { guilds: [{ name: 'g1', channels: [{ name: 'noreact', botDeny: PermissionFlagsBits.AddReactions }] }] } });
    const to = channelTo(h, 'noreact');
    const outcome = await h.adapter.sender.send(to, await digestOf(h, 2));
    expect(outcome.ok).toBe(true);
    expect(h.discord.messagesIn(to.channel)).toHaveLength(1);
    expect(h.discord.reactions).toEqual([]);
    expect(h.logged.map((l) => l.msg)).toEqual(['could not add the vote reactions']);
  });

  it('opens a DM channel for a user destination and records the post there, without vote reactions', async () => {
    h = await startHarness();
    const user = h.discord.testUser.id;
    const to: Destination = { platform: 'discord', community: h.discord.guild('g1').id, channel: '', user };
    const outcome = await h.adapter.sender.send(to, { kind: 'paper', paper: (await rankedOf(h, 1))[0]!, votable: true });
    expect(outcome.ok).toBe(true);
    const dm = await until(() => h!.discord.dmChannelOf(user));
    expect(h.discord.requests.some((r) => r.method === 'POST' && r.path === '/users/@me/channels')).toBe(true);
    expect(h.discord.messagesIn(dm.id)).toHaveLength(1);
    expect(await h.posts.find({ ...to, channel: dm.id }, (outcome as { messageId: string }).messageId)).toMatchObject({ kind: 'single' });
    expect(h.discord.reactions).toEqual([]);
  });

  it('maps a user who blocks DMs (50007) to a permanent outcome', async () => {
    h = await startHarness();
    h.discord.blockDMs(h.discord.testUser.id);
    const to: Destination = { platform: 'discord', community: h.discord.guild('g1').id, channel: '', user: h.discord.testUser.id };
    expect(await h.adapter.sender.send(to, { kind: 'text', text: 'alert' })).toEqual({ ok: false, permanent: expect.stringMatching(/50007/) });
  });
});
