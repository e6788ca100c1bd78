import { createHash, randomUUID } from 'node:crypto';
import { Routes, type REST } from 'discord.js';
import type { Logger } from '../../src/log.ts';
import type { Destination, Reply, SendContext, SendOutcome, Sender } from '../../src/model.ts';
import { attempt } from './attempt.ts';
import type { Publisher } from './publish.ts';
import { renderReply } from './render.ts';
import { outcomeBeforePosting, outcomeOf } from './send-outcome.ts';

export { outcomeOf } from './send-outcome.ts';

/**
 * Discord returns the message already created when a create repeats the nonce of the bot's message in that channel
 * "in the past few minutes" (`enforce_nonce`); the nonce is derived from the queue's idempotency key and the part's
 * index, so a retry after an unknown outcome (any process) is deduplicated by Discord within that window (085).
 */
const nonceFor = (key: string | undefined, index: number) =>
  key ? createHash('sha256').update(`${key}#${index}`).digest('base64url').slice(0, 25) : randomUUID().replaceAll('-', '').slice(0, 25);

export interface DiscordSenderOptions {
  rest: REST;
  publisher: Publisher;
  log: Logger;
  /**
   * The bot token. After a 401 (on any request) `@discordjs/rest` drops its token and fails every later request
   * locally; the sender sets it again before each send, so the queue's probe reaches Discord and sending resumes by
   * itself once the 401s stop.
   */
  token?: string;
  now?: () => Date;
}

/** Thrown inside a send when `ctx.mayPost` says no: nothing more is posted. */
class Fenced extends Error {
  constructor(readonly part: number, readonly parts: number) {
    super(`the queue's claim or lease was lost before part ${part + 1} of ${parts} was posted`);
  }
}

/**
 * The delivery queue's Discord sender. A DM destination (`to.user`) opens the DM channel first. A long reply is sent
 * as several messages; the outcome's id is the first one's. Before each message create it asks the queue whether it
 * may still post (`ctx.mayPost`). Once every message is accepted the queue is told at once (`ctx.accepted`, its
 * ledger write); only then is each message showing papers recorded and, in a guild channel, given its vote
 * reactions, so a crash during those requests never posts the message twice. Neither can fail the send.
 */
export function createDiscordSender(opts: DiscordSenderOptions): Sender {
  const { rest, publisher } = opts;
  const now = opts.now ?? (() => new Date());

  async function channelOf(to: Destination): Promise<string> {
    if (!to.user) return to.channel;
    const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: to.user } })) as { id: string };
    return dm.id;
  }

  /** `posting` is true exactly while a message create is in flight: only then can a failure have posted something. */
  async function deliver(to: Destination, reply: Reply, ctx: SendContext | undefined, posting: { now: boolean }): Promise<string> {
    const channel = await channelOf(to);
    const offerVotes = !to.user && (reply.kind === 'digest' || reply.kind === 'paper') && reply.votable;
    const messages = renderReply(reply, { votable: offerVotes });
    const ids: string[] = [];
    for (const [n, m] of messages.entries()) {
      if (ctx?.mayPost && !(await ctx.mayPost())) throw new Fenced(n, messages.length);
      const body = {
        content: m.content ?? '', embeds: m.embeds, ...(m.components ? { components: m.components } : {}),
        allowed_mentions: { parse: [] }, nonce: nonceFor(ctx?.idempotencyKey, n), enforce_nonce: true,
      };
      posting.now = true;
      const sent = (await rest.post(Routes.channelMessages(channel), { body })) as { id: string };
      posting.now = false;
      ids.push(sent.id);
    }
    await ctx?.accepted?.(ids[0]!);
    const where = { ...to, channel };
    for (const [n, m] of messages.entries()) await publisher.published(where, ids[n]!, m, offerVotes, now());
    return ids[0]!;
  }

  return {
    platform: 'discord',
    async send(to, reply, ctx) {
      if (opts.token) rest.setToken(opts.token);
      const posting = { now: false };
      const sent = await attempt(() => deliver(to, reply, ctx, posting));
      if (sent.ok) return { ok: true, messageId: sent.value, recordedPosts: true };
      if (sent.error instanceof Fenced) {
        opts.log.warn({ to, part: sent.error.part }, 'Discord send stopped: the queue no longer holds this item');
        return { ok: false, fenced: sent.error.message };
      }
      const outcome: SendOutcome = posting.now ? outcomeOf(sent.error) : outcomeBeforePosting(sent.error);
      opts.log.warn({ err: sent.error, to, outcome }, 'Discord send failed');
      return outcome;
    },
  };
}
