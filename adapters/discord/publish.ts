import { Routes, type REST } from 'discord.js';
import type { Logger } from '../../src/log.ts';
import type { Destination } from '../../src/model.ts';
import type { PostsRegistry } from '../../src/posts/posts.ts';
import { keycapEmoji, unicodeEmoji } from '../../src/votes/emoji.ts';
import { attempt } from './attempt.ts';
import type { DiscordMessage } from './render.ts';

/** What happens after one of the bot's messages showing papers is out. */
export interface Publisher {
  /**
   * Records which papers the message shows (so a reaction on it becomes a vote), then adds the vote reactions when
   * `offerVotes`: keycaps 1️⃣… on a digest, 👍 and 👎 on a single paper. Never fails: the message is already sent.
   */
  published(where: Destination, messageId: string, message: DiscordMessage, offerVotes: boolean, at: Date): Promise<void>;
}

/** The reactions the bot adds so that voting on `message` is one click. */
export function voteReactions(message: DiscordMessage): string[] {
  if (!message.papers) return [];
  if (message.papers.kind === 'single') return [unicodeEmoji('up'), unicodeEmoji('down')];
  return message.papers.paperIds.map((_, i) => keycapEmoji(i + 1));
}

export function createPublisher(opts: { rest: REST; posts: PostsRegistry; log: Logger }): Publisher {
  const { rest, posts, log } = opts;
  return {
    async published(where, messageId, message, offerVotes, at) {
      if (!message.papers) return;
      const recorded = await attempt(() => posts.record(where, messageId, message.papers!.paperIds, message.papers!.kind, at));
      if (!recorded.ok) return log.error({ err: recorded.error, messageId }, 'could not record a post; votes on it will be ignored');
      if (!offerVotes) return;
      for (const emoji of voteReactions(message)) {
        const route = Routes.channelMessageOwnReaction(where.channel, messageId, encodeURIComponent(emoji));
        const added = await attempt(() => rest.put(route));
        if (!added.ok) return log.warn({ err: added.error, messageId, emoji }, 'could not add the vote reactions');
      }
    },
  };
}
