import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, webApi, type BlockAction, type CustomRoute, type Receiver } from '@slack/bolt';
import type { CommandDeps } from '../../commands/deps.ts';
import { GENERIC_FAILURE } from '../../commands/dispatch.ts';
import { createPlatformStatus, type PlatformStatus } from '../../src/delivery/platform-status.ts';
import type { Logger } from '../../src/log.ts';
import type { Sender } from '../../src/model.ts';
import type { PostsRegistry } from '../../src/posts/posts.ts';
import type { Store } from '../../src/store/store.ts';
import { createTurns } from '../../src/turns.ts';
import { createSlackAdminCheck } from './admins.ts';
import { boltLogger } from './bolt-logger.ts';
import { capRequestBodies, MAX_SLACK_BODY_BYTES } from './body-limit.ts';
import type { HistoryLookupOptions } from './find-posted.ts';
import { createSlackSender, createStrictSlackClient } from './sender.ts';
import { slackErrorCode, TOKEN_ERRORS } from './slack-errors.ts';
import { answerPaperAction } from './paper-actions.ts';
import { handleSlashCommand } from './slash-command.ts';
import { voteFromReaction, type SlackReaction, type VoteSink } from './votes.ts';

/** The slash command and the events the app listens to; manifest.yml must declare the same (a test checks). */
export const SLACK_COMMAND = '/papers';
export const SLACK_BOT_EVENTS = ['reaction_added', 'reaction_removed'] as const;

/** Everything the Slack adapter needs; the transport is Socket Mode when `appToken` is set, else HTTP. */
export interface SlackAdapterOptions {
  botToken: string;
  /** `xapp-…`: Socket Mode, no public URL needed. */
  appToken?: string;
  /** Required in HTTP mode. */
  signingSecret?: string;
  apiUrl: string;
  adminUsers: readonly string[];
  adminCacheMs: number;
  /** HTTP mode: where `/slack/events` listens (0 = any free port). */
  port: number;
  host?: string;
  deps: CommandDeps;
  posts: PostsRegistry;
  store: Store;
  /** Reactions on the bot's paper messages go here; without it reactions are ignored. */
  votes?: VoteSink;
  log: Logger;
  now?: () => Date;
  /** How long a request of the delivery sender may take (default 10 s): a hung post ends and counts as `unknown`. */
  sendTimeoutMs?: number;
  /** Where platform-wide notes go (default: in `store`). */
  platformStatus?: Pick<PlatformStatus, 'note'>;
  /** How a retry after a lost answer reads the channel's history. */
  historyLookup?: Partial<HistoryLookupOptions>;
  /** HTTP mode: more routes served beside `/slack/events` on the same port (the health endpoints, HEALTH_PORT = PORT). */
  extraRoutes?: CustomRoute[];
  /** Test hooks: the Web API retry policy of Bolt's client, and the Socket Mode reconnect delay. */
  retryConfig?: webApi.RetryOptions;
  clientPingTimeout?: number;
}

export interface SlackAdapter {
  mode: 'socket' | 'http';
  /** HTTP mode: the bound port. */
  port?: number;
  teamId: string;
  botUserId: string;
  /** For the delivery queue: daily posts and DM alerts. */
  sender: Sender;
  app: App;
  /** Resolves once every command and reaction being handled has finished. */
  idle(): Promise<void>;
  /** Socket Mode: the socket is open; HTTP mode: the server listens (readiness). */
  connected(): boolean;
  stop(): Promise<void>;
}

/** Checks the bot token with auth.test before anything starts, so a bad token fails at once with a clear message. */
async function whoAmI(botToken: string, apiUrl: string, logger: webApi.Logger): Promise<{ teamId: string; botUserId: string; botId: string }> {
  try {
    const client = new webApi.WebClient(botToken, { slackApiUrl: apiUrl, retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 1000 }, logger });
    const me = await client.auth.test();
    return { teamId: me.team_id ?? '', botUserId: me.user_id ?? '', botId: me.bot_id ?? '' };
  } catch (err) {
    const code = slackErrorCode(err);
    if (code) throw new Error(`Slack rejected SLACK_BOT_TOKEN (auth.test: ${code}). Copy the Bot User OAuth Token (xoxb-…) of the installed app.`, { cause: err });
    throw new Error(`Could not reach Slack at ${apiUrl} (${(err as Error).message}).`, { cause: err });
  }
}

/** Socket Mode failing at start: when Slack refused the app-level token, say which variable to fix. */
function explainSocketFailure(err: unknown): never {
  const code = slackErrorCode(err);
  if (code && TOKEN_ERRORS.has(code))
    throw new Error(`Slack rejected SLACK_APP_TOKEN (apps.connections.open: ${code}). Create an app-level token with connections:write (Basic Information → App-Level Tokens).`, { cause: err });
  throw err;
}

/** Starts paperboy on Slack: `/papers`, reaction votes, and a Sender for the delivery queue. */
export async function startSlackAdapter(o: SlackAdapterOptions): Promise<SlackAdapter> {
  const log = o.log.child({ adapter: 'slack' });
  const logger = boltLogger(log.child({ component: 'bolt' }));
  const mode = o.appToken ? 'socket' : 'http';
  if (mode === 'http' && !o.signingSecret) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode).');
  const me = await whoAmI(o.botToken, o.apiUrl, logger);

  const receiver: Receiver = o.appToken
    ? new SocketModeReceiver({
        appToken: o.appToken,
        clientPingTimeout: o.clientPingTimeout,
        installerOptions: { clientOptions: { slackApiUrl: o.apiUrl } },
        logger,
      })
    : capRequestBodies(
        new HTTPReceiver({
          signingSecret: o.signingSecret!, endpoints: '/slack/events', processBeforeResponse: false, logger,
          ...(o.extraRoutes ? { customRoutes: o.extraRoutes } : {}),
        }),
        MAX_SLACK_BODY_BYTES,
        log,
      );
  const app = new App({
    token: o.botToken,
    botId: me.botId,
    botUserId: me.botUserId,
    tokenVerificationEnabled: false,
    receiver,
    deferInitialization: true,
    clientOptions: { slackApiUrl: o.apiUrl, retryConfig: o.retryConfig ?? webApi.retryPolicies.fiveRetriesInFiveMinutes, logger },
    logger,
  });
  await app.init();

  const inflight = new Set<Promise<unknown>>();
  /**
   * The adapter's one catch: a failing command or vote is logged with its error, never thrown into Bolt. A command that
   * failed after the ack (e.g. its public post was refused) also tells the caller privately, so it never goes silent.
   */
  const guard = async (what: string, fields: Record<string, unknown>, work: () => Promise<unknown>) => {
    const p = work().catch((err: unknown) => log.error({ err, ...fields }, `${what} failed`));
    inflight.add(p);
    await p.finally(() => inflight.delete(p));
  };

  const admins = createSlackAdminCheck({ client: app.client, adminUsers: o.adminUsers, ttlMs: o.adminCacheMs, log });
  const now = o.now ?? (() => new Date());
  // The ack goes first; the command's work waits for its turn behind any acknowledgement under way (src/turns.ts).
  const turns = o.deps.turns ?? createTurns();
  const deps = { ...o.deps, turns };
  app.command(SLACK_COMMAND, ({ command, ack, respond, client }) =>
    guard('slash command', { text: command.text, user: command.user_id }, async () => {
      await turns.acknowledge(() => ack());
      try {
        await handleSlashCommand({ deps, posts: o.posts, admins, log, now }, { command, respond, client });
      } catch (err) {
        await respond({ response_type: 'ephemeral', text: GENERIC_FAILURE }).catch(() => undefined);
        throw err;
      }
    }),
  );

  /** Posts that must not repeat (deliveries, details) go through a client that never retries by itself. */
  const strictClient = createStrictSlackClient(o.botToken, o.apiUrl, logger, { timeoutMs: o.sendTimeoutMs });
  app.action<BlockAction>({ type: 'block_actions', action_id: /^pb:/ }, ({ ack, body, respond, client }) =>
    guard('paper action', { user: body.user.id, action: body.actions[0]?.action_id }, async () => {
      await ack();
      try {
        await answerPaperAction({ body, respond, client, postClient: strictClient, deps: o.deps, teamId: me.teamId, now });
      } catch (err) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: GENERIC_FAILURE }).catch(() => undefined);
        throw err;
      }
    }),
  );

  const onReaction = async ({ event, body }: { event: SlackReaction; body: { team_id?: string; event_id?: string } }) => {
    const vote = voteFromReaction(event, { teamId: body.team_id ?? me.teamId, eventId: body.event_id }, me.botUserId);
    if (!vote || !o.votes) return;
    await guard('vote', { eventId: body.event_id }, async () => {
      const outcome = await o.votes!.handle(vote, { botUserId: me.botUserId });
      log.debug({ eventId: body.event_id, messageId: vote.messageId, user: vote.userId, emoji: vote.emoji, added: vote.added, outcome }, 'reaction handled');
    });
  };
  for (const name of SLACK_BOT_EVENTS) app.event(name, onReaction);
  app.error(async (err) => {
    log.error({ err }, 'Slack request failed');
  });

  const started = mode === 'http' ? await app.start({ port: o.port, host: o.host }) : await app.start().catch(explainSocketFailure);
  let connected = true;
  if (receiver instanceof SocketModeReceiver) {
    receiver.client.on('connected', () => (connected = true));
    for (const state of ['disconnected', 'reconnecting', 'disconnecting']) receiver.client.on(state, () => (connected = false));
  }
  const port = mode === 'http' ? ((started as { address(): AddressInfo }).address().port) : undefined;
  log.info({ mode, port, team: me.teamId }, 'Slack adapter started');

  const idle = async () => {
    while (inflight.size) await Promise.all([...inflight]);
  };
  const sender = createSlackSender({
    client: strictClient,
    posts: o.posts,
    store: o.store,
    log: log.child({ component: 'sender' }),
    platformStatus: o.platformStatus ?? createPlatformStatus(o.store),
    historyLookup: o.historyLookup,
  });
  return {
    mode,
    port,
    teamId: me.teamId,
    botUserId: me.botUserId,
    sender,
    app,
    idle,
    connected: () => connected,
    async stop() {
      connected = false;
      await app.stop();
      await idle();
    },
  };
}
