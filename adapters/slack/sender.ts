import { createHash } from 'node:crypto';
import { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { PlatformStatus } from '../../src/delivery/platform-status.ts';
import type { Logger } from '../../src/log.ts';
import { destinationKey, type Destination, type Reply, type SendContext, type Sender, type SendOutcome } from '../../src/model.ts';
import type { PostsRegistry } from '../../src/posts/posts.ts';
import type { Store } from '../../src/store/store.ts';
import { DEFAULT_HISTORY_LOOKUP, deliveryMetadata, findPostedParts, type HistoryLookupOptions } from './find-posted.ts';
import { afterPosted, PostFenced, postMessage, type PostContext } from './post.ts';
import { renderReply, type SlackMessage } from './render.ts';
import { classifySlackError, outcomeOf, type SlackFailure } from './slack-errors.ts';

type WebClient = webApi.WebClient;

export interface SlackSenderOptions {
  /** A client that never waits by itself: see `createStrictSlackClient`. */
  client: WebClient;
  posts: PostsRegistry;
  /** Keeps which parts of a multi-message reply already landed, so a retry never posts a part twice. */
  store: Store;
  log: Logger;
  /** Where "history scopes missing" is said for `channel show`; without it, only the log says so. */
  platformStatus?: Pick<PlatformStatus, 'note'>;
  /** How a retry after a lost answer reads the channel's history (default: a day, 5 pages of 200). */
  historyLookup?: Partial<HistoryLookupOptions>;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** A Slack request that has not answered by then is given up (and counts as `unknown` if it was a post). */
export const DEFAULT_SLACK_TIMEOUT_MS = 10_000;

/**
 * A WebClient for the delivery queue: rate limits throw (with `retryAfter`) instead of being waited out, nothing is
 * retried, so the queue alone decides when to try again (docs/decisions/042), and every request ends after
 * `timeoutMs` (docs/decisions/084).
 */
export function createStrictSlackClient(
  token: string,
  slackApiUrl: string,
  logger?: webApi.WebClientOptions['logger'],
  { timeoutMs = DEFAULT_SLACK_TIMEOUT_MS }: { timeoutMs?: number } = {},
): WebClient {
  return new webApi.WebClient(token, { slackApiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, timeout: timeoutMs, logger });
}

const progressSchema = z.array(z.string());
/** Parts of one reply are retried within minutes; an hour is plenty. */
const PROGRESS_TTL_MS = 3_600_000;
export const HISTORY_SCOPE_NOTE = 'Slack history scopes missing: a lost answer may be re-posted';

/**
 * The Slack `Sender` for daily posts and alerts. A destination with `user` is a DM (opened with conversations.open).
 * Every post carries its delivery key as message metadata; when the queue says an earlier attempt may have landed
 * (`ctx.outcomeUnknown`), the channel's recent history is read first and a part found there is not posted again.
 * `ctx.mayPost` is asked before each post. Once every part has landed the queue is told at once (`ctx.accepted`);
 * only then is each message that shows papers recorded for votes and given its voting reactions (also for the parts
 * that landed before a failure). Errors become outcomes (see slack-errors.ts and docs/decisions/084).
 */
export function createSlackSender(o: SlackSenderOptions): Sender {
  const progress = o.store.collection('slack-send-progress', progressSchema);
  const lookup = { ...DEFAULT_HISTORY_LOOKUP, ...o.historyLookup };
  const now = o.now ?? Date.now;
  const dms = new Map<string, string>();
  const ctx: PostContext = { client: o.client, posts: o.posts, log: o.log, sleep: o.sleep };
  /** Whether this process has said the history scopes are missing; undefined until a lookup has run. */
  let historyNoted: boolean | undefined;

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

  async function noteHistoryScope(missing: boolean, log: Logger): Promise<void> {
    if (historyNoted === missing) return;
    if (missing) log.warn('Slack history scopes missing: a post whose answer was lost is posted again (add channels:history, groups:history, im:history, mpim:history)');
    await o.platformStatus?.note('slack', 'history-scope', missing ? HISTORY_SCOPE_NOTE : undefined).catch((err: unknown) => log.warn({ err }, 'could not save a platform note'));
    historyNoted = missing;
  }

  /** The parts of `key` already in the channel (part number → ts), or undefined when the history cannot be read. */
  async function alreadyPosted(channel: string, key: string, wanted: Set<number>, log: Logger): Promise<Map<number, string> | undefined> {
    const found = await findPostedParts(o.client, channel, key, wanted, lookup, now());
    if (found.kind === 'unreadable') {
      if (found.reason === 'missing_scope') await noteHistoryScope(true, log);
      else log.warn({ reason: found.reason }, 'cannot read this channel’s history; a post whose answer was lost is posted again');
      return undefined;
    }
    await noteHistoryScope(false, log);
    if (!found.complete) log.warn({ pages: lookup.maxPages }, 'channel history not read to the end of the window; a part not found is posted again');
    if (found.parts.size > 0) log.info({ parts: [...found.parts.keys()] }, 'found posts whose answer was lost; not posting them again');
    return found.parts;
  }

  return {
    platform: 'slack',
    async send(to: Destination, reply: Reply, sendCtx?: SendContext): Promise<SendOutcome> {
      if (to.platform !== 'slack') return { ok: false, permanent: `not a Slack destination (${to.platform})` };
      const log = o.log.child({ to: destinationKey(to) });
      const messages = renderReply(reply.kind === 'error' ? reply : { ...reply, ephemeral: false });
      const content = createHash('sha256').update(destinationKey(to)).update(JSON.stringify(messages)).digest('hex');
      const key = sendCtx ? `${sendCtx.idempotencyKey}|${content.slice(0, 16)}` : content;
      const landed: Array<{ where: Destination; ts: string; m: SlackMessage }> = [];
      const followUp = async () => {
        for (const { where, ts, m } of landed.splice(0)) await afterPosted({ ...ctx, log }, where, ts, m);
      };
      /** While a chat.postMessage is in flight; a failure anywhere else certainly posted nothing. */
      let posting = false;
      const mayPost = async () => {
        posting = false;
        posting = sendCtx?.mayPost ? await sendCtx.mayPost() : true;
        return posting;
      };
      /** A part landed but its progress could not be saved: only a history lookup would find it again. */
      let unsaved = false;
      let lookingUp = false;
      try {
        const channel = await channelFor(to);
        const where: Destination = { platform: 'slack', community: to.community, channel };
        const done = (await progress.get(key)) ?? [];
        const left = new Set(messages.map((_, i) => i + 1).slice(done.length));
        lookingUp = true;
        const found = sendCtx?.outcomeUnknown && left.size > 0 ? await alreadyPosted(channel, sendCtx.idempotencyKey, left, log) : undefined;
        lookingUp = false;
        for (const part of left) {
          const m = messages[part - 1]!;
          let ts = found?.get(part);
          if (ts === undefined) {
            const metadata = sendCtx ? deliveryMetadata(sendCtx.idempotencyKey, part) : undefined;
            ts = await postMessage(o.client, channel, m, { metadata, mayPost });
            posting = false;
          }
          done.push(ts);
          landed.push({ where, ts, m });
          if (messages.length > 1)
            await progress.set(key, done, PROGRESS_TTL_MS).catch((err: unknown) => {
              unsaved = true;
              log.warn({ err }, 'could not save which parts landed');
            });
        }
        try {
          await sendCtx?.accepted?.(done[0] ?? '');
        } catch (err) {
          log.error({ err }, 'the queue could not take the posted message in; reporting it posted anyway');
        }
        await followUp();
        return { ok: true, messageId: done[0] ?? '', recordedPosts: true };
      } catch (err) {
        await followUp();
        if (err instanceof PostFenced) {
          log.warn('lost the claim before posting; stopped');
          return { ok: false, fenced: 'lost the claim before posting' };
        }
        const failure = settle(classifySlackError(err), { posting, lookingUp, unsaved, wasUnknown: sendCtx?.outcomeUnknown === true });
        logFailure(log, failure);
        return outcomeOf(failure);
      }
    },
  };
}

/**
 * What a failure means for this attempt as a whole: "may have landed" only while a post was in flight (or a part
 * landed unsaved), and it stays so after an earlier unknown attempt, a failed history lookup included, until a
 * retry settles it.
 */
function settle(f: SlackFailure, at: { posting: boolean; lookingUp: boolean; unsaved: boolean; wasUnknown: boolean }): SlackFailure {
  if (f.kind === 'unknown' && !at.posting && !at.lookingUp && !at.unsaved && !at.wasUnknown) return { kind: 'transient', reason: f.reason };
  if (f.kind === 'transient' && (at.unsaved || at.wasUnknown)) return { kind: 'unknown', reason: f.reason };
  if (f.kind === 'rate-limited' && at.lookingUp) return { kind: 'unknown', reason: 'history lookup rate limited' };
  return f;
}

function logFailure(log: Logger, f: SlackFailure): void {
  if (f.kind === 'permanent') log.warn({ reason: f.reason }, 'Slack destination closed');
  else if (f.kind === 'token') log.error({ reason: f.reason }, 'Slack refused the bot token; sending on Slack must wait until it is fixed');
  else if (f.kind === 'refused') log.error({ reason: f.reason }, 'Slack refused this message');
  else if (f.kind === 'unknown') log.warn({ reason: f.reason }, 'Slack send may have landed; will look before retrying');
  else if (f.kind === 'transient') log.warn({ reason: f.reason }, 'Slack send failed; will retry');
}
