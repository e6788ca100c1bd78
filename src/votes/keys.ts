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
 * One batch of the vote journal (docs/decisions/096): the vote keys one instance stored, in the order it journaled them,
 * under `<instance>.<seq>` in `votes-journal:<community>`. Other instances apply batches to their cached tallies instead
 * of rescanning every vote key.
 */
export const journalBatchSchema = z.object({ votes: z.array(z.tuple([z.string(), voteValueSchema])) });
export type JournalBatch = z.infer<typeof journalBatchSchema>;
/** An instance's latest published batch, `<instance>` → `{seq}` in `votes-heads:<community>`. */
export const journalHeadSchema = z.object({ seq: z.number().int().nonnegative(), at: z.number() });
export const batchKey = (instance: string, seq: number) => `${instance}.${seq}`;

/** `votes:<community>`: one namespace per community, so a tally lists only its own keys. */
export const votesNamespace = (community: string) => `votes:${community}`;
export const seenEventsNamespace = (community: string) => `vote-events:${community}`;
export const journalNamespace = (community: string) => `votes-journal:${community}`;
export const headsNamespace = (community: string) => `votes-heads:${community}`;

const enc = encodeURIComponent;

/** The key of the reaction an event belongs to, without time and action: `paper|user|channel|message|emoji`. */
export const reactionKey = (e: Omit<ReactionEvent, 'at' | 'added'>): string =>
  `${enc(e.paperId)}|${enc(e.userId)}|${enc(e.channel)}|${enc(e.messageId)}|${enc(e.emoji)}`;

/** `paper|user|channel|message|emoji|atMs|a` (added) or `…|r` (removed). */
export const eventKey = (e: ReactionEvent): string => `${reactionKey(e)}|${e.at}|${e.added ? 'a' : 'r'}`;

/** What the tally needs from an event key, without decoding more than the paper id. */
export interface EventKeyParts {
  paperId: string;
  /** `paper|user`, still encoded: one vote per pair. */
  pair: string;
  /** `paper|user|channel|message|emoji`, still encoded. */
  reaction: string;
  at: number;
  added: boolean;
}

/** Splits an event key, or undefined for a key paperboy did not write. */
export function splitEventKey(key: string): EventKeyParts | undefined {
  const bars: number[] = [];
  for (let i = key.indexOf('|'); i !== -1 && bars.length <= 6; i = key.indexOf('|', i + 1)) bars.push(i);
  if (bars.length !== 6) return undefined;
  const [b0, b1, , , b4, b5] = bars as [number, number, number, number, number, number];
  const at = Number(key.slice(b4 + 1, b5));
  const action = key.slice(b5 + 1);
  if (!Number.isSafeInteger(at) || (action !== 'a' && action !== 'r') || b0 === 0) return undefined;
  const rawPaper = key.slice(0, b0);
  let paperId = rawPaper;
  if (rawPaper.includes('%')) {
    try {
      paperId = decodeURIComponent(rawPaper);
    } catch {
      return undefined;
    }
  }
  return { paperId, pair: key.slice(0, b1), reaction: key.slice(0, b4), at, added: action === 'a' };
}
