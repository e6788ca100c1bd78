/**
 * The stateful part of the fake Web API: messages per channel, reactions, DMs, users, and the method
 * handlers. Transport, faults and rate limits live in slack-server.ts.
 */

export interface FakeSlackUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  is_admin: boolean;
  is_owner: boolean;
  is_primary_owner: boolean;
  is_bot: boolean;
  deleted: boolean;
  tz: string;
}

export interface FakeSlackMessage {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  blocks?: unknown;
  attachments?: unknown;
  thread_ts?: string;
  /** The `metadata` posted with it (`{ event_type, event_payload }`), returned by conversations.history with include_all_metadata. */
  metadata?: unknown;
  edited?: { user: string; ts: string };
  /** Reaction names the bot added (reactions.add / reactions.remove). */
  reactions: string[];
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  text: string;
  blocks?: unknown;
}

export interface WorkspaceIdentity {
  teamId: string;
  teamName: string;
  botUserId: string;
  botId: string;
  appId: string;
}

export type MethodResult = Record<string, unknown> & { ok: boolean };

const BLOCK_LIMIT = 50;
const SECTION_TEXT_LIMIT = 3000;
const FIELD_LIMIT = 2000;
const HEADER_LIMIT = 150;

type Plain = { type?: string; text?: string };
type Element = { type?: string; action_id?: string; value?: string; text?: Plain; placeholder?: Plain; options?: Array<{ text?: Plain; value?: string }> };

/**
 * Block Kit's rules for an `actions` block: 1–25 elements; action_id at most 255 and unique in the block; buttons'
 * text at most 75 and value 2,000; static menus 1–100 options, option text 75 and value 150, placeholder 150.
 */
export function actionsBreach(b: Record<string, unknown>): string | undefined {
  const elements = b.elements as Element[] | undefined;
  if (!Array.isArray(elements) || elements.length === 0 || elements.length > 25) return 'elements: 1 to 25';
  const ids = new Set<string>();
  for (const e of elements) {
    if (typeof e.action_id !== 'string' || e.action_id.length > 255 || ids.has(e.action_id)) return 'action_id: unique, at most 255';
    ids.add(e.action_id);
    if (e.type === 'button') {
      if (e.text?.type !== 'plain_text' || !e.text.text || e.text.text.length > 75) return 'button text: 1 to 75';
      if ((e.value ?? '').length > 2000) return 'button value: at most 2000';
    } else if (e.type === 'static_select') {
      const options = e.options ?? [];
      if (options.length < 1 || options.length > 100) return 'options: 1 to 100';
      if ((e.placeholder?.text ?? '').length > 150) return 'placeholder: at most 150';
      if (options.some((o) => !o.text?.text || o.text.text.length > 75 || !o.value || o.value.length > 150)) return 'option: text 75, value 150';
    } else return `unsupported element ${e.type}`;
  }
  return undefined;
}

/** Returns a Slack error code for block lists Slack would refuse, or undefined. */
export function validateBlocks(blocks: unknown): string | undefined {
  if (typeof blocks === 'string') return 'invalid_blocks_format';
  if (!Array.isArray(blocks)) return 'invalid_blocks_format';
  if (blocks.length > BLOCK_LIMIT) return 'invalid_blocks';
  for (const b of blocks as Array<Record<string, unknown>>) {
    if (typeof b !== 'object' || b === null || typeof b.type !== 'string') return 'invalid_blocks';
    const text = b.text as { type?: string; text?: string } | undefined;
    if (b.type === 'header') {
      if (text?.type !== 'plain_text' || (text.text ?? '').length > HEADER_LIMIT) return 'invalid_blocks';
    }
    if (b.type === 'actions' && actionsBreach(b)) return 'invalid_blocks';
    if (b.type === 'section') {
      if (text && (text.text ?? '').length > SECTION_TEXT_LIMIT) return 'invalid_blocks';
      const fields = b.fields as Array<{ text?: string }> | undefined;
      if (fields && (fields.length > 10 || fields.some((f) => (f.text ?? '').length > FIELD_LIMIT))) return 'invalid_blocks';
      if (!text && !fields) return 'invalid_blocks';
    }
  }
  return undefined;
}

export class FakeWorkspace {
  readonly messages = new Map<string, FakeSlackMessage[]>();
  readonly ephemerals: FakeEphemeral[] = [];
  readonly users = new Map<string, FakeSlackUser>();
  readonly dms = new Map<string, string>();
  /** The last ts handed out, in microseconds. */
  private lastMicros = 0;

  constructor(
    readonly id: WorkspaceIdentity,
    users: Record<string, Partial<FakeSlackUser>>,
    /** When set, only these channels (plus opened DMs) exist; others give channel_not_found. */
    private readonly channels: Set<string> | undefined,
  ) {
    for (const [uid, u] of Object.entries(users)) this.setUser(uid, u);
  }

  /** Unique, increasing Slack-style timestamp from the wall clock, as Slack's: `1787230800.000123` (seconds.micros). */
  nextTs(): string {
    this.lastMicros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    return `${Math.floor(this.lastMicros / 1e6)}.${String(this.lastMicros % 1e6).padStart(6, '0')}`;
  }

  setUser(uid: string, patch: Partial<FakeSlackUser>): FakeSlackUser {
    const user: FakeSlackUser = { ...this.defaultUser(uid), ...this.users.get(uid), ...patch, id: uid };
    this.users.set(uid, user);
    return user;
  }

  private defaultUser(uid: string): FakeSlackUser {
    const name = uid.toLowerCase();
    return {
      id: uid,
      team_id: this.id.teamId,
      name,
      real_name: `User ${uid}`,
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_bot: uid === this.id.botUserId,
      deleted: false,
      tz: 'UTC',
    };
  }

  channelExists(channel: string): boolean {
    if (!this.channels) return true;
    return this.channels.has(channel) || [...this.dms.values()].includes(channel);
  }

  findMessage(channel: string, ts: string): FakeSlackMessage | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts);
  }

  /** Dispatches one Web API method. `p` is the parsed body (JSON fields already decoded). */
  handle(method: string, p: Record<string, unknown>, token: string | undefined): MethodResult {
    const s = (k: string): string => (typeof p[k] === 'string' ? (p[k] as string) : p[k] === undefined ? '' : String(p[k]));
    if (method === 'api.test') return { ok: true, args: p };
    if (!token) return { ok: false, error: 'not_authed' };
    if (token.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
    if (!/^xox[bp]-/.test(token)) return { ok: false, error: 'invalid_auth' };
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://paperboy-test.slack.com/',
          team: this.id.teamName,
          user: 'paperboy',
          team_id: this.id.teamId,
          user_id: this.id.botUserId,
          bot_id: this.id.botId,
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        const channel = s('channel');
        if (!channel || !this.channelExists(channel)) return { ok: false, error: 'channel_not_found' };
        const err = this.checkContent(p);
        if (err) return { ok: false, error: err };
        const message: FakeSlackMessage = {
          type: 'message',
          channel,
          ts: this.nextTs(),
          text: s('text'),
          user: this.id.botUserId,
          bot_id: this.id.botId,
          app_id: this.id.appId,
          team: this.id.teamId,
          reactions: [],
        };
        if (p.blocks !== undefined) message.blocks = p.blocks;
        if (p.attachments !== undefined) message.attachments = p.attachments;
        if (p.thread_ts !== undefined) message.thread_ts = s('thread_ts');
        if (p.metadata !== undefined) message.metadata = p.metadata;
        const list = this.messages.get(channel) ?? [];
        list.push(message);
        this.messages.set(channel, list);
        const { reactions: _r, channel: _c, metadata: _m, ...wire } = message;
        return { ok: true, channel, ts: message.ts, message: wire };
      }
      case 'chat.update': {
        const channel = s('channel');
        if (!channel || !this.channelExists(channel)) return { ok: false, error: 'channel_not_found' };
        const msg = this.findMessage(channel, s('ts'));
        if (!msg) return { ok: false, error: 'message_not_found' };
        const err = this.checkContent(p);
        if (err) return { ok: false, error: err };
        if (p.text !== undefined) msg.text = s('text');
        if (p.blocks !== undefined) msg.blocks = p.blocks;
        if (p.attachments !== undefined) msg.attachments = p.attachments;
        msg.edited = { user: this.id.botUserId, ts: this.nextTs() };
        const { reactions: _r, channel: _c, metadata: _m, ...wire } = msg;
        return { ok: true, channel, ts: msg.ts, text: msg.text, message: wire };
      }
      case 'chat.postEphemeral': {
        const channel = s('channel');
        if (!channel || !this.channelExists(channel)) return { ok: false, error: 'channel_not_found' };
        if (!s('user')) return { ok: false, error: 'user_not_found' };
        const err = this.checkContent(p);
        if (err) return { ok: false, error: err };
        const eph: FakeEphemeral = { channel, user: s('user'), message_ts: this.nextTs(), text: s('text') };
        if (p.blocks !== undefined) eph.blocks = p.blocks;
        this.ephemerals.push(eph);
        return { ok: true, message_ts: eph.message_ts };
      }
      case 'reactions.add':
      case 'reactions.remove': {
        const channel = s('channel');
        const name = s('name');
        if (!channel || !this.channelExists(channel)) return { ok: false, error: 'channel_not_found' };
        if (!name) return { ok: false, error: 'invalid_name' };
        const msg = this.findMessage(channel, s('timestamp'));
        if (!msg) return { ok: false, error: 'message_not_found' };
        const i = msg.reactions.indexOf(name);
        if (method === 'reactions.add') {
          if (i >= 0) return { ok: false, error: 'already_reacted' };
          msg.reactions.push(name);
        } else {
          if (i < 0) return { ok: false, error: 'no_reaction' };
          msg.reactions.splice(i, 1);
        }
        return { ok: true };
      }
      case 'conversations.open': {
        const users = s('users').split(',').map((u) => u.trim()).filter(Boolean);
        if (users.length === 0) return { ok: false, error: 'users_list_not_supplied' };
        const key = [...users].sort().join(',');
        let id = this.dms.get(key);
        if (!id) {
          id = `${users.length === 1 ? 'D' : 'G'}0DM${String(this.dms.size + 1).padStart(5, '0')}`;
          this.dms.set(key, id);
        }
        return { ok: true, channel: { id } };
      }
      case 'conversations.history':
        return this.history(p);
      case 'conversations.replies':
        return this.replies(p);
      case 'users.info': {
        const uid = s('user');
        if (!/^[UW][A-Z0-9]+$/.test(uid)) return { ok: false, error: 'user_not_found' };
        const user = this.users.get(uid) ?? this.defaultUser(uid);
        return { ok: true, user: { ...user, profile: { real_name: user.real_name, display_name: user.name } } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  /**
   * conversations.history: newest first, `oldest`/`latest` exclusive unless `inclusive`, at most `limit` (default 100,
   * max 999) per page, `metadata` only with `include_all_metadata`; the cursor names the last ts returned.
   */
  private history(p: Record<string, unknown>): MethodResult {
    const channel = typeof p.channel === 'string' ? p.channel : '';
    if (!channel || !this.channelExists(channel)) return { ok: false, error: 'channel_not_found' };
    const flag = (k: string) => p[k] === true || p[k] === 'true' || p[k] === '1' || p[k] === 1;
    const bound = (k: string) => (p[k] === undefined || p[k] === '' ? undefined : tsMicros(String(p[k])));
    const oldest = bound('oldest');
    const cursor = typeof p.cursor === 'string' && p.cursor ? tsMicros(Buffer.from(p.cursor, 'base64').toString('utf8')) : undefined;
    const latest = cursor ?? bound('latest');
    const inclusive = flag('inclusive') && cursor === undefined;
    const limit = Math.min(999, Math.max(1, Number(p.limit) || 100));
    const inRange = (m: FakeSlackMessage) => {
      const t = tsMicros(m.ts);
      return (oldest === undefined || t > oldest || (inclusive && t === oldest)) && (latest === undefined || t < latest || (inclusive && t === latest));
    };
    // Only a channel's own messages: replies in a thread are read with conversations.replies.
    const matching = (this.messages.get(channel) ?? []).filter((m) => !isReply(m) && inRange(m)).reverse();
    const page = matching.slice(0, limit);
    const messages = page.map(({ reactions: _r, channel: _c, metadata, ...wire }) =>
      flag('include_all_metadata') && metadata !== undefined ? { ...wire, metadata } : wire,
    );
    const hasMore = matching.length > limit;
    const next = hasMore ? Buffer.from(page[page.length - 1]!.ts, 'utf8').toString('base64') : '';
    return { ok: true, messages, has_more: hasMore, pin_count: 0, response_metadata: { next_cursor: next } };
  }

  /**
   * conversations.replies: the parent (`ts`) first, then its replies oldest first, at most `limit` (default 1000) per
   * page, `metadata` only with `include_all_metadata`; `thread_not_found` for an unknown parent.
   */
  private replies(p: Record<string, unknown>): MethodResult {
    const channel = typeof p.channel === 'string' ? p.channel : '';
    if (!channel || !this.channelExists(channel)) return { ok: false, error: 'channel_not_found' };
    const ts = typeof p.ts === 'string' ? p.ts : '';
    const parent = ts ? this.findMessage(channel, ts) : undefined;
    if (!parent) return { ok: false, error: 'thread_not_found' };
    const thread = [parent, ...(this.messages.get(channel) ?? []).filter((m) => m.thread_ts === ts && m.ts !== ts)];
    const from = typeof p.cursor === 'string' && p.cursor ? Number(Buffer.from(p.cursor, 'base64').toString('utf8')) : 0;
    const limit = Math.min(1000, Math.max(1, Number(p.limit) || 1000));
    const page = thread.slice(from, from + limit);
    const withMeta = p.include_all_metadata === true || p.include_all_metadata === 'true' || p.include_all_metadata === '1';
    const messages = page.map(({ reactions: _r, channel: _c, metadata, ...wire }) => (withMeta && metadata !== undefined ? { ...wire, metadata } : wire));
    const hasMore = from + limit < thread.length;
    const next = hasMore ? Buffer.from(String(from + limit), 'utf8').toString('base64') : '';
    return { ok: true, messages, has_more: hasMore, response_metadata: { next_cursor: next } };
  }

  private checkContent(p: Record<string, unknown>): string | undefined {
    const hasText = typeof p.text === 'string' && p.text.length > 0;
    if (p.blocks !== undefined) {
      const err = validateBlocks(p.blocks);
      if (err) return err;
    }
    if (!hasText && p.blocks === undefined && p.attachments === undefined) return 'no_text';
    if (typeof p.text === 'string' && p.text.length > 40_000) return 'msg_too_long';
    return undefined;
  }
}

/** A reply in a thread (not its parent). */
const isReply = (m: FakeSlackMessage) => m.thread_ts !== undefined && m.thread_ts !== m.ts;

/** A Slack ts (`seconds.micros`, or whole seconds) as an integer count of microseconds, for exact comparisons. */
export function tsMicros(ts: string): number {
  const [sec = '0', frac = ''] = ts.split('.');
  return Number(sec) * 1e6 + Number(frac.padEnd(6, '0').slice(0, 6));
}

/** The scope conversations.history needs for a channel id, as the fake names conversations (D… DMs, G0DM… group DMs, G… private). */
export const historyScopeFor = (channel: string): string =>
  channel.startsWith('D') ? 'im:history' : channel.startsWith('G0DM') ? 'mpim:history' : channel.startsWith('G') ? 'groups:history' : 'channels:history';
