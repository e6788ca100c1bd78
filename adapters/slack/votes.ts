import type { Destination, VoteEvent } from '../../src/model.ts';
import { neutralEmoji } from '../../src/votes/emoji.ts';

/** Where reactions go: the votes core (`createVotes(...)`, `CoreApp.votes`) or anything with the same `handle`. */
export interface VoteSink {
  handle(event: VoteEvent, opts?: { botUserId?: string }): Promise<unknown>;
}

/** The parts of a `reaction_added` / `reaction_removed` event and its envelope that a vote needs. */
export interface SlackReaction {
  type: 'reaction_added' | 'reaction_removed';
  user: string;
  reaction: string;
  item_user?: string;
  item: { type: string; channel?: string; ts?: string };
  event_ts: string;
}

/**
 * A reaction as a neutral VoteEvent, or undefined when it cannot be a vote: not on a message, by the bot itself,
 * or on someone else's message. Which paper it is for, and whether the emoji counts, is the votes core's business.
 */
export function voteFromReaction(e: SlackReaction, envelope: { teamId: string; eventId?: string }, botUserId: string): VoteEvent | undefined {
  if (e.item.type !== 'message' || !e.item.channel || !e.item.ts) return undefined;
  if (!e.user || e.user === botUserId) return undefined;
  if (e.item_user && e.item_user !== botUserId) return undefined;
  const where: Destination = { platform: 'slack', community: envelope.teamId, channel: e.item.channel };
  const seconds = Number(e.event_ts);
  const vote: VoteEvent = {
    where,
    messageId: e.item.ts,
    userId: e.user,
    emoji: neutralEmoji(e.reaction),
    added: e.type === 'reaction_added',
    at: Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date(),
  };
  if (envelope.eventId) vote.eventId = envelope.eventId;
  return vote;
}
