import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/log.ts';
import type { Destination } from '../../src/model.ts';
import type { PostsRegistry } from '../../src/posts/posts.ts';
import { KEYCAP_NUMBERS, slackEmojiName, slackKeycapName } from '../../src/votes/emoji.ts';
import { classifySlackError, CONTENT_ERRORS, slackErrorCode } from './slack-errors.ts';
import type { SlackMessage } from './render.ts';

type WebClient = webApi.WebClient;

/** What posting needs: a client, the registry of the bot's paper messages, a logger, and a clock for short waits. */
export interface PostContext {
  client: WebClient;
  posts: PostsRegistry;
  log: Logger;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Blocks without image accessories: the fallback when Slack could not fetch a thumbnail. */
const withoutImages = (m: SlackMessage): SlackMessage['blocks'] =>
  m.blocks.map((b) => (b.type === 'section' && b.accessory?.type === 'image' ? { ...b, accessory: undefined } : b));

/** Thrown by `postMessage` when `mayPost` said no: nothing was posted. */
export class PostFenced extends Error {
  constructor() {
    super('lost the claim before posting');
  }
}

/** What `postMessage` attaches and checks besides the message. */
export interface PostOptions {
  /** Slack message metadata, e.g. the delivery key that lets a retry find a post whose answer was lost. */
  metadata?: { event_type: string; event_payload: Record<string, string | number | boolean> };
  /** Asked immediately before each chat.postMessage request; false → `PostFenced` is thrown instead of posting. */
  mayPost?: () => Promise<boolean>;
}

/**
 * Posts one message publicly and returns its ts. Link unfurling is off. If Slack refuses the blocks and the message
 * has thumbnails (Slack answers invalid_blocks when it cannot download one), it is sent once more without them.
 */
export async function postMessage(client: WebClient, channel: string, m: SlackMessage, o: PostOptions = {}): Promise<string> {
  const send = async (blocks: SlackMessage['blocks']) => {
    if (o.mayPost && !(await o.mayPost())) throw new PostFenced();
    const res = await client.chat.postMessage({
      channel, text: m.text, blocks, unfurl_links: false, unfurl_media: false, ...(o.metadata ? { metadata: o.metadata } : {}),
    });
    return res.ts ?? '';
  };
  try {
    return await send(m.blocks);
  } catch (err) {
    const code = slackErrorCode(err);
    const hasImages = m.blocks.some((b) => b.type === 'section' && b.accessory?.type === 'image');
    if (!code || !CONTENT_ERRORS.has(code) || !hasImages) throw err;
    return send(withoutImages(m));
  }
}

/** Reactions that make voting one click: keycaps 1..n on a digest, 👍 on a single paper. */
export const voteReactionsFor = (m: SlackMessage): string[] =>
  m.kind === 'digest'
    ? KEYCAP_NUMBERS.slice(0, m.paperIds.length).map(slackKeycapName)
    : m.kind === 'single'
      ? [slackEmojiName('up')]
      : [];

/**
 * After a message with papers landed: records it (so reactions on it become votes), then adds the voting reactions.
 * Never throws: the message is out, and failing here would make a caller send it again.
 */
export async function afterPosted(ctx: PostContext, where: Destination, ts: string, m: SlackMessage): Promise<void> {
  if (!m.kind || !ts) return;
  const log = ctx.log.child({ channel: where.channel, ts });
  try {
    await ctx.posts.record(where, ts, m.paperIds, m.kind);
  } catch (err) {
    log.error({ err }, 'could not record a posted message; reactions on it will not count');
    return;
  }
  for (const name of voteReactionsFor(m)) {
    const ok = await addReaction(ctx, where.channel, ts, name);
    if (!ok) {
      log.warn({ reaction: name }, 'could not add the voting reactions');
      return;
    }
  }
}

/** reactions.add with one bounded wait on a rate limit; true when the reaction is there. */
async function addReaction(ctx: PostContext, channel: string, ts: string, name: string): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await ctx.client.reactions.add({ channel, timestamp: ts, name });
      return true;
    } catch (err) {
      if (slackErrorCode(err) === 'already_reacted') return true;
      const failure = classifySlackError(err);
      if (attempt > 0 || failure.kind !== 'rate-limited' || failure.retryAfterMs > 5_000) return false;
      await (ctx.sleep ?? defaultSleep)(failure.retryAfterMs);
    }
  }
  return false;
}
