import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Destination } from '../model.ts';
import type { Store } from '../store/store.ts';

/** The details of one paper of one bot message. */
export interface DetailsTarget {
  where: Destination;
  /** The bot message the action was pressed on. */
  messageId: string;
  paperId: string;
}

/** Where the details of a (message, paper) were posted: the thread (Discord thread id, Slack `thread_ts`) and the post. */
export interface DetailsRecord {
  threadId: string;
  postId: string;
  at: number;
}

export type DetailsOutcome =
  | { status: 'posted'; record: DetailsRecord }
  /** Posted before, by this or any instance: point to it, post nothing. */
  | { status: 'already'; record: DetailsRecord }
  /** Another press holds the claim and is posting right now (or its holder died; the claim lapses after `claimMs`). */
  | { status: 'in-progress' };

/**
 * Posts the details (creating the thread if need be). Call `mayPost()` right before the request that posts; false: post
 * nothing. `attempt.earlier` is true when an earlier press got as far as posting and left no record (it crashed or
 * paused between its post and its record, or its post failed): the post may be there already, so a poster that can
 * look (Slack: the thread's replies, by their metadata) looks first and returns what it finds.
 */
export type DetailsPoster = (
  mayPost: () => Promise<boolean>,
  attempt: { earlier: boolean },
) => Promise<{ threadId: string; postId: string } | undefined>;

export interface DetailsThreads {
  /** Posts the details of `target` once, ever: the first press posts, every other press (any instance, any time) gets the record. */
  open(target: DetailsTarget, post: DetailsPoster, now?: Date): Promise<DetailsOutcome>;
  find(target: DetailsTarget): Promise<DetailsRecord | undefined>;
}

const recordSchema = z.object({ threadId: z.string(), postId: z.string(), at: z.number() });
const attemptSchema = z.object({ at: z.number() });

/** Kept as long as the post records votes use: a year. */
const RECORD_TTL_MS = 366 * 86_400_000;
/** An attempt mark outlives any retry of a press that crashed mid-post by far. */
const ATTEMPT_TTL_MS = 7 * 86_400_000;
/** A claim lasts this long without renewal; a press after a crashed holder waits this out. */
export const DETAILS_CLAIM_MS = 30_000;
/** mayPost says no when less than this is left of the claim: the post must land while the claim holds. */
const POST_MARGIN_MS = 5_000;

export const detailsKey = (t: DetailsTarget): string =>
  `${t.where.platform}:${t.where.community}:${t.where.channel}:${t.messageId}:${t.paperId}`;

/**
 * The once-only record of details posts (docs/decisions/101). A press first reads the record; without one it takes a
 * fenced claim on the (message, paper) (one holder at a time, judged by the store's clock, docs/decisions/080), reads
 * again, marks the attempt, posts only while the claim still holds, and writes the record with an atomic add fenced by
 * the claim. Two concurrent presses, on one instance or two, post once; a press after a restart finds the record; a
 * press after a holder that posted and then died is told (`attempt.earlier`) to look for that post first.
 */
export function createDetailsThreads(store: Store, opts: { claimMs?: number; owner?: string } = {}): DetailsThreads {
  const records = store.collection('details-threads', recordSchema);
  const attempts = store.collection('details-attempts', attemptSchema);
  const claims = store.leases('details-claims');
  const claimMs = opts.claimMs ?? DETAILS_CLAIM_MS;
  const instance = opts.owner ?? randomUUID();
  return {
    find: (target) => records.get(detailsKey(target)),
    async open(target, post, now = new Date()) {
      const key = detailsKey(target);
      const known = await records.get(key);
      if (known) return { status: 'already', record: known };
      const fence = await claims.acquire(key, `${instance}:${randomUUID()}`, claimMs);
      if (!fence) return { status: 'in-progress' };
      try {
        const again = await records.get(key);
        if (again) return { status: 'already', record: again };
        const mayPost = async () => (await claims.remaining(fence)) > Math.min(POST_MARGIN_MS, claimMs / 2);
        // Marked before posting, never deleted on success (the record answers from then on): a later holder that
        // finds the mark knows a post may exist without a record.
        const earlier = !(await attempts.add(key, { at: now.getTime() }, ATTEMPT_TTL_MS));
        const posted = await post(mayPost, { earlier });
        if (!posted) return { status: 'in-progress' };
        const record: DetailsRecord = { ...posted, at: now.getTime() };
        const added = await records.addIfHolds(fence, key, record, RECORD_TTL_MS);
        if (added === 'fenced') await records.add(key, record, RECORD_TTL_MS);
        return { status: 'posted', record };
      } finally {
        await claims.release(fence).catch(() => false);
      }
    },
  };
}
