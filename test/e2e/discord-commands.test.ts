import { PermissionFlagsBits as P } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { GENERIC_FAILURE } from '../../adapters/discord/interactions.ts';
import { KEYCAPS, fixtureOrder, startHarness, until, type Harness } from '../discord/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const EPHEMERAL = 64;

/** Sends `/papers <subcommand>` and waits until the deferred reply has been edited. */
async function command(harness: Harness, subcommand: string, options: Record<string, string | number | boolean> = {}, extra = {}) {
  const sent = harness.discord.sendSlashCommand({ subcommand, options, channelId: 'c1', ...extra });
  expect(sent.delivered).toBe(1);
  const original = await until(() => {
    const id = harness.discord.interaction(sent.token)?.originalMessageId;
    const m = id ? harness.discord.message(id) : undefined;
    return m && (m.editedAt !== null || m.deleted) ? m : undefined;
  });
  return { sent, record: harness.discord.interaction(sent.token)!, original };
}

describe('Discord slash commands against the fake Discord', () => {
  it('/papers today defers publicly, then edits in the day\'s papers in upvote order with a keycap each', async () => {
    h = await startHarness();
    const { record, original } = await command(h, 'today');
    expect(record.callbacks.map((c) => [c.type, ((c.data as { flags?: number } | undefined)?.flags ?? 0) & EPHEMERAL])).toEqual([[5, 0]]);
    const expected = fixtureOrder(h.hf, '2026-08-20').slice(0, 10);
    expect(original.embeds.map((e) => (e as { title: string }).title)).toEqual(expected.map((p, i) => `${KEYCAPS[i]} ${p.title}`));
    expect(original.content).toContain('Trending papers · 2026-08-20');
    expect(original.flags & EPHEMERAL).toBe(0);
    const patch = h.discord.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.rawPath).toContain('%40original');
    expect(patch.headers.authorization).toBeUndefined();
    const reactions = await until(() => {
      const mine = h!.discord.reactions.filter((r) => r.messageId === original.id);
      return mine.length === 10 ? mine : undefined;
    });
    expect(reactions.map((r) => r.emoji)).toEqual(KEYCAPS);
    expect(await h.posts.find({ platform: 'discord', community: h.discord.guild('g1').id, channel: h.discord.channel('c1').id }, original.id))
      .toMatchObject({ kind: 'digest', paperIds: expected.map((p) => p.id) });
    expect(h.logged).toEqual([]);
  });

  it('splits 25 papers over the edited reply and two follow-ups, each recorded with its own keycaps', async () => {
    h = await startHarness();
    const { original } = await command(h, 'today', { limit: 25, date: '2026-08-18' });
    const channel = h.discord.channel('c1').id;
    const messages = await until(() => (h!.discord.messagesIn(channel).length === 3 ? h!.discord.messagesIn(channel) : undefined));
    expect(messages.map((m) => [m.via, m.embeds.length])).toEqual([['interaction', 10], ['followup', 10], ['followup', 5]]);
    expect(messages[0]!.id).toBe(original.id);
    await until(() => h!.discord.reactions.length === 25);
    expect(messages.map((m) => h!.discord.reactions.filter((r) => r.messageId === m.id).length)).toEqual([10, 10, 5]);
    const where = { platform: 'discord' as const, community: h.discord.guild('g1').id, channel };
    const recorded = await Promise.all(messages.map((m) => h!.posts.find(where, m.id)));
    expect(recorded.flatMap((r) => r!.paperIds)).toEqual(fixtureOrder(h.hf, '2026-08-18').slice(0, 25).map((p) => p.id));
  });

  it('answers privately when asked, without vote reactions', async () => {
    h = await startHarness();
    const { record, original } = await command(h, 'today', { limit: 3, private: true });
    expect(((record.callbacks[0]!.data as { flags?: number }).flags ?? 0) & EPHEMERAL).toBe(EPHEMERAL);
    expect(original.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(original.embeds).toHaveLength(3);
    expect(original.embeds.map((e) => (e as { title: string }).title)[0]).toMatch(/^1\. /);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.discord.reactions).toEqual([]);
  });

  it('turns a command error after a public deferral into a private answer and removes the placeholder', async () => {
    h = await startHarness();
    const { sent, original } = await command(h, 'today', { date: '2099-01-01' });
    expect(original.deleted).toBe(true);
    const followUp = await until(() => h!.discord.messagesIn(h!.discord.channel('c1').id).find((m) => m.interactionToken === sent.token));
    expect(followUp.content).toContain('2099-01-01 is in the future');
    expect(followUp.flags & EPHEMERAL).toBe(EPHEMERAL);
  });

  it('answers /papers help privately with every registered subcommand', async () => {
    h = await startHarness();
    const { original } = await command(h, 'help');
    expect(original.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(original.content).toContain('/papers today');
    expect(original.content).toContain('/papers help');
  });

  it('logs a Discord failure once and tells the caller privately (the adapter\'s one catch)', async () => {
    h = await startHarness();
    h.discord.failNext({ route: /^PATCH \/webhooks\//, status: 500, times: 4 });
    const sent = h.discord.sendSlashCommand({ subcommand: 'today', channelId: 'c1' });
    const notice = await until(() => h!.discord.messagesIn(h!.discord.channel('c1').id).find((m) => m.via === 'followup' && m.interactionToken === sent.token));
    expect(notice.content).toBe(GENERIC_FAILURE);
    expect(notice.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(h.discord.message(h.discord.interaction(sent.token)!.originalMessageId!)?.deleted).toBe(true);
    expect(h.logged.filter((l) => l.msg === 'Discord interaction failed')).toHaveLength(1);
  });

  it('keeps the edited reply when a later follow-up fails, and tells the caller privately', async () => {
    h = await startHarness();
    h.discord.failNext({ route: /^POST \/webhooks\//, status: 500, times: 4 });
    const sent = h.discord.sendSlashCommand({ subcommand: 'today', options: { limit: 25, date: '2026-08-18' }, channelId: 'c1' });
    const notice = await until(() => h!.discord.messagesIn(h!.discord.channel('c1').id).find((m) => m.via === 'followup' && m.interactionToken === sent.token));
    expect([notice.content, notice.flags & EPHEMERAL]).toEqual([GENERIC_FAILURE, EPHEMERAL]);
    const original = h.discord.message(h.discord.interaction(sent.token)!.originalMessageId!)!;
    expect([original.deleted, original.embeds.length]).toEqual([false, 10]);
    expect(h.logged.filter((l) => l.msg === 'Discord interaction failed')).toHaveLength(1);
  });

  const MEMBER = P.ViewChannel | P.SendMessages | P.AddReactions | P.ReadMessageHistory | P.UseApplicationCommands;

  it('refuses /papers channel set to a member without Manage Channels, privately, and changes nothing', async () => {
    h = await startHarness();
    const { original } = await command(h, 'set', { time: '07:30' }, { subcommandGroup: 'channel', permissions: MEMBER });
    expect(original.content).toBe('⚠️ Only channel managers can use /papers channel set.');
    expect(original.flags & EPHEMERAL).toBe(EPHEMERAL);
    const where = { platform: 'discord' as const, community: h.discord.guild('g1').id, channel: h.discord.channel('c1').id };
    expect(await h.app.channels.get(where)).toBeUndefined();
  });

  it.each([
    ['Manage Channels', MEMBER | P.ManageChannels],
    ['Manage Server', MEMBER | P.ManageGuild],
    ['Administrator', P.Administrator],
  ])('lets a member with %s set the daily post', async (_what, permissions) => {
    h = await startHarness();
    const options = { time: '07:30', timezone: 'Europe/Paris', count: 5 };
    const { original } = await command(h, 'set', options, { subcommandGroup: 'channel', permissions });
    expect(original.content).toMatch(/^Daily papers here: .*07:30.*Europe\/Paris/);
    const where = { platform: 'discord' as const, community: h.discord.guild('g1').id, channel: h.discord.channel('c1').id };
    expect(await h.app.channels.get(where)).toMatchObject({ enabled: true, time: '07:30', timezone: 'Europe/Paris', count: 5 });
  });
});
