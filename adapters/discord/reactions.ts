import type { VoteEvent } from '../../src/model.ts';
import { isVoteEmoji, neutralEmoji } from '../../src/votes/emoji.ts';

/** Where the adapter hands votes: the votes core, which checks the message is one of the bot's posts. */
export interface VoteSink {
  handle(event: VoteEvent): Promise<unknown>;
}

/** The ids of one reaction added or removed, as discord.js gives them (message and user may be partial). */
export interface ReactionFacts {
  guildId: string | null;
  channelId: string;
  messageId: string;
  userId: string;
  emoji: { id: string | null; name: string | null };
  added: boolean;
  at: Date;
  botUserId: string;
}

/**
 * A reaction as a neutral vote, or undefined when it cannot be one: the bot's own reactions (echoed back by the
 * gateway), reactions outside a guild, custom emoji (a custom emoji named "up" is not 👍), and emoji the bot never
 * offers for voting. Whether the message is one of the bot's posts is the votes core's question.
 */
export function toVoteEvent(r: ReactionFacts): VoteEvent | undefined {
  if (r.userId === r.botUserId || !r.guildId || r.emoji.id !== null || !r.emoji.name) return undefined;
  const emoji = neutralEmoji(r.emoji.name);
  if (!isVoteEmoji(emoji)) return undefined;
  return {
    where: { platform: 'discord', community: r.guildId, channel: r.channelId },
    messageId: r.messageId,
    userId: r.userId,
    emoji,
    added: r.added,
    at: r.at,
  };
}
