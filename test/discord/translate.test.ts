import { PermissionFlagsBits as P } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { canManageChannel } from '../../adapters/discord/invocation.ts';
import { toVoteEvent, type ReactionFacts } from '../../adapters/discord/reactions.ts';

describe('who may change channel settings', () => {
  it.each([
    ['a normal member (view, send, react, use commands)', P.ViewChannel | P.SendMessages | P.AddReactions | P.UseApplicationCommands, false],
    ['Manage Channels', P.ViewChannel | P.ManageChannels, true],
    ['Manage Server', P.ManageGuild, true],
    ['Administrator', P.Administrator, true],
    ['Manage Messages and Manage Roles only', P.ManageMessages | P.ManageRoles, false],
    ['no permissions', 0n, false],
  ])('%s → %s', (_who, bits, expected) => {
    expect(canManageChannel(bits.toString())).toBe(expected);
  });

  it('is false when Discord sends no permissions (a DM)', () => {
    expect(canManageChannel(null)).toBe(false);
  });
});

describe('reactions as votes', () => {
  const base: ReactionFacts = {
    guildId: '1', channelId: '2', messageId: '3', userId: '4', emoji: { id: null, name: '1️⃣' }, added: true, at: new Date(0), botUserId: '9',
  };
  it.each([
    ['1️⃣', '1'], ['1⃣', '1'], ['5️⃣', '5'], ['🔟', '10'], ['👍', 'up'], ['👍🏽', 'up'], ['👎', 'down'],
  ])('%s is the neutral vote "%s"', (name, neutral) => {
    expect(toVoteEvent({ ...base, emoji: { id: null, name } })?.emoji).toBe(neutral);
  });

  it.each([
    ['the bot\'s own reaction', { userId: '9' }],
    ['a reaction outside a guild', { guildId: null }],
    ['a custom emoji named like a vote', { emoji: { id: '77', name: 'up' } }],
    ['an emoji the bot never offers', { emoji: { id: null, name: '🎉' } }],
  ] as const)('ignores %s', (_what, change) => {
    expect(toVoteEvent({ ...base, ...change })).toBeUndefined();
  });
});
