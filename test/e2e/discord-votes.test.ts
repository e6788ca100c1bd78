import { afterEach, describe, expect, it } from 'vitest';
import { KEYCAPS, fixtureOrder, startHarness, until, type Harness } from '../discord/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const USER = '210000000000000001';
const OTHER = '210000000000000002';

/** Posts a digest through /papers today (or a card through /papers paper) and waits until the bot has added its reactions. */
async function post(harness: Harness, subcommand: 'today' | 'paper', options: Record<string, string> = {}) {
  const sent = harness.discord.sendSlashCommand({ subcommand, options, channelId: 'c1' });
  const messageId = await until(() => harness.discord.interaction(sent.token)?.originalMessageId);
  await until(() => harness.discord.reactions.filter((r) => r.messageId === messageId).length === (subcommand === 'today' ? 10 : 2));
  return { messageId, channelId: harness.discord.channel('c1').id, guildId: harness.discord.guild('g1').id };
}

const net = async (harness: Harness, guildId: string, paperId: string) => (await harness.app.votes.netVotes(guildId, [paperId])).get(paperId);

describe('votes by reaction on Discord, counted by the votes core', () => {
  it('a keycap on a digest votes for that paper; removing it removes the vote; the bot\'s own keycaps never count', async () => {
    h = await startHarness();
    const { messageId, channelId, guildId } = await post(h, 'today');
    const third = fixtureOrder(h.hf, '2026-08-20')[2]!.id;

    h.discord.sendReaction({ add: true, channelId, messageId, userId: USER, emoji: KEYCAPS[2]! });
    await until(() => h!.sink.outcomes.length === 1);
    expect(h.sink.events).toEqual([
      { where: { platform: 'discord', community: guildId, channel: channelId }, messageId, userId: USER, emoji: '3', added: true, at: expect.any(Date) },
    ]);
    expect(h.sink.outcomes).toEqual([{ status: 'applied', paperId: third, value: 1, added: true }]);
    expect(await net(h, guildId, third)).toBe(1);

    h.discord.sendReaction({ add: false, channelId, messageId, userId: USER, emoji: KEYCAPS[2]! });
    await until(() => h!.sink.outcomes.length === 2);
    expect(h.sink.outcomes[1]).toEqual({ status: 'applied', paperId: third, value: 1, added: false });
    expect(await net(h, guildId, third)).toBe(0);
  });

  it('counts the same reaction event delivered twice once; another user adds a second vote', async () => {
    h = await startHarness();
    const { messageId, channelId, guildId } = await post(h, 'today');
    const first = fixtureOrder(h.hf, '2026-08-20')[0]!.id;
    const reaction = { add: true, channelId, messageId, userId: USER, emoji: KEYCAPS[0]! };
    h.discord.sendReaction(reaction);
    h.discord.sendReaction(reaction);
    await until(() => h!.sink.outcomes.length === 2);
    expect(await net(h, guildId, first)).toBe(1);
    h.discord.sendReaction({ ...reaction, userId: OTHER });
    await until(() => h!.sink.outcomes.length === 3);
    expect(await net(h, guildId, first)).toBe(2);
  });

  it('shows the community vote in the next /papers today', async () => {
    h = await startHarness();
    const { messageId, channelId } = await post(h, 'today');
    const tenth = fixtureOrder(h.hf, '2026-08-20')[9]!;
    h.discord.sendReaction({ add: true, channelId, messageId, userId: USER, emoji: KEYCAPS[9]! });
    await until(() => h!.sink.outcomes.length === 1);
    const again = h.discord.sendSlashCommand({ subcommand: 'today', channelId: 'c1' });
    const reply = await until(() => {
      const m = h!.discord.message(h!.discord.interaction(again.token)?.originalMessageId ?? '');
      return m?.editedAt ? m : undefined;
    });
    const embed = reply.embeds.find((e) => (e as { title: string }).title.endsWith(tenth.title)) as { fields: Array<{ name: string; value: string }> };
    expect(embed.fields.find((f) => f.name === 'Votes')?.value).toMatch(/· \+1 here$/);
  });

  it('votes 👍 and 👎 on a single-paper card from /papers paper', async () => {
    h = await startHarness();
    const id = fixtureOrder(h.hf, '2026-08-20')[4]!.id;
    const { messageId, channelId, guildId } = await post(h, 'paper', { id });
    h.discord.sendReaction({ add: true, channelId, messageId, userId: USER, emoji: '👎' });
    h.discord.sendReaction({ add: true, channelId, messageId, userId: OTHER, emoji: '👎' });
    await until(() => h!.sink.outcomes.length === 2);
    expect(await net(h, guildId, id)).toBe(-2);
  });

  it('passes a removal by a user discord.js has never seen (Partials.User)', async () => {
    h = await startHarness();
    const { messageId, channelId } = await post(h, 'today');
    h.discord.sendReaction({ add: false, channelId, messageId, userId: '210000000000000777', emoji: KEYCAPS[0]! });
    const removal = await until(() => h!.sink.events[0]);
    expect(removal).toMatchObject({ userId: '210000000000000777', emoji: '1', added: false });
  });

  it.each([
    ['an emoji the bot never offers', '🎉'],
    ['a custom emoji, even one named like a vote', 'up:123456789012345678'],
  ])('drops %s before the votes core', async (_what, emoji) => {
    h = await startHarness();
    const { messageId, channelId } = await post(h, 'today');
    h.discord.sendReaction({ add: true, channelId, messageId, userId: USER, emoji });
    h.discord.sendReaction({ add: true, channelId, messageId, userId: USER, emoji: '👍' });
    await until(() => h!.sink.events.length >= 1);
    expect(h.sink.events.map((e) => e.emoji)).toEqual(['up']);
    expect(h.sink.outcomes).toEqual([{ status: 'ignored', reason: 'thumbs-on-digest' }]);
  });

  it('leaves reactions on messages that are not the bot\'s to the votes core, which ignores them', async () => {
    h = await startHarness();
    const channelId = h.discord.channel('c2').id;
    h.discord.sendReaction({ add: true, channelId, messageId: '123456789012345678', userId: USER, emoji: KEYCAPS[0]! });
    await until(() => h!.sink.outcomes.length === 1);
    expect(h.sink.outcomes).toEqual([{ status: 'ignored', reason: 'unknown-message' }]);
  });
});
