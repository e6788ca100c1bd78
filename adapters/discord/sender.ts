import { createHash, randomUUID } from 'node:crypto';
import { DiscordAPIError, HTTPError, RateLimitError, Routes, type REST } from 'discord.js';
import type { Logger } from '../../src/log.ts';
import type { Destination, Reply, SendContext, SendOutcome, Sender } from '../../src/model.ts';
import { attempt } from './attempt.ts';
import type { Publisher } from './publish.ts';
import { renderReply } from './render.ts';

/**
 * Errors that will not go away for this destination: Missing Access (50001), Missing Permissions (50013), Unknown
 * Channel (10003), Unknown Guild (10004), Unknown User (10013), Cannot send messages to this user (50007).
 */
const PERMANENT_CODES = new Set([50001, 50013, 10003, 10004, 10013, 50007]);

/**
 * A Discord failure as a send outcome. 429s are normally waited out and retried inside discord.js already; a 5xx, a
 * timeout or a network error that outlived discord.js's own retries is transient (the queue backs off).
 */
export function outcomeOf(err: unknown): SendOutcome {
  if (err instanceof RateLimitError) return { ok: false, retryAfterMs: Math.max(err.retryAfter, err.timeToReset, 0), reason: 'rate limited' };
  if (err instanceof DiscordAPIError) {
    const what = `Discord ${err.status} ${err.code}: ${err.message}`;
    if ((typeof err.code === 'number' && PERMANENT_CODES.has(err.code)) || err.status === 403 || err.status === 404)
      return { ok: false, permanent: what };
    if (err.status === 400) return { ok: false, permanent: `the message was refused (${what})` };
    return { ok: false, transient: what };
  }
  if (err instanceof HTTPError) return { ok: false, transient: `Discord ${err.status}` };
  return { ok: false, transient: err instanceof Error ? err.message : String(err) };
}

/** Discord drops a second message with the same nonce from the same author within a few minutes (`enforce_nonce`). */
const nonceFor = (key: string | undefined, index: number) =>
  key ? createHash('sha256').update(`${key}#${index}`).digest('base64url').slice(0, 25) : randomUUID().replaceAll('-', '').slice(0, 25);

export interface DiscordSenderOptions {
  rest: REST;
  publisher: Publisher;
  log: Logger;
  now?: () => Date;
}

/**
 * The delivery queue's Discord sender. A DM destination (`to.user`) opens the DM channel first. A long reply is sent
 * as several messages; the outcome's id is the first one's. Each message showing papers is recorded, and in a guild
 * channel the vote reactions are added; neither can fail the send.
 */
export function createDiscordSender(opts: DiscordSenderOptions): Sender {
  const { rest, publisher } = opts;
  const now = opts.now ?? (() => new Date());

  async function channelOf(to: Destination): Promise<string> {
    if (!to.user) return to.channel;
    const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: to.user } })) as { id: string };
    return dm.id;
  }

  async function deliver(to: Destination, reply: Reply, ctx: SendContext | undefined): Promise<string> {
    const channel = await channelOf(to);
    const offerVotes = !to.user && (reply.kind === 'digest' || reply.kind === 'paper') && reply.votable;
    const messages = renderReply(reply, { votable: offerVotes });
    const ids: string[] = [];
    for (const [n, m] of messages.entries()) {
      const body = { content: m.content ?? '', embeds: m.embeds, allowed_mentions: { parse: [] }, nonce: nonceFor(ctx?.idempotencyKey, n), enforce_nonce: true };
      const sent = (await rest.post(Routes.channelMessages(channel), { body })) as { id: string };
      ids.push(sent.id);
    }
    const where = { ...to, channel };
    for (const [n, m] of messages.entries()) await publisher.published(where, ids[n]!, m, offerVotes, now());
    return ids[0]!;
  }

  return {
    platform: 'discord',
    async send(to, reply, ctx) {
      const sent = await attempt(() => deliver(to, reply, ctx));
      if (sent.ok) return { ok: true, messageId: sent.value, recordedPosts: true };
      const outcome = outcomeOf(sent.error);
      opts.log.warn({ err: sent.error, to, outcome }, 'Discord send failed');
      return outcome;
    },
  };
}
