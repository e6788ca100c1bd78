import { createHash } from 'node:crypto';
import { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../src/log.ts';
import { destinationKey, type Destination, type Reply, type SendContext, type Sender, type SendOutcome } from '../../src/model.ts';
import type { PostsRegistry } from '../../src/posts/posts.ts';
import type { Store } from '../../src/store/store.ts';
import { afterPosted, postMessage, type PostContext } from './post.ts';
import { renderReply } from './render.ts';
import { classifySlackError, outcomeOf } from './slack-errors.ts';

type WebClient = webApi.WebClient;

export interface SlackSenderOptions {
  /** A client that never waits by itself: see `createStrictSlackClient`. */
  client: WebClient;
  posts: PostsRegistry;
  /** Keeps which parts of a multi-message reply already landed, so a retry never posts a part twice. */
  store: Store;
  log: Logger;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A WebClient for the delivery queue: rate limits throw (with `retryAfter`) instead of being waited out, and nothing
 * is retried, so the queue alone decides when to try again (docs/decisions/042).
 */
export function createStrictSlackClient(token: string, slackApiUrl: string, logger?: webApi.WebClientOptions['logger']): WebClient {
  return new webApi.WebClient(token, { slackApiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, logger });
}

const progressSchema = z.array(z.string());
/** Parts of one reply are retried within minutes; an hour is plenty. */
const PROGRESS_TTL_MS = 3_600_000;

/**
 * The Slack `Sender` for daily posts and alerts. A destination with `user` is a DM (opened with conversations.open).
 * Each message that shows papers is recorded for votes and gets its voting reactions. Errors become outcomes:
 * a rate limit → `retryAfterMs` from Retry-After; a closed destination → `permanent`; a bad token → `retryAfterMs`
 * of 10 minutes; anything else → `transient` (the queue's backoff).
 */
export function createSlackSender(o: SlackSenderOptions): Sender {
  const progress = o.store.collection('slack-send-progress', progressSchema);
  const dms = new Map<string, string>();
  const ctx: PostContext = { client: o.client, posts: o.posts, log: o.log, sleep: o.sleep };

  async function channelFor(to: Destination): Promise<string> {
    if (!to.user) return to.channel;
    const known = dms.get(`${to.community}:${to.user}`);
    if (known) return known;
    const res = await o.client.conversations.open({ users: to.user });
    const id = res.channel?.id;
    if (!id) throw Object.assign(new Error('conversations.open gave no channel'), { data: { error: 'channel_not_found' } });
    dms.set(`${to.community}:${to.user}`, id);
    return id;
  }

  return {
    platform: 'slack',
    async send(to: Destination, reply: Reply, sendCtx?: SendContext): Promise<SendOutcome> {
      if (to.platform !== 'slack') return { ok: false, permanent: `not a Slack destination (${to.platform})` };
      const log = o.log.child({ to: destinationKey(to) });
      const messages = renderReply(reply.kind === 'error' ? reply : { ...reply, ephemeral: false });
      const content = createHash('sha256').update(destinationKey(to)).update(JSON.stringify(messages)).digest('hex');
      const key = sendCtx ? `${sendCtx.idempotencyKey}|${content.slice(0, 16)}` : content;
      try {
        const channel = await channelFor(to);
        const where: Destination = { platform: 'slack', community: to.community, channel };
        const done = (await progress.get(key)) ?? [];
        for (const m of messages.slice(done.length)) {
          const ts = await postMessage(o.client, channel, m);
          done.push(ts);
          if (messages.length > 1) await progress.set(key, done, PROGRESS_TTL_MS);
          await afterPosted({ ...ctx, log }, where, ts, m);
        }
        return { ok: true, messageId: done[0] ?? '', recordedPosts: true };
      } catch (err) {
        const failure = classifySlackError(err);
        if (failure.kind === 'permanent') log.warn({ reason: failure.reason }, 'Slack destination closed');
        else if (failure.kind === 'transient') log.warn({ reason: failure.reason }, 'Slack send failed; will retry');
        return outcomeOf(failure);
      }
    },
  };
}
