// Shared state, ids and Discord API payload builders for the fake Discord server.
// Payloads are the minimal-but-valid shapes discord.js 14 needs to build its structures without throwing.

export const DISCORD_EPOCH = 1420070400000n;
let increment = 0;
let autoMs = 0;

/**
 * A unique snowflake. With `ms`, its timestamp part is exactly `ms` (so `(id >> 22) = ms - DISCORD_EPOCH`);
 * without, it is "now" but kept monotonic so thousands of ids per millisecond stay unique.
 */
export function snowflake(ms?: number): string {
  increment = (increment + 1) & 0xfff;
  let t = ms;
  if (t === undefined) {
    autoMs = Math.max(autoMs, Date.now());
    if (increment === 0) autoMs += 1;
    t = autoMs;
  }
  return (((BigInt(t) - DISCORD_EPOCH) << 22n) | BigInt(increment)).toString();
}

/** Shard that owns a guild: `(guild_id >> 22) % shardCount`. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(Math.max(1, shardCount)));
}

export const ChannelType = { GuildText: 0, DM: 1, PublicThread: 11 } as const;

/** Permission bits the fake cares about (subset of Discord's PermissionFlagsBits). */
export const Perm = {
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  ReadMessageHistory: 1n << 16n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
} as const;

export const DEFAULT_BOT_PERMISSIONS =
  Perm.AddReactions | Perm.ViewChannel | Perm.SendMessages | Perm.EmbedLinks | Perm.ReadMessageHistory |
  Perm.CreatePublicThreads | Perm.SendMessagesInThreads;
/** A normal member: can use commands, cannot manage anything. */
export const DEFAULT_MEMBER_PERMISSIONS = DEFAULT_BOT_PERMISSIONS | Perm.UseApplicationCommands;

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

export interface FakeChannel {
  id: string;
  name: string;
  type: number;
  guildId: string | null;
  /** Permission bits denied to the bot in this channel (ViewChannel → 50001, SendMessages/AddReactions → 50013). */
  botDeny: bigint;
  /** DM channels only. */
  recipientId?: string;
  /** Threads only: the channel it was started in (its id is the id of the message it was started from). */
  parentId?: string;
  deleted?: boolean;
}

export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  /** Permissions of the bot's managed role (default: view, send, embed, react, read history). */
  botPermissions: bigint;
  /** Permissions of @everyone (default 0, so the bot's effective permissions are exactly `botPermissions`). */
  everyonePermissions: bigint;
  channels: FakeChannel[];
  /** The bot was removed from the guild: REST calls on its channels answer 403 50001 and it is not sent on IDENTIFY. */
  left?: boolean;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  content: string;
  embeds: unknown[];
  components: unknown[];
  flags: number;
  /** How the message was created. */
  via: 'channel' | 'interaction' | 'followup';
  interactionToken?: string;
  /** The last request body that created or edited it. */
  body: unknown;
  createdAt: number;
  editedAt: number | null;
  deleted: boolean;
  /** emoji name (or `name:id`) → user ids that reacted */
  reactions: Map<string, Set<string>>;
}

export interface ReactionRecord {
  op: 'add' | 'remove';
  channelId: string;
  messageId: string;
  /** Decoded emoji: unicode for standard emoji, `name:id` for custom ones. */
  emoji: string;
  userId: string;
  at: number;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  guildId: string | null;
  channelId: string;
  userId: string;
  createdAt: number;
  /** Callback types received, in order (4, 5, 6, 7, 8, 9). */
  callbacks: Array<{ type: number; data?: unknown; at: number }>;
  originalMessageId: string | null;
  autocompleteChoices?: unknown[];
}

export function apiUser(u: FakeUser): Record<string, unknown> {
  return {
    id: u.id,
    username: u.username,
    discriminator: '0',
    global_name: u.bot ? null : u.username,
    avatar: null,
    bot: u.bot ?? false,
    system: false,
    public_flags: 0,
  };
}

export function apiMember(u: FakeUser, roles: string[] = [], permissions?: string): Record<string, unknown> {
  return {
    user: apiUser(u),
    nick: null,
    avatar: null,
    roles,
    joined_at: new Date(0).toISOString(),
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
    ...(permissions === undefined ? {} : { permissions }),
  };
}

export function botRoleId(g: FakeGuild): string {
  // Deterministic, distinct from the @everyone role (whose id is the guild id).
  return (BigInt(g.id) + 1n).toString();
}

export function apiChannel(c: FakeChannel, bot: FakeUser, users: Map<string, FakeUser>): Record<string, unknown> {
  if (c.type === ChannelType.DM) {
    const r = users.get(c.recipientId ?? '') ?? { id: c.recipientId ?? '0', username: 'unknown' };
    return { id: c.id, type: 1, last_message_id: null, flags: 0, recipients: [apiUser(r)] };
  }
  return {
    id: c.id,
    type: c.type,
    guild_id: c.guildId,
    name: c.name,
    position: 0,
    parent_id: c.parentId ?? null,
    ...(c.type === ChannelType.PublicThread
      ? { owner_id: bot.id, message_count: 0, member_count: 1, total_message_sent: 0,
          thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: new Date(0).toISOString(), locked: false } }
      : {}),
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
    permission_overwrites:
      c.botDeny === 0n ? [] : [{ id: bot.id, type: 1, allow: '0', deny: c.botDeny.toString() }],
  };
}

function apiRole(id: string, name: string, position: number, permissions: bigint, managed: boolean) {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed,
    mentionable: false,
    flags: 0,
    ...(managed ? { tags: { bot_id: '0' } } : {}),
  };
}

export function apiGuild(g: FakeGuild): Record<string, unknown> {
  return {
    id: g.id,
    name: g.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: g.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_progress_bar_enabled: false,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    preferred_locale: 'en-US',
    features: [],
    emojis: [],
    stickers: [],
    roles: [
      apiRole(g.id, '@everyone', 0, g.everyonePermissions, false),
      apiRole(botRoleId(g), 'paperboy', 1, g.botPermissions, true),
    ],
    max_members: 500000,
    max_video_channel_users: 25,
    vanity_url_code: null,
    application_id: null,
    widget_enabled: false,
    widget_channel_id: null,
  };
}

/** Full GUILD_CREATE payload (guild + channels, bot member, the gateway-only fields). */
export function guildCreatePayload(g: FakeGuild, bot: FakeUser, users: Map<string, FakeUser>): Record<string, unknown> {
  return {
    ...apiGuild(g),
    joined_at: new Date(0).toISOString(),
    large: false,
    unavailable: false,
    member_count: 2,
    members: [apiMember(bot, [botRoleId(g)])],
    channels: g.channels.filter((c) => !c.deleted).map((c) => apiChannel(c, bot, users)),
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function apiMessage(m: StoredMessage, bot: FakeUser, appId: string): Record<string, unknown> {
  const fromInteraction = m.via !== 'channel';
  return {
    id: m.id,
    channel_id: m.channelId,
    ...(m.guildId ? { guild_id: m.guildId } : {}),
    type: fromInteraction ? 20 : 0,
    content: m.content,
    embeds: m.embeds,
    components: m.components,
    attachments: [],
    author: apiUser(bot),
    timestamp: new Date(m.createdAt).toISOString(),
    edited_timestamp: m.editedAt === null ? null : new Date(m.editedAt).toISOString(),
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    flags: m.flags,
    ...(fromInteraction ? { webhook_id: appId, application_id: appId } : {}),
    reactions: [...m.reactions].filter(([, us]) => us.size > 0).map(([emoji, us]) => {
      const i = emoji.lastIndexOf(':');
      return {
        emoji: i > 0 ? { id: emoji.slice(i + 1), name: emoji.slice(0, i) } : { id: null, name: emoji },
        count: us.size,
        count_details: { burst: 0, normal: us.size },
        me: us.has(bot.id),
        me_burst: false,
        burst_colors: [],
      };
    }),
  };
}
