import { randomBytes } from 'node:crypto';
import type { Destination, Reply } from '../../src/model.ts';
import type { PostsRegistry } from '../../src/posts/posts.ts';
import { isVoteEmoji, neutralEmoji } from '../../src/votes/emoji.ts';
import type { Votes } from '../../src/votes/votes.ts';

/** What the console needs to turn typed reactions into votes, as a chat platform's reactions would be. */
export interface ConsoleVoting {
  posts: PostsRegistry;
  votes: Votes;
}

export const CONSOLE_WHERE: Destination = { platform: 'console', community: 'local', channel: 'terminal' };

const REACTION = /^(react|unreact)(?:\s+(m[0-9a-z]+-\d+))?\s+(\S+)(?:\s+as\s+(\S+))?$/i;
const REASONS: Record<string, string> = {
  'not-a-vote-emoji': 'that emoji is not a vote (use 1…10 on a list, up/down on a paper)',
  'unknown-message': 'no such message; votes go on lists and papers shown in this session',
  'no-such-paper': 'that list has fewer papers',
  'thumbs-on-digest': 'lists are voted with 1…10',
  'keycap-on-single': 'a single paper is voted with up/down',
};

/**
 * The console's stand-in for chat reactions. Each votable reply is recorded as a post with a message id such as
 * `mk3f9-2`; `react [message] <emoji> [as <user>]` and `unreact …` then become VoteEvents, exactly as an adapter sends
 * them. Without a message id the reaction goes on the last votable reply.
 */
export function createConsoleReactions(voting: ConsoleVoting, where: Destination = CONSOLE_WHERE) {
  const session = randomBytes(3).readUIntBE(0, 3).toString(36);
  let count = 0;
  let last: string | undefined;
  return {
    /** Records a votable reply as a post; returns the hint line to print under it. */
    async posted(reply: Reply, now: Date): Promise<string | undefined> {
      const ids = reply.kind === 'digest' ? reply.papers.map((r) => r.paper.id) : reply.kind === 'paper' ? [reply.paper.paper.id] : [];
      if (!('votable' in reply) || !reply.votable || ids.length === 0) return undefined;
      last = `m${session}-${++count}`;
      await voting.posts.record(where, last, ids, reply.kind === 'digest' ? 'digest' : 'single', now);
      const how = reply.kind === 'digest' ? `react ${last} <1-${Math.min(ids.length, 10)}>` : `react ${last} up|down`;
      return `(message ${last} · vote: ${how} [as <name>], undo with unreact)`;
    },
    /** The answer to a reaction line, or undefined when the line is not one. */
    async react(line: string, now: Date): Promise<string | undefined> {
      const m = REACTION.exec(line.trim());
      if (!m) return undefined;
      const messageId = m[2] ?? last;
      if (!messageId) return '⚠ Nothing to react to yet: show a list or a paper first.';
      const emoji = isVoteEmoji(m[3]!) ? m[3]! : neutralEmoji(m[3]!);
      const added = m[1]!.toLowerCase() === 'react';
      const userId = m[4] ?? 'console';
      const outcome = await voting.votes.handle({ where, messageId, userId, emoji, added, at: now });
      if (outcome.status === 'ignored') return `⚠ Not counted: ${REASONS[outcome.reason] ?? outcome.reason}.`;
      const net = (await voting.votes.netVotes(where.community, [outcome.paperId])).get(outcome.paperId) ?? 0;
      return `${added ? 'Vote recorded' : 'Vote removed'} for ${outcome.paperId} by ${userId}; community net now ${net > 0 ? '+' : ''}${net}.`;
    },
  };
}
