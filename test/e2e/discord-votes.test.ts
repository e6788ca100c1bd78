import { afterEach, describe, expect, it } from 'vitest';
import { KEYCAPS, fixtureOrder, startHarness, until, type Harness } from '../discord/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const USER = '210000000000000001';

/** Posts today's digest through /papers today and waits until the bot has added its ten keycaps. */
async function postDigest(harness: Harness) {
  const sent = harness.discord.sendSlashCommand({ subcommand: 'today', channelId: 'c1' });
  const messageId = await until(() => harness.discord.interaction(sent.token)?.originalMessageId);
  await until(() => harness.discord.reactions.filter((r) => r.messageId === messageId).length === 10);
  return { messageId, channelId: harness.discord.channel('c1').id, guildId: harness.discord.guild('g1').id };
}

describe('votes by reaction on Discord', () => {
  it('a keycap on a digest votes for that paper; removing it removes the vote; the bot\'s own keycaps never count', async () => {
    h = await startHarness();
    const { messageId, channelId, guildId } = await postDigest(h);
    const third = fixtureOrder(h.hf, '2026-08-20')[2]!.id;

    h.discord.sendReaction({ add: true, channelId, messageId, userId: USER, emoji: KEYCAPS[2]! });
    await until(() => h!.sink.votes.size === 1);
    expect([...h.sink.votes]).toEqual([[`${guildId}:${third}:${USER}`, 1]]);
    expect(h.sink.events).toEqual([
      { where: { platform: 'discord', community: guildId, channel: channelId }, messageId, userId: USER, emoji: '3', added: true, at: expect.any(Date) },
    ]);

    h.discord.sendReaction({ add: false, channelId, messageId, userId: USER, emoji: KEYCAPS[2]! });
    await until(() => h!.sink.events.length === 2);
    expect(h.sink.events[1]).toMatchObject({ emoji: '3', added: false, userId: USER });
    expect(h.sink.votes.size).toBe(0);
  });

  it('passes a removal by a user discord.js has never seen (Partials.User)', async () => {
    h = await startHarness();
    const { messageId, channelId } = await postDigest(h);
    h.discord.sendReaction({ add: false, channelId, messageId, userId: '210000000000000777', emoji: KEYCAPS[0]! });
    const removal = await until(() => h!.sink.events[0]);
    expect(removal).toMatchObject({ userId: '210000000000000777', emoji: '1', added: false });
  });

  it.each([
    ['an emoji the bot never offers', '🎉'],
    ['a custom emoji, even one named like a vote', 'up:123456789012345678'],
  ])('ignores %s', async (_what, emoji) => {
    h = await startHarness();
    const { messageId, channelId } = await postDigest(h);
    h.discord.sendReaction({ add: true, channelId, messageId, userId: USER, emoji });
    h.discord.sendReaction({ add: true, channelId, messageId, userId: USER, emoji: '👍' });
    await until(() => h!.sink.events.length >= 1);
    expect(h.sink.events.map((e) => e.emoji)).toEqual(['up']);
  });

  it('hands reactions on messages that are not the bot\'s to the votes core, which finds no post for them', async () => {
    h = await startHarness();
    const channelId = h.discord.channel('c2').id;
    h.discord.sendReaction({ add: true, channelId, messageId: '123456789012345678', userId: USER, emoji: KEYCAPS[0]! });
    await until(() => h!.sink.events.length === 1);
    expect(h.sink.votes.size).toBe(0);
  });
});
