/** One paper, normalised from whatever the Hugging Face API sent. */
export interface Paper {
  /** arXiv id, e.g. "2608.20335". */
  id: string;
  title: string;
  /** The abstract. */
  summary: string;
  aiSummary?: string;
  /** HF `ai_keywords`. */
  keywords: string[];
  authors: string[];
  /** HF upvotes at fetch time. */
  upvotes: number;
  comments: number;
  /** The day it is listed under, YYYY-MM-DD: the Daily Papers day (UTC), or for a paper only arXiv has shown, its arXiv announcement day. */
  day: string;
  /** Where paperboy has seen it; absent means `['hf']` (every paper stored before the arXiv source). */
  seenOn?: PaperSource[];
  /** arXiv categories, primary first, when known (e.g. `['cs.CL', 'cs.LG']`). */
  categories?: string[];
  /** How arXiv announced it, when arXiv's feed showed it. */
  announceType?: AnnounceType;
  /** arXiv's announcement day, YYYY-MM-DD (the date of the mailing, US Eastern), when known. */
  arxivDay?: string;
  organization?: string;
  githubRepo?: string;
  githubStars?: number;
  projectPage?: string;
  thumbnail?: string;
  links: { hf: string; arxiv: string; pdf: string };
}

/** A papers source: Hugging Face Daily Papers or arXiv's daily announcements. */
export type PaperSource = 'hf' | 'arxiv';

/** arXiv's `arxiv:announce_type`: new submissions, cross-lists, and revisions of either. */
export type AnnounceType = 'new' | 'cross' | 'replace' | 'replace-cross';

export type Platform = 'discord' | 'slack' | 'console';

/** Where a message goes or came from. `community` is a Discord guild or a Slack team. */
export interface Destination {
  platform: Platform;
  community: string;
  channel: string;
  /** Set for a direct message to this user. */
  user?: string;
}

/** A paper with the numbers the ranking used. */
export interface RankedPaper {
  paper: Paper;
  communityVotes: number;
  score: number;
  /** Why an alert matched, e.g. "diffusion in title". */
  why?: string[];
  /** The word shown before `why` (default "matched"; similar papers say "because"). */
  whyLabel?: string;
}

/** What a command answers. Adapters turn this into embeds, Block Kit or terminal text. */
export type Reply =
  | {
      kind: 'text';
      text: string;
      ephemeral?: boolean;
      /** Shown verbatim in a code block (e.g. a BibTeX entry to copy). */
      code?: boolean;
    }
  | {
      kind: 'digest';
      title: string;
      day: string;
      papers: RankedPaper[];
      /** A short line shown under the list, e.g. a stale-cache warning. */
      note?: string;
      ephemeral?: boolean;
      votable: boolean;
    }
  | { kind: 'paper'; paper: RankedPaper; votable: boolean; ephemeral?: boolean }
  | { kind: 'error'; message: string };

/** A reaction turned into a vote by an adapter. */
export interface VoteEvent {
  where: Destination;
  messageId: string;
  userId: string;
  /** Neutral emoji name: "1".."10" for keycaps, "up" or "down" for 👍/👎, or the raw name for anything else. */
  emoji: string;
  added: boolean;
  at: Date;
  /** The platform's own event id, when it has one, for deduplication. */
  eventId?: string;
}

/**
 * The answer of a platform sender:
 * - `retryAfterMs`: rate limited, try again after that delay;
 * - `transient`: refused for now and certainly not posted (an error answer, a connection that never opened): retried
 *   with backoff;
 * - `unknown`: the request may have been accepted (timed out, connection lost mid-request, a 5xx): retried with
 *   backoff, and the next attempt is told so (`SendContext.outcomeUnknown`) to look for it before posting again;
 * - `permanent`: this destination is closed (lost permission, unknown channel): it is marked failing, never retried;
 * - `tokenProblem`: the bot token itself cannot send (revoked, missing scope…): every destination would fail alike, so
 *   the platform's sending pauses (no destination is marked) and resumes by itself once a probe goes through;
 * - `refused`: the platform refused this message's content (a rendering bug shared by every destination): the payload
 *   is given up once, for every destination that would get it; no destination is marked;
 * - `fenced`: the queue's lease or claim was lost before posting (`SendContext.mayPost` said no); nothing was posted.
 * A sender that throws counts as `unknown`.
 */
export type SendOutcome =
  | { ok: true; messageId: string; /** The sender recorded the papers of every message it posted (split digests). */ recordedPosts?: boolean }
  | { ok: false; retryAfterMs: number; reason: string }
  | { ok: false; transient: string }
  | { ok: false; unknown: string }
  | { ok: false; permanent: string }
  | { ok: false; tokenProblem: string }
  | { ok: false; refused: string }
  | { ok: false; fenced: string };

/** What the delivery queue tells a sender about the message it hands over. */
export interface SendContext {
  /** Stable across retries and processes, e.g. `daily:discord:g1:c1:2026-08-20`; a platform nonce can be derived from it. */
  idempotencyKey: string;
  /** 1 for the first try. */
  attempt: number;
  /**
   * True when an earlier attempt (of any process) may have been accepted without the queue learning it (it timed out,
   * or its process paused or died mid-send). A sender whose platform has no idempotency key looks for the message
   * (e.g. by its metadata) before posting again.
   */
  outcomeUnknown?: boolean;
  /**
   * Call immediately before each request that posts (each part of a split message), and post only when it resolves
   * true. It re-checks at the store that this process still holds the item's claim and the platform's sender lease,
   * and that no pause since could have outlived them (docs/decisions/080). False: return `{ fenced }` at once.
   */
  mayPost?(): Promise<boolean>;
  /**
   * Call this as soon as the platform has accepted the whole message (every part), before any follow-up work such as
   * recording it or adding vote reactions: the queue writes its ledger entry here, so a crash during the follow-up
   * never sends the message again. Optional for senders (the queue records after `send` otherwise). It never throws:
   * a store error here is the queue's to handle, and the message counts as posted.
   */
  accepted?(messageId: string): Promise<void>;
}

/** What the delivery queue needs from a platform. One sender per platform (per bot token). */
export interface Sender {
  platform: Platform;
  send(to: Destination, reply: Reply, ctx?: SendContext): Promise<SendOutcome>;
}

export const destinationKey = (d: Destination): string =>
  d.user ? `${d.platform}:${d.community}:dm:${d.user}` : `${d.platform}:${d.community}:${d.channel}`;
