// A loopback fake of the Discord REST API + gateway, good enough for an unmodified discord.js 14 Client:
//   const fake = await startFakeDiscord();
//   const client = new Client({ intents, partials, rest: { api: fake.apiUrl } });
//   await client.login(fake.token);
// See PLATFORM-NOTES.md for the facts this is built on.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createChaos, type Chaos, type ChaosOptions } from './chaos.ts';
import { FakeGateway, type GatewayConnection, type IdentifyRecord } from './discord-gateway.ts';
import {
  DEFAULT_BOT_PERMISSIONS, DEFAULT_MEMBER_PERMISSIONS, DISCORD_EPOCH, apiMember, apiMessage, apiUser, guildCreatePayload, shardOf, snowflake,
  type FakeChannel, type FakeGuild, type FakeUser, type InteractionRecord, type ReactionRecord, type StoredMessage,
} from './discord-model.ts';
import { findComponent } from './discord-components.ts';
import { newFaultModes, releaseHeld, type LateAnswerSpec } from './discord-faults.ts';
import {
  createRestHandler, type FakeState, type FaultSpec, type RateLimitOptions, type RecordedRequest, type RouteMatcher,
} from './discord-rest.ts';

export { shardOf, snowflake } from './discord-model.ts';
export type { FakeChannel, FakeGuild, FakeUser, InteractionRecord, ReactionRecord, StoredMessage } from './discord-model.ts';
export type { FaultSpec, RateLimitOptions, RecordedRequest, RouteMatcher } from './discord-rest.ts';
export type { Chaos, ChaosOptions } from './chaos.ts';
export type { LateAnswerSpec } from './discord-faults.ts';
export { NONCE_WINDOW_MS } from './discord-rest.ts';

/** Every message create in a guild or DM channel. */
export const MESSAGE_CREATE: RouteMatcher = (method, path) => method === 'POST' && /^\/channels\/\d+\/messages$/.test(path);

export interface ChannelSpec {
  id?: string;
  name?: string;
  /** Permission bits denied to the bot in this channel (bigint or decimal string). */
  botDeny?: bigint | string;
}

export interface GuildSpec {
  /** Numeric snowflake string. Default: generated so that guild i has `(id >> 22) = base + i` (round-robin over shards). */
  id?: string;
  name?: string;
  /** A count (named c1..cN) or a list of names/specs. Default `['c1', 'c2']`. */
  channels?: number | Array<string | ChannelSpec>;
  botPermissions?: bigint | string;
  everyonePermissions?: bigint | string;
}

export interface FakeDiscordOptions {
  guilds?: GuildSpec[];
  /** Recommended shard count returned by `GET /gateway/bot` (used by `shards: 'auto'`). Default 1. */
  shards?: number;
  /** `session_start_limit.max_concurrency`. Default 16 so several shards identify without the 5 s throttle. */
  maxConcurrency?: number;
  /** If set, IDENTIFY with a different token is closed with 4004. */
  token?: string;
  botUser?: Partial<FakeUser>;
  applicationId?: string;
  heartbeatIntervalMs?: number;
  /** Delay every REST reply by this many ms. */
  latencyMs?: number;
  rateLimits?: RateLimitOptions;
  /**
   * Answer a seeded share of requests with 500 or 429, lose a share of answers (`rateLost`), or answer a share late
   * although handled at once (`rateSlow`, after `slowMs`) (default route: every `POST /channels/{id}/messages`), drawn
   * per request path so each channel's faults are reproducible whatever the interleaving.
   */
  chaos?: ChaosOptions & { route?: RouteMatcher };
  /** An interaction not acknowledged within this many ms answers 10062 Unknown interaction. 0 disables. Default 3000. */
  interactionTimeoutMs?: number;
  /** Send MESSAGE_REACTION_ADD/REMOVE over the gateway for the bot's own reactions, as Discord does. Default true. */
  echoOwnReactions?: boolean;
  /** Start with the bot token revoked (see `revokeToken`). Default false. */
  tokenRevoked?: boolean;
  /** Message creates whose body this says yes to answer 400 50035 (see `refuseMessages`). */
  refuseMessage?: (body: unknown) => boolean;
}

export type OptionValue = string | number | boolean;
export type RawOption = { name: string; type: number; value?: OptionValue; focused?: boolean; options?: RawOption[] };

export interface InteractionSpec {
  guildId?: string | null;
  channelId?: string;
  user?: Partial<FakeUser>;
  /** Member permissions bitfield. Default: a normal member (view/send/react/use commands). */
  permissions?: bigint | string;
  name?: string;
  subcommand?: string;
  subcommandGroup?: string;
  /** Object form infers types: string→3, integer→4, other number→10, boolean→5. Pass RawOption[] for anything else. */
  options?: Record<string, OptionValue> | RawOption[];
  locale?: string;
}

/** A press on a button, or a choice in a select menu, of one of the bot's messages (a component interaction, type 3). */
export interface ComponentSpec {
  messageId: string;
  /** The custom_id of a component the message really has (the fake throws otherwise, as Discord shows nothing else to press). */
  customId: string;
  /** A select menu's chosen option values (each must be one of its options); absent for a button. */
  values?: string[];
  user?: Partial<FakeUser>;
  permissions?: bigint | string;
}

export interface SentInteraction {
  id: string;
  token: string;
  /** The interaction record the REST side fills in (callbacks, originalMessageId, autocompleteChoices). */
  record: InteractionRecord;
  /** How many gateway connections it was dispatched to (0: no shard owns it / not connected). */
  delivered: number;
}

export interface ReactionSpec {
  add: boolean;
  guildId?: string | null;
  channelId: string;
  messageId: string;
  userId?: string;
  /** Unicode emoji, or `name:id` for a custom emoji. */
  emoji: string;
}

export interface FakeDiscord {
  apiUrl: string;
  gatewayUrl: string;
  /** Any string works as a token unless `opts.token` was given. */
  token: string;
  botUser: FakeUser;
  applicationId: string;
  /** A default non-bot user used by interactions and reactions when none is given. */
  testUser: FakeUser;
  guilds: FakeGuild[];
  guild(nameOrId: string): FakeGuild;
  channel(nameOrId: string, guildNameOrId?: string): FakeChannel;
  requests: RecordedRequest[];
  reactions: ReactionRecord[];
  /** Key `'global'` or a guild id → the commands last PUT there (with ids). */
  registeredCommands: Map<string, Array<Record<string, unknown>>>;
  identifies: IdentifyRecord[];
  /** Identified gateway connections. */
  readonly shards: GatewayConnection[];
  messagesIn(channelId: string): StoredMessage[];
  message(id: string): StoredMessage | undefined;
  interaction(token: string): InteractionRecord | undefined;
  dmChannelOf(userId: string): FakeChannel | undefined;
  /** Replies with status `s` so far. */
  countStatus(s: number): number;
  readonly count429: number;
  /** The chaos mode's draws, when `opts.chaos` was given (keys are request paths, e.g. `/channels/123/messages`). */
  chaos?: Chaos;
  /** Send a dispatch (op 0) to the shard owning `opts.guildId ?? d.guild_id`, to `opts.shardId`, or to all. */
  dispatch(t: string, d: unknown, opts?: { shardId?: number; guildId?: string }): number;
  sendSlashCommand(spec?: InteractionSpec): SentInteraction;
  sendAutocomplete(spec: InteractionSpec & { focused: string }): SentInteraction;
  /** INTERACTION_CREATE type 3 with `data.custom_id` (and `values`) and the message it was pressed on. */
  sendComponent(spec: ComponentSpec): SentInteraction;
  sendReaction(spec: ReactionSpec): number;
  failNext(f: FaultSpec): void;
  /** Drops the `failNext` faults and the `answerLate` specs not used up (answers already delayed still come late). */
  clearFaults(): void;
  /** Further DMs to this user answer 403 50007. */
  blockDMs(userId: string): void;
  /** Mark the channel deleted (REST → 404 10003) and dispatch CHANNEL_DELETE. */
  deleteChannel(channelId: string): void;
  /** The bot is removed from the guild: dispatch GUILD_DELETE, REST on it → 403 50001. */
  leaveGuild(guildId: string): void;
  /** Close all gateway sockets (default 4000, resumable); discord.js reconnects and RESUMEs. */
  dropConnections(code?: number): void;
  setLatency(ms: number): void;
  /**
   * While revoked, every request authenticated with the bot token answers `401 {"message":"401: Unauthorized","code":0}`
   * (interaction callbacks and webhooks, which carry no bot token, still work). `revokeToken(false)` restores it.
   */
  revokeToken(revoked?: boolean): void;
  /** Message creates (`POST /channels/{id}/messages`) whose JSON body `predicate` accepts answer 400 50035 Invalid Form Body; undefined stops it. */
  refuseMessages(predicate: ((body: unknown) => boolean) | undefined): void;
  /** The next `times` requests on `route` are handled at once (a message is created) but answered after `delayMs`. */
  answerLate(spec: LateAnswerSpec): void;
  /** Requests on `route` are handled at once (a message is created) but answered only at `releaseAnswers()`. */
  holdAnswers(route: RouteMatcher): void;
  /** Writes every held answer and stops holding. */
  releaseAnswers(): void;
  /** Moves the fake's message clock (timestamps, the `enforce_nonce` window of NONCE_WINDOW_MS) forward. */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

const perms = (v: bigint | string | undefined, d: bigint): bigint => (v === undefined ? d : BigInt(v));

function buildGuilds(specs: GuildSpec[], ownerId: string): FakeGuild[] {
  // Guild i gets timestamp part K + i with K a multiple of lcm(1..16), so `shardOf(id, n) === i % n` for n ≤ 16.
  const offset = Date.UTC(2024, 0, 1) - Number(DISCORD_EPOCH);
  const K = offset - (offset % 720720);
  return specs.map((g, i) => {
    const id = g.id ?? snowflake(Number(DISCORD_EPOCH) + K + i);
    const chSpecs = typeof g.channels === 'number'
      ? Array.from({ length: g.channels }, (_, j) => `c${j + 1}`)
      : (g.channels ?? ['c1', 'c2']);
    const channels: FakeChannel[] = chSpecs.map((c) => {
      const cs: ChannelSpec = typeof c === 'string' ? { name: c } : c;
      return { id: cs.id ?? snowflake(), name: cs.name ?? 'channel', type: 0, guildId: id, botDeny: perms(cs.botDeny, 0n) };
    });
    return {
      id, name: g.name ?? `g${i + 1}`, ownerId, channels,
      botPermissions: perms(g.botPermissions, DEFAULT_BOT_PERMISSIONS),
      everyonePermissions: perms(g.everyonePermissions, 0n),
    };
  });
}

function toRawOptions(o: InteractionSpec['options'], focused?: string): RawOption[] {
  if (Array.isArray(o)) return o;
  return Object.entries(o ?? {}).map(([name, value]) => ({
    name, value,
    type: typeof value === 'string' ? 3 : typeof value === 'boolean' ? 5 : Number.isInteger(value) ? 4 : 10,
    ...(name === focused ? { focused: true } : {}),
  }));
}

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const bot: FakeUser = { id: snowflake(), username: 'paperboy', ...opts.botUser, bot: true };
  const testUser: FakeUser = { id: snowflake(), username: 'alice' };
  const applicationId = opts.applicationId ?? bot.id;
  const guilds = buildGuilds(opts.guilds ?? [{ name: 'g1' }], testUser.id);
  const users = new Map<string, FakeUser>([[bot.id, bot], [testUser.id, testUser]]);
  const channels = new Map<string, FakeChannel>(guilds.flatMap((g) => g.channels.map((c) => [c.id, c] as const)));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const gatewayUrl = `ws://127.0.0.1:${port}`;
  const sessionToken = randomBytes(4).toString('hex');
  let clockOffsetMs = 0;

  const reactionEvent: FakeState['reactionEvent'] = (add, r) => {
    const user = users.get(r.userId) ?? { id: r.userId, username: `user${r.userId.slice(-4)}` };
    const i = r.emoji.lastIndexOf(':');
    const emoji = i > 0 ? { id: r.emoji.slice(i + 1), name: r.emoji.slice(0, i) } : { id: null, name: r.emoji };
    const g = r.guildId ? guilds.find((x) => x.id === r.guildId) : undefined;
    return {
      user_id: r.userId, channel_id: r.channelId, message_id: r.messageId,
      ...(r.guildId ? { guild_id: r.guildId } : {}),
      ...(add && r.guildId ? { member: apiMember(user, user.id === bot.id && g ? [(BigInt(g.id) + 1n).toString()] : []) } : {}),
      ...(add && state.messageById.has(r.messageId) ? { message_author_id: bot.id } : {}),
      emoji, burst: false, type: 0, ...(add ? { burst_colors: [] } : {}),
    };
  };

  if (opts.chaos?.rateDropped) throw new Error('fake discord: chaos.rateDropped is modelled by the Slack fake only');
  const state: FakeState = {
    gatewayUrl, bot, applicationId, guilds, channels, users,
    messagesByChannel: new Map(), messageById: new Map(), interactions: new Map(), requests: [], reactions: [],
    registeredCommands: new Map(), faults: [], blockedDmUsers: new Set(), rateLimits: opts.rateLimits,
    latencyMs: opts.latencyMs ?? 0, shards: opts.shards ?? 1, maxConcurrency: opts.maxConcurrency ?? 16,
    interactionTimeoutMs: opts.interactionTimeoutMs ?? 3000, echoOwnReactions: opts.echoOwnReactions ?? true,
    statusCounts: new Map(), dispatch: (t, d) => gateway.dispatch(t, d), reactionEvent,
    modes: newFaultModes(opts), now: () => Date.now() + clockOffsetMs,
    ...(opts.chaos ? { chaos: { chaos: createChaos(opts.chaos), route: opts.chaos.route ?? MESSAGE_CREATE } } : {}),
  };
  server.on('request', createRestHandler(state));

  const gateway = new FakeGateway(server, {
    heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41250,
    ...(opts.token !== undefined ? { token: opts.token } : {}),
    onIdentify: (conn, sessionId) => {
      const owned = guilds.filter((g) => !g.left && shardOf(g.id, conn.shardCount) === conn.shardId);
      return {
        ready: {
          v: 10, user: { ...apiUser(bot), verified: true, mfa_enabled: false, flags: 0 },
          guilds: owned.map((g) => ({ id: g.id, unavailable: true })), session_id: sessionId,
          resume_gateway_url: gatewayUrl, shard: [conn.shardId, conn.shardCount],
          application: { id: applicationId, flags: 0 }, private_channels: [], presences: [], relationships: [],
          guild_join_requests: [], user_settings: {}, geo_ordered_rtc_regions: [], _trace: ['fake-discord'],
        },
        then: owned.map((g) => ({ t: 'GUILD_CREATE', d: guildCreatePayload(g, bot, users) })),
      };
    },
  });

  const guild = (key: string): FakeGuild => {
    const g = guilds.find((x) => x.id === key || x.name === key);
    if (!g) throw new Error(`fake discord: no guild ${key}`);
    return g;
  };
  const channel = (key: string, gkey?: string): FakeChannel => {
    const pool = gkey ? guild(gkey).channels : [...channels.values()];
    const c = pool.find((x) => x.id === key || x.name === key);
    if (!c) throw new Error(`fake discord: no channel ${key}`);
    return c;
  };

  const sendInteraction = (type: 2 | 3 | 4, spec: InteractionSpec, focused?: string, component?: ComponentSpec): SentInteraction => {
    const guildId = spec.guildId === undefined ? guilds[0]?.id ?? null : spec.guildId;
    const ch = spec.channelId ? channel(spec.channelId) : guildId ? guild(guildId).channels[0] : undefined;
    if (!ch) throw new Error('fake discord: interaction needs a channel');
    const user: FakeUser = { ...testUser, ...spec.user };
    if (!users.has(user.id)) users.set(user.id, user);
    let options = toRawOptions(spec.options, focused);
    if (spec.subcommand) options = [{ type: 1, name: spec.subcommand, options }];
    if (spec.subcommandGroup) options = [{ type: 2, name: spec.subcommandGroup, options }];
    const id = snowflake();
    const token = `fake-itoken-${sessionToken}-${id}`;
    const record: InteractionRecord = {
      id, token, type, guildId, channelId: ch.id, userId: user.id, createdAt: Date.now(), callbacks: [], originalMessageId: null,
    };
    state.interactions.set(token, record);
    const memberPerms = perms(spec.permissions, DEFAULT_MEMBER_PERMISSIONS).toString();
    const d = {
      id, token, type, version: 1, application_id: applicationId,
      data: component
        ? { custom_id: component.customId, component_type: component.values ? 3 : 2, ...(component.values ? { values: component.values } : {}) }
        : { id: snowflake(), name: spec.name ?? 'papers', type: 1, options, ...(guildId ? { guild_id: guildId } : {}) },
      ...(component ? { message: apiMessage(state.messageById.get(component.messageId)!, bot, applicationId) } : {}),
      channel_id: ch.id,
      channel: ch.guildId
        ? { id: ch.id, type: ch.type, guild_id: ch.guildId, name: ch.name, flags: 0, nsfw: false, parent_id: null, position: 0, last_message_id: null, rate_limit_per_user: 0, topic: null, permissions: memberPerms }
        : { id: ch.id, type: 1, flags: 0, last_message_id: null, recipients: [apiUser(user)] },
      ...(guildId
        ? { guild_id: guildId, guild: { id: guildId, features: [], locale: 'en-US' }, member: apiMember(user, [], memberPerms), guild_locale: 'en-US' }
        : { user: apiUser(user) }),
      locale: spec.locale ?? 'en-US', app_permissions: (guildId ? guild(guildId).botPermissions : 0n).toString(),
      entitlements: [], authorizing_integration_owners: { '0': guildId ?? user.id }, context: guildId ? 0 : 1,
      attachment_size_limit: 10485760,
    };
    return { id, token, record, delivered: gateway.dispatch('INTERACTION_CREATE', d) };
  };

  return {
    apiUrl: `http://127.0.0.1:${port}/api`, gatewayUrl, token: opts.token ?? 'fake-bot-token', botUser: bot, applicationId, testUser,
    guilds, guild, channel, requests: state.requests, reactions: state.reactions, registeredCommands: state.registeredCommands,
    identifies: gateway.identifies,
    get shards() { return gateway.shards; },
    messagesIn: (cid) => (state.messagesByChannel.get(cid) ?? []).filter((m) => !m.deleted),
    message: (id) => state.messageById.get(id),
    interaction: (token) => state.interactions.get(token),
    dmChannelOf: (uid) => [...channels.values()].find((c) => c.type === 1 && c.recipientId === uid),
    countStatus: (s) => state.statusCounts.get(s) ?? 0,
    get count429() { return state.statusCounts.get(429) ?? 0; },
    ...(state.chaos ? { chaos: state.chaos.chaos } : {}),
    dispatch: (t, d, o) => gateway.dispatch(t, d, o),
    sendSlashCommand: (spec = {}) => sendInteraction(2, spec),
    sendAutocomplete: (spec) => sendInteraction(4, spec, spec.focused),
    sendComponent: (spec) => {
      const m = state.messageById.get(spec.messageId);
      if (!m || m.deleted) throw new Error(`fake discord: no message ${spec.messageId} to press on`);
      const c = findComponent(m.components, spec.customId);
      if (!c) throw new Error(`fake discord: message ${m.id} has no component ${spec.customId}`);
      if ((c.type === 3) !== (spec.values !== undefined)) throw new Error('fake discord: values go with a select menu, and only there');
      const offered = new Set((c.options ?? []).map((o) => o.value));
      if (spec.values?.some((v) => !offered.has(v))) throw new Error(`fake discord: ${spec.values.join(',')} is not an option of ${spec.customId}`);
      return sendInteraction(3, { guildId: m.guildId, channelId: m.channelId, user: spec.user, permissions: spec.permissions }, undefined, spec);
    },
    sendReaction: (r) => {
      const ch = channels.get(r.channelId);
      const guildId = r.guildId === undefined ? ch?.guildId ?? null : r.guildId;
      const userId = r.userId ?? testUser.id;
      const m = state.messageById.get(r.messageId);
      if (m) {
        const set = m.reactions.get(r.emoji) ?? new Set<string>();
        if (r.add) set.add(userId);
        else set.delete(userId);
        m.reactions.set(r.emoji, set);
      }
      const ev = reactionEvent(r.add, { guildId, channelId: r.channelId, messageId: r.messageId, userId, emoji: r.emoji });
      return gateway.dispatch(r.add ? 'MESSAGE_REACTION_ADD' : 'MESSAGE_REACTION_REMOVE', ev);
    },
    failNext: (f) => { state.faults.push({ ...f, remaining: f.times ?? 1 }); },
    clearFaults: () => { state.faults.length = 0; state.modes.lateAnswers.length = 0; },
    blockDMs: (uid) => { state.blockedDmUsers.add(uid); },
    deleteChannel: (cid) => {
      const c = channel(cid);
      c.deleted = true;
      gateway.dispatch('CHANNEL_DELETE', { id: c.id, type: c.type, guild_id: c.guildId, name: c.name, position: 0, permission_overwrites: [], parent_id: null, flags: 0 });
    },
    leaveGuild: (gid) => {
      const g = guild(gid);
      g.left = true;
      gateway.dispatch('GUILD_DELETE', { id: g.id }, { guildId: g.id });
    },
    dropConnections: (code) => gateway.dropConnections(code),
    setLatency: (ms) => { state.latencyMs = ms; },
    revokeToken: (revoked = true) => { state.modes.tokenRevoked = revoked; },
    refuseMessages: (predicate) => { state.modes.refuseMessage = predicate; },
    answerLate: (spec) => { state.modes.lateAnswers.push({ ...spec, remaining: spec.times ?? 1 }); },
    holdAnswers: (route) => { state.modes.held = { route, answers: [] }; },
    releaseAnswers: () => releaseHeld(state.modes),
    advanceClock: (ms) => { clockOffsetMs += ms; },
    close: async () => {
      for (const timer of state.modes.pendingLate) clearTimeout(timer);
      state.modes.pendingLate.clear();
      state.modes.held = undefined;
      await gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
