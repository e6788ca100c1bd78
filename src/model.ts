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
  /** The Daily Papers day, YYYY-MM-DD (UTC). */
  day: string;
  organization?: string;
  githubRepo?: string;
  githubStars?: number;
  projectPage?: string;
  thumbnail?: string;
  links: { hf: string; arxiv: string; pdf: string };
}

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
}

/** What a command answers. Adapters turn this into embeds, Block Kit or terminal text. */
export type Reply =
  | { kind: 'text'; text: string; ephemeral?: boolean }
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
 * The answer of a platform sender. `retryAfterMs`: rate limited, try again after that delay. `transient`: a 5xx or a
 * network error, retried with backoff (a sender that throws counts as transient). `permanent`: lost permission, unknown
 * channel, …: the destination is marked failing and never retried.
 */
export type SendOutcome =
  | { ok: true; messageId: string; /** The sender recorded the papers of every message it posted (split digests). */ recordedPosts?: boolean }
  | { ok: false; retryAfterMs: number; reason: string }
  | { ok: false; transient: string }
  | { ok: false; permanent: string };

/** What the delivery queue tells a sender about the message it hands over. */
export interface SendContext {
  /** Stable across retries and processes, e.g. `daily:discord:g1:c1:2026-08-20`; a platform nonce can be derived from it. */
  idempotencyKey: string;
  /** 1 for the first try. */
  attempt: number;
}

/** What the delivery queue needs from a platform. One sender per platform (per bot token). */
export interface Sender {
  platform: Platform;
  send(to: Destination, reply: Reply, ctx?: SendContext): Promise<SendOutcome>;
}

export const destinationKey = (d: Destination): string =>
  d.user ? `${d.platform}:${d.community}:dm:${d.user}` : `${d.platform}:${d.community}:${d.channel}`;
