import { z } from 'zod';
import type { Destination } from '../model.ts';
import type { Store } from '../store/store.ts';

/** Which papers one of the bot's messages shows, in order, so a reaction on it can become a vote. */
export interface PostRecord {
  paperIds: string[];
  /** A digest is voted with keycaps 1..10; a single paper with 👍/👎. */
  kind: 'digest' | 'single';
  at: number;
}

export interface PostsRegistry {
  record(where: Destination, messageId: string, paperIds: readonly string[], kind: PostRecord['kind'], at?: Date): Promise<void>;
  find(where: Destination, messageId: string): Promise<PostRecord | undefined>;
}

const postSchema = z.object({ paperIds: z.array(z.string()), kind: z.enum(['digest', 'single']), at: z.number() });

const postKey = (where: Destination, messageId: string) => `${where.platform}:${where.community}:${where.channel}:${messageId}`;

/** Posts are kept for a year: long enough for any vote anyone will still cast. */
const POST_TTL_MS = 366 * 86_400_000;

export function createPostsRegistry(store: Store): PostsRegistry {
  const posts = store.collection('posts', postSchema);
  return {
    async record(where, messageId, paperIds, kind, at = new Date()) {
      await posts.set(postKey(where, messageId), { paperIds: [...paperIds], kind, at: at.getTime() }, POST_TTL_MS);
    },
    find: (where, messageId) => posts.get(postKey(where, messageId)),
  };
}
