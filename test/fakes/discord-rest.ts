// REST routes of the fake Discord API (`/api/v10/...`). Route patterns match percent-DECODED path segments,
// so `%40original` and `%40me` match `@original` / `@me`, and emoji arrive decoded.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import {
  Perm, apiChannel, apiGuild, apiMember, apiMessage, apiUser, botRoleId, snowflake,
  type FakeChannel, type FakeGuild, type FakeUser, type InteractionRecord, type ReactionRecord, type StoredMessage,
} from './discord-model.ts';
import { Errors, apiError, faultReply, json, validateCommands, validateMessage, type Reply } from './discord-limits.ts';
import { matchRoute, matches, parseBody, rateLimit, type RateLimitOptions, type RouteMatcher, type Window } from './discord-http.ts';
import type { Chaos } from './chaos.ts';
import { answerAfter, refusedBodyReply, revokedTokenReply, takeLateAnswer, type FaultModes } from './discord-faults.ts';
import { sendPermissionFor, startThread } from './discord-threads.ts';

export type { RateLimitOptions, RouteMatcher } from './discord-http.ts';

export interface RecordedRequest {
  method: string;
  /** Percent-decoded path after `/api/v10`, without query (e.g. `/webhooks/1/tok/messages/@original`). */
  path: string;
  /** The request target exactly as received (e.g. `/api/v10/webhooks/1/tok/messages/%40original?with_components=false`). */
  rawPath: string;
  query: Record<string, string>;
  /** Parsed JSON body (or `payload_json` of a multipart body), raw string otherwise, undefined if empty. */
  body: unknown;
  headers: IncomingHttpHeaders;
  at: number;
  /** Status the fake answered. */
  status: number;
  /** Set when the answer was held back this many ms after handling (`answerLate`, chaos `rateSlow`). */
  lateMs?: number;
  /**
   * Set on a message create that repeated the nonce of a message made within NONCE_WINDOW_MS (`enforce_nonce`): it was
   * answered 200 with that message and created nothing. A 200 create without it made a new message.
   */
  nonceReplay?: true;
}

export interface FaultSpec {
  /** Matched against `"METHOD /decoded/path"` (e.g. `"POST /channels/123/messages"`): RegExp test, string = substring. */
  route: RouteMatcher;
  status: number;
  times?: number;
  retryAfterSec?: number;
  code?: number;
  message?: string;
  /** 429 only: mark as global rate limit (X-RateLimit-Global). */
  global?: boolean;
}

export interface FakeState {
  gatewayUrl: string;
  bot: FakeUser;
  applicationId: string;
  guilds: FakeGuild[];
  channels: Map<string, FakeChannel>;
  users: Map<string, FakeUser>;
  messagesByChannel: Map<string, StoredMessage[]>;
  messageById: Map<string, StoredMessage>;
  interactions: Map<string, InteractionRecord>;
  requests: RecordedRequest[];
  reactions: ReactionRecord[];
  registeredCommands: Map<string, Array<Record<string, unknown>>>;
  faults: Array<FaultSpec & { remaining: number }>;
  /** Probabilistic 500/429 on the requests `route` matches, drawn per request path (see chaos.ts). */
  chaos?: { chaos: Chaos; route: RouteMatcher };
  /** Revoked token, refused bodies, late answers (discord-faults.ts). */
  modes: FaultModes;
  /** The fake's clock for message timestamps and the nonce window: `Date.now()` plus `advanceClock` so far. */
  now: () => number;
  blockedDmUsers: Set<string>;
  rateLimits: RateLimitOptions | undefined;
  latencyMs: number;
  shards: number;
  maxConcurrency: number;
  interactionTimeoutMs: number;
  echoOwnReactions: boolean;
  statusCounts: Map<number, number>;
  dispatch: (t: string, d: unknown) => number;
  reactionEvent: (add: boolean, r: { guildId: string | null; channelId: string; messageId: string; userId: string; emoji: string }) => Record<string, unknown>;
}

interface Ctx {
  method: string;
  p: Record<string, string>;
  body: any; // request JSON
  query: URLSearchParams;
}
type Handler = (s: FakeState, c: Ctx) => Reply;

const noContent = (after?: () => void): Reply => ({ status: 204, ...(after ? { after } : {}) });

export function storeMessage(s: FakeState, ch: FakeChannel, body: any, via: StoredMessage['via'], token?: string, flags = 0): StoredMessage {
  const m: StoredMessage = {
    id: snowflake(), channelId: ch.id, guildId: ch.guildId, content: String(body?.content ?? ''),
    embeds: body?.embeds ?? [], components: body?.components ?? [], flags: (body?.flags ?? 0) | flags, via,
    ...(token ? { interactionToken: token } : {}), body, createdAt: s.now(), editedAt: null, deleted: false, reactions: new Map(),
  };
  const list = s.messagesByChannel.get(ch.id) ?? [];
  list.push(m);
  s.messagesByChannel.set(ch.id, list);
  s.messageById.set(m.id, m);
  return m;
}

function editStored(m: StoredMessage, body: any): void {
  if (body && 'content' in body) m.content = String(body.content ?? '');
  if (body && 'embeds' in body) m.embeds = body.embeds ?? [];
  if (body && 'components' in body) m.components = body.components ?? [];
  m.flags &= ~128; // LOADING cleared once a deferred reply is edited
  m.body = body;
  m.editedAt = Date.now();
}

/** Channel access as the bot: 404 unknown/deleted, 403 50001 left guild or no ViewChannel, 403 50013 missing `need`. */
function access(s: FakeState, cid: string, need: bigint): FakeChannel | Reply {
  const ch = s.channels.get(cid);
  if (!ch || ch.deleted) return Errors.unknownChannel();
  if (ch.guildId === null) {
    return need & Perm.SendMessages && s.blockedDmUsers.has(ch.recipientId ?? '') ? Errors.cannotDm() : ch;
  }
  const g = s.guilds.find((x) => x.id === ch.guildId);
  if (!g || g.left || ch.botDeny & Perm.ViewChannel) return Errors.missingAccess();
  const effective = (g.botPermissions | g.everyonePermissions) & ~ch.botDeny;
  return (need & ~effective) !== 0n ? Errors.missingPermissions() : ch;
}
/**
 * How long the fake remembers a nonce for `enforce_nonce`. Discord documents only "the past few minutes"; the fake
 * takes 5 minutes (docs/decisions/085).
 */
export const NONCE_WINDOW_MS = 5 * 60_000;

/** The bot's message created in this channel with this nonce within the window: a create with `enforce_nonce` returns it. */
function sameNonce(s: FakeState, channelId: string, nonce: string): StoredMessage | undefined {
  return (s.messagesByChannel.get(channelId) ?? []).find(
    (m) => m.via === 'channel' && String((m.body as { nonce?: unknown } | undefined)?.nonce) === nonce && s.now() - m.createdAt < NONCE_WINDOW_MS,
  );
}

const isReply = (x: unknown): x is Reply => typeof x === 'object' && x !== null && 'status' in x;
const msg = (s: FakeState, m: StoredMessage) => json(200, apiMessage(m, s.bot, s.applicationId));

function reactionRoute(add: boolean, own: boolean): Handler {
  return (s, { p }) => {
    const ch = access(s, p.cid!, add ? Perm.AddReactions | Perm.ReadMessageHistory : Perm.ReadMessageHistory);
    if (isReply(ch)) return ch;
    const m = s.messageById.get(p.mid!);
    if (!m || m.deleted || m.channelId !== ch.id) return Errors.unknownMessage();
    const userId = own ? s.bot.id : p.uid!;
    const set = m.reactions.get(p.emoji!) ?? new Set<string>();
    if (add) set.add(userId);
    else set.delete(userId);
    m.reactions.set(p.emoji!, set);
    s.reactions.push({ op: add ? 'add' : 'remove', channelId: ch.id, messageId: m.id, emoji: p.emoji!, userId, at: Date.now() });
    const echo = { guildId: ch.guildId, channelId: ch.id, messageId: m.id, userId, emoji: p.emoji! };
    return noContent(s.echoOwnReactions ? () => s.dispatch(add ? 'MESSAGE_REACTION_ADD' : 'MESSAGE_REACTION_REMOVE', s.reactionEvent(add, echo)) : undefined);
  };
}

function webhookMessage(s: FakeState, p: Record<string, string>): StoredMessage | Reply {
  const rec = s.interactions.get(p.token!);
  if (!rec || p.app !== s.applicationId) return Errors.unknownWebhook();
  const id = p.mid === '@original' ? rec.originalMessageId : p.mid;
  const m = id ? s.messageById.get(id) : undefined;
  return m && !m.deleted && m.interactionToken === rec.token ? m : Errors.unknownMessage();
}

function putCommands(s: FakeState, scope: string, cmds: Array<Record<string, unknown>>): Reply {
  const bad = validateCommands(cmds);
  if (bad) return bad;
  const old = s.registeredCommands.get(scope) ?? [];
  const out = cmds.map((c) => ({
    id: old.find((o) => o.name === c.name)?.id ?? snowflake(), application_id: s.applicationId, version: snowflake(),
    type: 1, default_member_permissions: null, nsfw: false, description: '', options: [],
    ...(scope === 'global' ? {} : { guild_id: scope }), ...c,
  }));
  s.registeredCommands.set(scope, out);
  return json(200, out);
}

function guildOr(s: FakeState, gid: string): FakeGuild | Reply {
  const g = s.guilds.find((x) => x.id === gid);
  return !g ? Errors.unknownGuild() : g.left ? Errors.missingAccess() : g;
}

const routes: Array<[string, string, Handler]> = [
  ['GET', '/gateway/bot', (s) => json(200, { url: s.gatewayUrl, shards: s.shards,
    session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: s.maxConcurrency } })],
  ['GET', '/gateway', (s) => json(200, { url: s.gatewayUrl })],
  ['GET', '/users/@me', (s) => json(200, apiUser(s.bot))],
  ['GET', '/applications/@me', (s) => json(200, { id: s.applicationId, name: s.bot.username, icon: null, description: '',
    bot_public: true, bot_require_code_grant: false, flags: 0, bot: apiUser(s.bot), owner: apiUser(s.bot), verify_key: 'fake', team: null })],
  ['POST', '/users/@me/channels', (s, { body }) => {
    const rid = String(body?.recipient_id ?? '');
    if (!s.users.has(rid)) s.users.set(rid, { id: rid, username: `user${rid.slice(-4)}` });
    let ch = [...s.channels.values()].find((c) => c.type === 1 && c.recipientId === rid);
    if (!ch) {
      ch = { id: snowflake(), name: '', type: 1, guildId: null, botDeny: 0n, recipientId: rid };
      s.channels.set(ch.id, ch);
    }
    return json(200, apiChannel(ch, s.bot, s.users));
  }],
  ['GET', '/users/:uid', (s, { p }) => { const u = s.users.get(p.uid!); return u ? json(200, apiUser(u)) : Errors.unknownUser(); }],
  ['GET', '/channels/:cid', (s, { p }) => { const ch = access(s, p.cid!, 0n); return isReply(ch) ? ch : json(200, apiChannel(ch, s.bot, s.users)); }],
  ['POST', '/channels/:cid/messages', (s, { p, body }) => {
    const ch = access(s, p.cid!, sendPermissionFor(s.channels.get(p.cid!)) | (body?.embeds?.length ? Perm.EmbedLinks : 0n));
    if (isReply(ch)) return ch;
    const bad = validateMessage(body) ?? refusedBodyReply(s.modes, body);
    if (bad) return bad;
    const same = body?.enforce_nonce && body?.nonce !== undefined ? sameNonce(s, ch.id, String(body.nonce)) : undefined;
    return same ? { ...msg(s, same), nonceReplay: true } : msg(s, storeMessage(s, ch, body, 'channel'));
  }],
  ['GET', '/channels/:cid/messages/:mid', (s, { p }) => {
    const ch = access(s, p.cid!, Perm.ReadMessageHistory);
    if (isReply(ch)) return ch;
    const m = s.messageById.get(p.mid!);
    return m && !m.deleted && m.channelId === ch.id ? msg(s, m) : Errors.unknownMessage();
  }],
  ['PATCH', '/channels/:cid/messages/:mid', (s, { p, body }) => {
    const ch = access(s, p.cid!, 0n);
    if (isReply(ch)) return ch;
    const m = s.messageById.get(p.mid!);
    if (!m || m.deleted || m.channelId !== ch.id) return Errors.unknownMessage();
    const bad = validateMessage(body, true);
    if (bad) return bad;
    editStored(m, body);
    return msg(s, m);
  }],
  ['DELETE', '/channels/:cid/messages/:mid', (s, { p }) => {
    const m = s.messageById.get(p.mid!);
    if (!m || m.deleted || m.channelId !== p.cid) return Errors.unknownMessage();
    m.deleted = true;
    return noContent();
  }],
  ['POST', '/channels/:cid/messages/:mid/threads', (s, { p, body }) => {
    const ch = access(s, p.cid!, Perm.CreatePublicThreads);
    return isReply(ch) ? ch : startThread(s, ch, p.mid!, body);
  }],
  ['PUT', '/channels/:cid/messages/:mid/reactions/:emoji/@me', reactionRoute(true, true)],
  ['DELETE', '/channels/:cid/messages/:mid/reactions/:emoji/@me', reactionRoute(false, true)],
  ['DELETE', '/channels/:cid/messages/:mid/reactions/:emoji/:uid', reactionRoute(false, false)],
  ['GET', '/channels/:cid/messages/:mid/reactions/:emoji', (s, { p }) => {
    const m = s.messageById.get(p.mid!);
    if (!m || m.deleted || m.channelId !== p.cid) return Errors.unknownMessage();
    const ids = [...(m.reactions.get(p.emoji!) ?? [])];
    return json(200, ids.map((id) => apiUser(s.users.get(id) ?? { id, username: `user${id.slice(-4)}` })));
  }],
  ['GET', '/guilds/:gid', (s, { p }) => { const g = guildOr(s, p.gid!); return isReply(g) ? g : json(200, apiGuild(g)); }],
  ['GET', '/guilds/:gid/channels', (s, { p }) => {
    const g = guildOr(s, p.gid!);
    return isReply(g) ? g : json(200, g.channels.filter((c) => !c.deleted).map((c) => apiChannel(c, s.bot, s.users)));
  }],
  ['GET', '/guilds/:gid/members/:uid', (s, { p }) => {
    const g = guildOr(s, p.gid!);
    if (isReply(g)) return g;
    const u = s.users.get(p.uid!);
    return u ? json(200, apiMember(u, u.id === s.bot.id ? [botRoleId(g)] : [])) : apiError(404, 10007, 'Unknown Member');
  }],
  ['PUT', '/applications/:app/commands', (s, { p, body }) => p.app === s.applicationId ? putCommands(s, 'global', body) : Errors.missingAccess()],
  ['GET', '/applications/:app/commands', (s) => json(200, s.registeredCommands.get('global') ?? [])],
  ['PUT', '/applications/:app/guilds/:gid/commands', (s, { p, body }) => {
    const g = guildOr(s, p.gid!);
    return isReply(g) ? g : p.app === s.applicationId ? putCommands(s, g.id, body) : Errors.missingAccess();
  }],
  ['GET', '/applications/:app/guilds/:gid/commands', (s, { p }) => json(200, s.registeredCommands.get(p.gid!) ?? [])],
  ['POST', '/interactions/:iid/:token/callback', (s, { p, body, query }) => {
    const rec = s.interactions.get(p.token!);
    if (!rec || rec.id !== p.iid) return Errors.unknownInteraction();
    if (rec.callbacks.length > 0) return Errors.alreadyAcked();
    if (s.interactionTimeoutMs > 0 && Date.now() - rec.createdAt > s.interactionTimeoutMs) return Errors.unknownInteraction();
    const type = Number(body?.type);
    const ch = s.channels.get(rec.channelId);
    let m: StoredMessage | undefined;
    if (type === 4 || type === 5) {
      if (!ch) return Errors.unknownChannel();
      if (type === 4) {
        const bad = validateMessage(body?.data);
        if (bad) return bad;
      }
      m = storeMessage(s, ch, type === 4 ? body.data : { flags: body?.data?.flags ?? 0 }, 'interaction', rec.token, type === 5 ? 128 : 0);
      rec.originalMessageId = m.id;
    } else if (type === 8) {
      const choices = body?.data?.choices ?? [];
      if (!Array.isArray(choices) || choices.length > 25) return apiError(400, 50035, 'Invalid Form Body', { data: { choices: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } } });
      rec.autocompleteChoices = choices;
    } else if (![6, 7, 9].includes(type)) {
      return apiError(400, 50035, 'Invalid Form Body', { type: { _errors: [{ code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {1, 4, 5, 6, 7, 8, 9, 10, 12}.' }] } });
    }
    rec.callbacks.push({ type, data: body?.data, at: Date.now() });
    if (query.get('with_response') !== 'true') return noContent();
    return json(200, {
      interaction: { id: rec.id, type: rec.type, response_message_id: m?.id ?? null, response_message_loading: type === 5, response_message_ephemeral: ((m?.flags ?? 0) & 64) !== 0 },
      resource: { type, ...(m ? { message: apiMessage(m, s.bot, s.applicationId) } : {}) },
    });
  }],
  ['POST', '/webhooks/:app/:token', (s, { p, body, query }) => {
    const rec = s.interactions.get(p.token!);
    if (!rec || p.app !== s.applicationId || rec.callbacks.length === 0) return Errors.unknownWebhook();
    const ch = s.channels.get(rec.channelId);
    if (!ch) return Errors.unknownChannel();
    const bad = validateMessage(body);
    if (bad) return bad;
    const m = storeMessage(s, ch, body, 'followup', rec.token);
    return query.get('wait') === 'true' ? msg(s, m) : noContent();
  }],
  ['GET', '/webhooks/:app/:token/messages/:mid', (s, { p }) => { const m = webhookMessage(s, p); return isReply(m) ? m : msg(s, m); }],
  ['PATCH', '/webhooks/:app/:token/messages/:mid', (s, { p, body }) => {
    const m = webhookMessage(s, p);
    if (isReply(m)) return m;
    const bad = validateMessage(body, true);
    if (bad) return bad;
    editStored(m, body);
    return msg(s, m);
  }],
  ['DELETE', '/webhooks/:app/:token/messages/:mid', (s, { p }) => {
    const m = webhookMessage(s, p);
    if (isReply(m)) return m;
    m.deleted = true;
    return noContent();
  }],
];

export function createRestHandler(s: FakeState): (req: IncomingMessage, res: ServerResponse) => void {
  const buckets = new Map<string, Window>();
  const write = (res: ServerResponse, r: Reply): void => {
    s.statusCounts.set(r.status, (s.statusCounts.get(r.status) ?? 0) + 1);
    // A 204 (or any body-less reply) must not claim a JSON content type: discord.js would try to parse it.
    if (r.body === undefined) res.writeHead(r.status, r.headers ?? {}).end();
    else res.writeHead(r.status, { ...r.headers, 'Content-Type': 'application/json' }).end(JSON.stringify(r.body));
    r.after?.();
  };
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawPath = req.url ?? '/';
      const url = new URL(rawPath, 'http://fake');
      const method = req.method ?? 'GET';
      const prefix = '/api/v10';
      const body = parseBody(Buffer.concat(chunks).toString('utf8'), String(req.headers['content-type'] ?? ''));
      const segs = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length).split('/').map((x) => { try { return decodeURIComponent(x); } catch { return x; } }) : null;
      const path = segs ? segs.join('/') : url.pathname;
      const rec: RecordedRequest = { method, path, rawPath, query: Object.fromEntries(url.searchParams), body, headers: req.headers, at: Date.now(), status: 0 };
      s.requests.push(rec);
      const respond = (): void => {
        let reply: Reply | undefined;
        const fault = s.faults.find((f) => f.remaining > 0 && matches(f.route, method, path));
        if (fault) {
          fault.remaining -= 1;
          reply = faultReply(fault);
        }
        reply ??= revokedTokenReply(s.modes, req.headers);
        let lost = false;
        let lateMs = 0;
        if (!reply && s.chaos && matches(s.chaos.route, method, path)) {
          const verdict = s.chaos.chaos.draw(path);
          if (verdict === 'lost') lost = true;
          else if (verdict === 'slow') lateMs = s.chaos.chaos.options.slowMs;
          else if (verdict !== 'ok') reply = faultReply({ status: Number(verdict), retryAfterSec: s.chaos.chaos.options.retryAfterSec });
        }
        let extra: Record<string, string> = {};
        if (!reply && segs) {
          const rl = rateLimit(s.rateLimits, buckets, method, path, req.headers.authorization !== undefined);
          if (isReply(rl)) reply = rl;
          else extra = rl;
        }
        if (!reply && segs) {
          for (const [m, pattern, h] of routes) {
            const p = m === method ? matchRoute(pattern, segs) : null;
            if (p) {
              reply = h(s, { method, p, body, query: url.searchParams });
              break;
            }
          }
        }
        reply ??= Errors.notFound();
        if (lost && reply.status < 300) reply = faultReply({ status: 500 });
        reply.headers = { ...extra, ...reply.headers };
        rec.status = reply.status;
        if (reply.nonceReplay && reply.status < 300) rec.nonceReplay = true;
        lateMs = Math.max(lateMs, takeLateAnswer(s.modes, method, path));
        if (lateMs > 0) rec.lateMs = lateMs;
        const answer = reply;
        answerAfter(s.modes, lateMs, () => write(res, answer), method, path);
      };
      if (s.latencyMs > 0) setTimeout(respond, s.latencyMs);
      else respond();
    });
  };
}
