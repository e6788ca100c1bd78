import { silentLogger } from '../../src/log.ts';
import type { Destination, VoteEvent } from '../../src/model.ts';
import { createPostsRegistry, type PostsRegistry } from '../../src/posts/posts.ts';
import type { Store } from '../../src/store/store.ts';
import { createVotes, type Votes, type VotesOptions } from '../../src/votes/votes.ts';

export const T0 = Date.parse('2026-08-20T12:00:00Z');
export const at = (seconds: number) => new Date(T0 + seconds * 1000);
export const where = (community = 'g1', channel = 'c1'): Destination => ({ platform: 'discord', community, channel });

/** A vote event on message `messageId` in channel c1 of community g1, `seconds` after T0. */
export function reaction(
  messageId: string,
  userId: string,
  emoji: string,
  added: boolean,
  seconds: number,
  extra: Partial<VoteEvent> = {},
): VoteEvent {
  return { where: where(), messageId, userId, emoji, added, at: at(seconds), ...extra };
}

export const add = (messageId: string, userId: string, emoji: string, seconds = 0, extra: Partial<VoteEvent> = {}) =>
  reaction(messageId, userId, emoji, true, seconds, extra);
export const remove = (messageId: string, userId: string, emoji: string, seconds = 1, extra: Partial<VoteEvent> = {}) =>
  reaction(messageId, userId, emoji, false, seconds, extra);

export interface VotesWorld {
  votes: Votes;
  posts: PostsRegistry;
}

/** Votes over a real store, with the bot's own id set as an adapter would pass it. */
export function votesOn(store: Store, opts: Partial<VotesOptions> = {}): VotesWorld {
  const posts = createPostsRegistry(store);
  return { posts, votes: createVotes({ store, posts, log: silentLogger(), ...opts }) };
}

/** The net votes of these papers as a plain object, leaving out zeros. */
export async function nets(votes: Votes, paperIds: readonly string[], community = 'g1'): Promise<Record<string, number>> {
  const m = await votes.netVotes(community, paperIds);
  return Object.fromEntries([...m].filter(([, n]) => n !== 0));
}
