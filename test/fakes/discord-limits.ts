// Validation of message / command bodies against Discord's limits, and fault / rate-limit replies.
// A breach answers 400 like Discord: {code:50035, message:'Invalid Form Body', errors:{...{_errors:[...]}}}.
import { componentBreach } from './discord-components.ts';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Run after the response is written (e.g. gateway echo of a reaction). */
  after?: () => void;
  /** A message create answered with the message its nonce already made (`enforce_nonce`): nothing was created. */
  nonceReplay?: boolean;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, ...(headers ? { headers } : {}) };
}

export function apiError(status: number, code: number, message: string, errors?: unknown): Reply {
  return json(status, errors === undefined ? { message, code } : { message, code, errors });
}

export const Errors = {
  unknownChannel: () => apiError(404, 10003, 'Unknown Channel'),
  unknownMessage: () => apiError(404, 10008, 'Unknown Message'),
  unknownWebhook: () => apiError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => apiError(404, 10062, 'Unknown interaction'),
  unknownGuild: () => apiError(404, 10004, 'Unknown Guild'),
  unknownUser: () => apiError(404, 10013, 'Unknown User'),
  missingAccess: () => apiError(403, 50001, 'Missing Access'),
  missingPermissions: () => apiError(403, 50013, 'Missing Permissions'),
  cannotDm: () => apiError(403, 50007, 'Cannot send messages to this user'),
  alreadyAcked: () => apiError(400, 40060, 'Interaction has already been acknowledged.'),
  emptyMessage: () => apiError(400, 50006, 'Cannot send an empty message'),
  notFound: () => apiError(404, 0, '404: Not Found'),
} as const;

const DEFAULT_MESSAGES: Record<number, [number, string]> = {
  400: [50035, 'Invalid Form Body'],
  401: [0, '401: Unauthorized'],
  403: [50001, 'Missing Access'],
  404: [10003, 'Unknown Channel'],
  500: [0, '500: Internal Server Error'],
  502: [0, '502: Bad Gateway'],
  503: [0, '503: Service Unavailable'],
};

/**
 * A 429 with the headers the discord.js REST client reads. A route limit carries its bucket headers; a global one carries
 * only `Retry-After`, `X-RateLimit-Global` and `X-RateLimit-Scope: global`, as in Discord's documented example (a bucket
 * header there would make discord.js re-key the route and forget every channel's bucket state). `retryAfterSec` may be
 * fractional.
 */
export function rateLimited(
  retryAfterSec: number,
  opts: { global?: boolean; limit?: number; bucket?: string; scope?: string } = {},
): Reply {
  const ra = Math.max(0, retryAfterSec);
  const body = { message: 'You are being rate limited.', retry_after: ra, global: opts.global ?? false };
  if (opts.global) return json(429, body, { 'Retry-After': String(ra), 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' });
  return json(429, body, {
    'Retry-After': String(ra),
    'X-RateLimit-Limit': String(opts.limit ?? 5),
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': (Date.now() / 1000 + ra).toFixed(3),
    'X-RateLimit-Reset-After': ra.toFixed(3),
    'X-RateLimit-Bucket': opts.bucket ?? 'fakebucket',
    'X-RateLimit-Scope': opts.scope ?? 'user',
  });
}

/** The reply for an injected fault. */
export function faultReply(f: { status: number; code?: number; message?: string; retryAfterSec?: number; global?: boolean }): Reply {
  if (f.status === 429) return rateLimited(f.retryAfterSec ?? 1, { global: f.global ?? false });
  const [code, message] = DEFAULT_MESSAGES[f.status] ?? [0, `${f.status}: Error`];
  return apiError(f.status, f.code ?? code, f.message ?? message);
}

type Errs = Record<string, unknown>;
const tooLong = (max: number) => ({ _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` }] });

function checkLen(errs: Errs, key: string, v: unknown, max: number): void {
  if (typeof v === 'string' && v.length > max) errs[key] = tooLong(max);
}

type Embed = {
  title?: string;
  description?: string;
  fields?: Array<{ name?: string; value?: string }>;
  footer?: { text?: string };
  author?: { name?: string };
};

function embedSize(e: Embed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text?.length ?? 0) + (e.author?.name?.length ?? 0);
  for (const f of e.fields ?? []) n += (f.name?.length ?? 0) + (f.value?.length ?? 0);
  return n;
}

function collectCustomIds(components: unknown, out: string[]): void {
  if (!Array.isArray(components)) return;
  for (const c of components as Array<{ custom_id?: unknown; components?: unknown }>) {
    if (typeof c.custom_id === 'string') out.push(c.custom_id);
    collectCustomIds(c.components, out);
  }
}

/** Validate a message create/edit body. `partial` (edits): an absent field keeps its value, so emptiness is not checked. */
export function validateMessage(body: unknown, partial = false): Reply | null {
  const b = (typeof body === 'object' && body !== null ? body : {}) as {
    content?: unknown;
    embeds?: unknown;
    components?: unknown;
    sticker_ids?: unknown;
    attachments?: unknown;
  };
  const errs: Errs = {};
  checkLen(errs, 'content', b.content, 2000);
  const embeds = Array.isArray(b.embeds) ? (b.embeds as Embed[]) : [];
  if (embeds.length > 10) errs.embeds = tooLong(10);
  else {
    const per: Errs = {};
    embeds.forEach((e, i) => {
      const ee: Errs = {};
      checkLen(ee, 'title', e.title, 256);
      checkLen(ee, 'description', e.description, 4096);
      if ((e.fields?.length ?? 0) > 25) ee.fields = tooLong(25);
      else
        e.fields?.forEach((f, j) => {
          const fe: Errs = {};
          checkLen(fe, 'name', f.name, 256);
          checkLen(fe, 'value', f.value, 1024);
          if (Object.keys(fe).length) ee.fields = { ...(ee.fields as Errs | undefined), [j]: fe };
        });
      if (e.footer) checkLen(ee, 'footer', e.footer.text, 2048);
      if (e.author) checkLen(ee, 'author', e.author.name, 256);
      if (Object.keys(ee).length) per[i] = ee;
    });
    const total = embeds.reduce((n, e) => n + embedSize(e), 0);
    if (Object.keys(per).length) errs.embeds = per;
    else if (total > 6000)
      errs.embeds = { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' }] };
  }
  const ids: string[] = [];
  collectCustomIds(b.components, ids);
  if (ids.some((id) => id.length > 100)) errs.components = { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'custom_id: Must be 100 or fewer in length.' }] };
  const breach = errs.components ? undefined : componentBreach(b.components);
  if (breach) errs.components = { _errors: [{ code: 'COMPONENT_LAYOUT_INVALID', message: breach }] };
  if (Object.keys(errs).length) return apiError(400, 50035, 'Invalid Form Body', errs);
  if (!partial) {
    const empty =
      (typeof b.content !== 'string' || b.content.length === 0) &&
      embeds.length === 0 &&
      (!Array.isArray(b.components) || b.components.length === 0) &&
      (!Array.isArray(b.sticker_ids) || b.sticker_ids.length === 0) &&
      (!Array.isArray(b.attachments) || b.attachments.length === 0);
    if (empty) return Errors.emptyMessage();
  }
  return null;
}

/** Basic application command checks: name 1–32 lowercase, chat-input description 1–100, ≤25 options, ≤100 commands. */
export function validateCommands(cmds: unknown): Reply | null {
  if (!Array.isArray(cmds)) return apiError(400, 50035, 'Invalid Form Body', { _errors: [{ code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }] });
  if (cmds.length > 100) return apiError(400, 30032, 'Maximum number of application commands reached (100)');
  const errs: Errs = {};
  cmds.forEach((c: { name?: unknown; description?: unknown; type?: unknown; options?: unknown }, i) => {
    const ce: Errs = {};
    if (typeof c.name !== 'string' || !/^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u.test(c.name))
      ce.name = { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }] };
    if ((c.type ?? 1) === 1 && (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 100))
      ce.description = { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] };
    if (Array.isArray(c.options) && c.options.length > 25) ce.options = tooLong(25);
    if (Object.keys(ce).length) errs[i] = ce;
  });
  return Object.keys(errs).length ? apiError(400, 50035, 'Invalid Form Body', errs) : null;
}
