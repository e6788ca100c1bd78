import { z } from 'zod';
import type { Logger } from '../log.ts';
import type { VoteEvent } from '../model.ts';
import type { PostsRegistry } from '../posts/posts.ts';
import type { Store } from '../store/store.ts';
import { isVoteEmoji } from './emoji.ts';
import { eventKey, seenEventsNamespace, voteValueSchema, votesNamespace, type VoteValue } from './keys.ts';
import { interpretReaction, voteEventSchema, type IgnoreReason } from './rules.ts';
import { createTallyCache, type TallyCacheOptions } from './tally-cache.ts';
import type { Tally } from './tally.ts';
import { topOf, type Period, type TopEntry } from './top.ts';

/** What became of one vote event. */
export type VoteOutcome =
  | { status: 'applied'; paperId: string; value: 1 | -1; added: boolean }
  | { status: 'ignored'; reason: IgnoreReason };

/** Community votes: reactions in, trustworthy numbers out. One vote per user per paper per community. */
export interface Votes {
  /**
   * Applies one reaction event. Idempotent: the same event any number of times, in any order with the others, ends
   * in the same votes. Store failures are thrown for the adapter's one error handler; nothing half-written counts.
   */
  handle(event: VoteEvent, opts?: HandleOptions): Promise<VoteOutcome>;
  /** All-time net votes (up − down) for these papers in one community; 0 for papers nobody voted on. */
  netVotes(community: string, paperIds: readonly string[]): Promise<Map<string, number>>;
  /** The papers voted on in the rolling period ending at `now`, best first (see `topOf`). */
  top(community: string, period: Period, now: Date, limit?: number): Promise<TopEntry[]>;
  /** Rebuilds one community's tally from its vote keys alone, replacing any cached copy. */
  rebuild(community: string): Promise<Tally>;
}

export interface HandleOptions {
  /** The bot's own user id on this platform: its reactions (e.g. the keycaps it adds) never count. */
  botUserId?: string;
}

export interface VotesOptions {
  store: Store;
  posts: PostsRegistry;
  log: Logger;
  /** User ids whose reactions never count, e.g. the bots' ids when known at start-up. */
  botUserIds?: Iterable<string>;
  /** Keep each community's tally in memory, revalidated against the store on every read. Default true. */
  cache?: boolean;
  /**
   * A safety net: a cached tally older than this is rebuilt in the background (reads meanwhile use the cached tally,
   * caught up through the vote journal), for votes whose writer died before journaling them. Default 5 minutes.
   */
  maxCacheAgeMs?: number;
  /** Vote journal retention and catch-up limit (docs/decisions/096); the defaults suit production. */
  journal?: TallyCacheOptions['journal'];
  /** How long platform event ids are remembered to drop redeliveries. Default 7 days. */
  seenEventTtlMs?: number;
}

const seenSchema = z.object({ at: z.number() });

export function createVotes(opts: VotesOptions): Votes {
  const { store, posts } = opts;
  const bots = new Set(opts.botUserIds ?? []);
  const seenTtl = opts.seenEventTtlMs ?? 7 * 86_400_000;
  const tallies = createTallyCache({
    store,
    log: opts.log,
    enabled: opts.cache ?? true,
    maxAgeMs: opts.maxCacheAgeMs ?? 5 * 60_000,
    ...(opts.journal ? { journal: opts.journal } : {}),
  });
  const votesOf = (community: string) => store.collection(votesNamespace(community), voteValueSchema);
  const seenOf = (community: string) => store.collection(seenEventsNamespace(community), seenSchema);
  const ignored = (reason: IgnoreReason): VoteOutcome => ({ status: 'ignored', reason });

  return {
    async handle(event, handleOpts = {}) {
      if (!voteEventSchema.safeParse(event).success) return ignored('invalid-event');
      if (bots.has(event.userId) || handleOpts.botUserId === event.userId) return ignored('own-reaction');
      if (!isVoteEmoji(event.emoji)) return ignored('not-a-vote-emoji');
      const meaning = interpretReaction(event.emoji, await posts.find(event.where, event.messageId));
      if (!meaning.vote) return ignored(meaning.reason);
      const community = event.where.community;
      const at = event.at.getTime();
      const seen = seenOf(community);
      if (event.eventId && !(await seen.add(event.eventId, { at }, seenTtl))) return ignored('duplicate');
      const key = eventKey({
        paperId: meaning.paperId,
        userId: event.userId,
        channel: event.where.channel,
        messageId: event.messageId,
        emoji: event.emoji,
        at,
        added: event.added,
      });
      const value: VoteValue = { value: event.added ? meaning.value : 0, at };
      try {
        await votesOf(community).set(key, value);
      } catch (err) {
        if (event.eventId) await seen.delete(event.eventId).catch(() => false);
        throw err;
      }
      await tallies.wrote(community, key, value);
      return { status: 'applied', paperId: meaning.paperId, value: meaning.value, added: event.added };
    },

    async netVotes(community, paperIds) {
      const tally = await tallies.get(community);
      return new Map(paperIds.map((id) => [id, tally.papers.get(id)?.net ?? 0]));
    },

    async top(community, period, now, limit = 10) {
      return topOf(await tallies.get(community), period, now, limit);
    },

    rebuild: (community) => tallies.rebuild(community),
  };
}
