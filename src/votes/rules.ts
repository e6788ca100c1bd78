import { z } from 'zod';
import type { VoteEvent } from '../model.ts';
import type { PostRecord } from '../posts/posts.ts';
import { isVoteEmoji, keycapNumber } from './emoji.ts';

/** Why an event did not change any vote. */
export type IgnoreReason =
  | 'invalid-event'
  | 'own-reaction'
  | 'not-a-vote-emoji'
  | 'unknown-message'
  | 'no-such-paper'
  | 'thumbs-on-digest'
  | 'keycap-on-single'
  | 'duplicate';

/** What one reaction means for the post it is on. */
export type Interpretation = { vote: true; paperId: string; value: 1 | -1 } | { vote: false; reason: IgnoreReason };

/**
 * The voting rules, as a pure function of the emoji and the post it is on:
 * - digest: keycap n is +1 for paper n; a keycap past the end of the digest, and 👍/👎, are ignored;
 * - single paper: 👍 is +1 and 👎 is −1; keycaps are ignored;
 * - anything but "1".."10", "up" and "down" is ignored, and so is a message the bot has no record of.
 */
export function interpretReaction(emoji: string, post: PostRecord | undefined): Interpretation {
  if (!isVoteEmoji(emoji)) return { vote: false, reason: 'not-a-vote-emoji' };
  if (!post) return { vote: false, reason: 'unknown-message' };
  const n = keycapNumber(emoji);
  if (post.kind === 'digest') {
    if (n === undefined) return { vote: false, reason: 'thumbs-on-digest' };
    const paperId = post.paperIds[n - 1];
    return paperId === undefined ? { vote: false, reason: 'no-such-paper' } : { vote: true, paperId, value: 1 };
  }
  if (n !== undefined) return { vote: false, reason: 'keycap-on-single' };
  const paperId = post.paperIds[0];
  if (paperId === undefined) return { vote: false, reason: 'no-such-paper' };
  return { vote: true, paperId, value: emoji === 'down' ? -1 : 1 };
}

const nonEmpty = z.string().trim().min(1).max(200);

/** A VoteEvent as adapters must send it; anything else is ignored as 'invalid-event' rather than stored. */
export const voteEventSchema = z.object({
  where: z.object({
    platform: z.enum(['discord', 'slack', 'console']),
    community: nonEmpty,
    channel: nonEmpty,
    user: z.string().optional(),
  }),
  messageId: nonEmpty,
  userId: nonEmpty,
  emoji: z.string().max(200),
  added: z.boolean(),
  at: z.date().refine((d) => !Number.isNaN(d.getTime()), 'at must be a valid time'),
  eventId: z.string().min(1).max(200).optional(),
});

export const isValidVoteEvent = (e: VoteEvent): boolean => voteEventSchema.safeParse(e).success;
