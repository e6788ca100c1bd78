import { z } from 'zod';

/**
 * One reaction event as stored: the reaction it belongs to (paper, user, channel, message, emoji), when it happened,
 * and whether the reaction was added or removed. Each event is its own key, so writers never race on a shared value.
 */
export interface ReactionEvent {
  paperId: string;
  userId: string;
  channel: string;
  messageId: string;
  /** Neutral emoji name, e.g. "3", "up". */
  emoji: string;
  /** Epoch ms the reaction was added or removed. */
  at: number;
  added: boolean;
}

/** The stored value: the vote the reaction carries (0 for a removal) and its time, kept readable for humans. */
export const voteValueSchema = z.object({ value: z.union([z.literal(1), z.literal(-1), z.literal(0)]), at: z.number() });
export type VoteValue = z.infer<typeof voteValueSchema>;

/**
 * A fresh token written (never incremented) to one of a few shards with every vote, so any process can tell its cached
 * tally is out of date by listing the shards; sharding keeps one hot row from serialising every vote on PostgreSQL.
 */
export const versionSchema = z.object({ token: z.string(), at: z.number() });
export const VERSION_SHARDS = 16;

/** `votes:<community>`: one namespace per community, so a tally lists only its own keys. */
export const votesNamespace = (community: string) => `votes:${community}`;
export const seenEventsNamespace = (community: string) => `vote-events:${community}`;
export const versionNamespace = (community: string) => `votes-version:${community}`;

const enc = encodeURIComponent;

/** The key of the reaction an event belongs to, without time and action: `paper|user|channel|message|emoji`. */
export const reactionKey = (e: Omit<ReactionEvent, 'at' | 'added'>): string =>
  `${enc(e.paperId)}|${enc(e.userId)}|${enc(e.channel)}|${enc(e.messageId)}|${enc(e.emoji)}`;

/** `paper|user|channel|message|emoji|atMs|a` (added) or `…|r` (removed). */
export const eventKey = (e: ReactionEvent): string => `${reactionKey(e)}|${e.at}|${e.added ? 'a' : 'r'}`;

/** The parts of an event key, or undefined for a key paperboy did not write. */
export function parseEventKey(key: string): (ReactionEvent & { reaction: string }) | undefined {
  const parts = key.split('|');
  if (parts.length !== 7) return undefined;
  const [paperId, userId, channel, messageId, emoji, at, action] = parts as [string, string, string, string, string, string, string];
  const ms = Number(at);
  if (!Number.isSafeInteger(ms) || (action !== 'a' && action !== 'r')) return undefined;
  try {
    return {
      paperId: decodeURIComponent(paperId),
      userId: decodeURIComponent(userId),
      channel: decodeURIComponent(channel),
      messageId: decodeURIComponent(messageId),
      emoji: decodeURIComponent(emoji),
      at: ms,
      added: action === 'a',
      reaction: parts.slice(0, 5).join('|'),
    };
  } catch {
    return undefined;
  }
}
