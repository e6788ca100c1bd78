import { once } from 'node:events';
import {
  Client, Events, GatewayIntentBits, Options, Partials, Status,
  type ClientOptions, type Interaction, type MessageReaction, type PartialMessageReaction, type PartialUser, type User,
} from 'discord.js';
import type { CommandDeps } from '../../commands/deps.ts';
import { allCommands } from '../../commands/registry.ts';
import type { Logger } from '../../src/log.ts';
import type { Sender } from '../../src/model.ts';
import type { PostsRegistry } from '../../src/posts/posts.ts';
import { createTurns } from '../../src/turns.ts';
import { attempt } from './attempt.ts';
import { ROOT_COMMAND, buildCommandTree } from './command-tree.ts';
import { createInteractionReplies } from './interaction-replies.ts';
import { answerAutocomplete, answerCommand, answeredElsewhere, reportFailure, type InteractionContext } from './interactions.ts';
import { isActionId } from '../../src/actions/paper-actions.ts';
import { answerPaperAction } from './paper-actions.ts';
import { createPublisher } from './publish.ts';
import { toVoteEvent, type VoteSink } from './reactions.ts';
import { registerCommands, type RegisterResult } from './register.ts';
import { createDiscordSender } from './sender.ts';

export interface DiscordAdapterOptions {
  token: string;
  /** REST base, e.g. `https://discord.com/api` (DISCORD_API_URL). */
  apiUrl: string;
  deps: CommandDeps;
  posts: PostsRegistry;
  votes: VoteSink;
  log: Logger;
  now?: () => Date;
  /** Register the `/papers` tree once logged in, writing only when it changed (guild when `guildId` is set). */
  registerOnStart?: { guildId?: string };
  /** Extra discord.js options (e.g. `shards`). */
  clientOptions?: Partial<ClientOptions>;
  /**
   * How long one REST request may take before discord.js aborts it (and retries it, `rest.retries` times): its
   * `rest.timeout`, default 15 s (DISCORD_REST_TIMEOUT_MS). A create that timed out may still have been posted.
   */
  restTimeoutMs?: number;
}

export interface DiscordAdapter {
  client: Client<true>;
  /** For the delivery queue: daily posts and DM alerts. */
  sender: Sender;
  /** Set when `registerOnStart` was given. */
  registered?: RegisterResult;
  /** True while every gateway shard of this process is connected and ready (readiness). */
  connected(): boolean;
  stop(): Promise<void>;
}

/**
 * A discord.js client with what paperboy needs and no privileged intent. `Partials.User` matters: a reaction removal
 * carries no member, and without it discord.js drops removals by users it has not cached.
 */
export function createDiscordClient(apiUrl: string, extra: Partial<ClientOptions> = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions, GatewayIntentBits.DirectMessages],
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    // Votes need only the ids of a reacted message, which arrive as partials; caching messages would only cost memory.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    ...extra,
    rest: { ...extra.rest, api: apiUrl },
  });
}

/** Logs into the gateway and translates: slash commands to invocations, reactions to votes, replies to messages. */
export async function startDiscordAdapter(opts: DiscordAdapterOptions): Promise<DiscordAdapter> {
  const { log, votes } = opts;
  const now = opts.now ?? (() => new Date());
  const extra = opts.clientOptions ?? {};
  const timeout = opts.restTimeoutMs !== undefined ? { timeout: opts.restTimeoutMs } : {};
  const client = createDiscordClient(opts.apiUrl, { ...extra, rest: { ...timeout, ...extra.rest } });
  const publisher = createPublisher({ rest: client.rest, posts: opts.posts, log });
  const replies = createInteractionReplies(client.rest);
  const turns = opts.deps.turns ?? createTurns();
  const ctx: InteractionContext = { deps: { ...opts.deps, turns }, publisher, replies, log: log.child({ component: 'commands' }), now, turns };

  const route = async (i: Interaction): Promise<void> => {
    if (i.isChatInputCommand() && i.commandName === ROOT_COMMAND) await answerCommand(i, ctx);
    else if (i.isAutocomplete() && i.commandName === ROOT_COMMAND) await answerAutocomplete(i, ctx);
    else if ((i.isButton() || i.isStringSelectMenu()) && isActionId(i.customId)) await answerPaperAction(i, ctx);
  };

  async function onInteraction(i: Interaction): Promise<void> {
    const handled = await attempt(() => route(i));
    if (handled.ok) return;
    if (answeredElsewhere(i, handled.error)) return log.debug({ interaction: i.id }, 'interaction answered by another instance');
    log.error({ err: handled.error, interaction: i.id, user: i.user.id }, 'Discord interaction failed');
    if (i.isRepliable()) await attempt(() => reportFailure(i, replies));
  }

  async function onReaction(r: MessageReaction | PartialMessageReaction, u: User | PartialUser, added: boolean): Promise<void> {
    const event = toVoteEvent({
      guildId: r.message.guildId, channelId: r.message.channelId, messageId: r.message.id, userId: u.id,
      emoji: { id: r.emoji.id, name: r.emoji.name }, added, at: now(), botUserId: client.user?.id ?? '',
    });
    if (!event) return;
    const handled = await attempt(() => votes.handle(event));
    if (!handled.ok) log.error({ err: handled.error, event }, 'vote failed');
    else log.debug({ messageId: event.messageId, user: event.userId, emoji: event.emoji, added, outcome: handled.value }, 'reaction handled');
  }

  client.on(Events.InteractionCreate, (i) => void onInteraction(i));
  client.on(Events.MessageReactionAdd, (r, u) => void onReaction(r, u, true));
  client.on(Events.MessageReactionRemove, (r, u) => void onReaction(r, u, false));
  client.on(Events.Error, (err) => log.error({ err }, 'Discord client error'));
  if (log.isLevelEnabled('trace')) client.on(Events.Debug, (message) => log.trace({ component: 'discord.js' }, message));
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ code: event.code, shard }, 'Discord shard disconnected'));

  const loggedIn = await attempt(async () => {
    const ready = once(client, Events.ClientReady);
    await client.login(opts.token);
    await ready;
  });
  if (!loggedIn.ok) {
    replies.stop();
    await client.destroy();
    throw loggedIn.error;
  }
  const live = client as Client<true>;
  log.info({ user: live.user.tag, guilds: live.guilds.cache.size, shards: [...live.ws.shards.keys()] }, 'Discord adapter ready');

  let registered: RegisterResult | undefined;
  if (opts.registerOnStart) {
    const tree = buildCommandTree(allCommands());
    const done = await attempt(() => registerCommands(live.rest, live.application.id, [tree], { ...opts.registerOnStart, onlyIfChanged: true }));
    if (done.ok) log.info({ scope: (registered = done.value).scope, written: done.value.written }, 'Discord commands registered');
    else log.error({ err: done.error }, 'Discord command registration failed; run npm run register:discord');
  }

  return {
    client: live,
    sender: createDiscordSender({ rest: live.rest, publisher, token: opts.token, log: log.child({ component: 'discord-sender' }), now }),
    ...(registered ? { registered } : {}),
    connected: () => live.ws.shards.size > 0 && live.ws.shards.every((shard) => shard.status === Status.Ready),
    stop: () => {
      replies.stop();
      return client.destroy();
    },
  };
}
