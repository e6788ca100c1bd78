// HTTP plumbing for the fake Discord REST API: route matching, fault matching, body parsing, rate-limit windows.
import { rateLimited, type Reply } from './discord-limits.ts';

export type RouteMatcher = RegExp | string | ((method: string, path: string) => boolean);

export interface RateLimitOptions {
  /**
   * Requests per second over all bot-authenticated requests. Interaction endpoints (the callback and the webhook routes
   * an interaction token opens) are exempt, with or without a token: "Interaction endpoints are not bound to the bot's
   * Global Rate Limit" (Discord's Rate Limits page).
   */
  globalPerSecond?: number;
  /** Fixed-window limit for `POST /channels/{id}/messages` per channel (Discord: 5 per 5 s). */
  perChannel?: { count: number; windowMs: number };
  /** Fixed-window limit for reaction PUT/DELETE per channel (Discord: 1 per 250 ms). */
  reactionsPerChannel?: { count: number; windowMs: number };
}

export function matchRoute(pattern: string, segs: string[]): Record<string, string> | null {
  const ps = pattern.split('/');
  if (ps.length !== segs.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < ps.length; i++) {
    if (ps[i]!.startsWith(':')) params[ps[i]!.slice(1)] = segs[i]!;
    else if (ps[i] !== segs[i]) return null;
  }
  return params;
}

export function matches(m: RouteMatcher, method: string, path: string): boolean {
  const key = `${method} ${path}`;
  if (typeof m === 'function') return m(method, path);
  return typeof m === 'string' ? key.includes(m) : m.test(key);
}

export type Window = { count: number; resetAt: number };
function takeWindow(buckets: Map<string, Window>, key: string, limit: { count: number; windowMs: number }, now: number): { ok: boolean; w: Window } {
  let w = buckets.get(key);
  if (!w || now >= w.resetAt) buckets.set(key, (w = { count: 0, resetAt: now + limit.windowMs }));
  if (w.count >= limit.count) return { ok: false, w };
  w.count += 1;
  return { ok: true, w };
}

/** `POST /interactions/{id}/{token}/callback` and `/webhooks/{application}/{interaction token}[/messages/{id}]`. */
export function isInteractionEndpoint(path: string): boolean {
  return /^\/interactions\/\d+\/[^/]+\/callback$/.test(path) || /^\/webhooks\/\d+\/[^/]+(\/messages\/[^/]+)?$/.test(path);
}

/** Enforce configured rate limits. Returns a 429 or the X-RateLimit-* headers to add to the real reply. */
export function rateLimit(rl: RateLimitOptions | undefined, buckets: Map<string, Window>, method: string, path: string, authed: boolean): Reply | Record<string, string> {
  if (!rl) return {};
  const now = Date.now();
  if (authed && rl.globalPerSecond && !isInteractionEndpoint(path)) {
    const g = takeWindow(buckets, 'global', { count: rl.globalPerSecond, windowMs: 1000 }, now);
    if (!g.ok) return rateLimited((g.w.resetAt - now) / 1000, { global: true, limit: rl.globalPerSecond });
  }
  const cm = /^\/channels\/(\d+)\/messages(\/\d+\/reactions\/.*)?$/.exec(path);
  const limit = cm && (cm[2] ? (method === 'PUT' || method === 'DELETE') && rl.reactionsPerChannel : method === 'POST' && rl.perChannel);
  if (!cm || !limit) return {};
  const bucket = cm[2] ? 'reactions' : 'messages';
  const { ok, w } = takeWindow(buckets, `${bucket}:${cm[1]}`, limit, now);
  const after = Math.max(0, w.resetAt - now) / 1000;
  if (!ok) return rateLimited(after, { limit: limit.count, bucket: `fake-${bucket}` });
  return {
    'X-RateLimit-Limit': String(limit.count), 'X-RateLimit-Remaining': String(limit.count - w.count),
    'X-RateLimit-Reset': (w.resetAt / 1000).toFixed(3), 'X-RateLimit-Reset-After': after.toFixed(3), 'X-RateLimit-Bucket': `fake-${bucket}`,
  };
}

export function parseBody(raw: string, contentType: string): unknown {
  if (raw.length === 0) return undefined;
  try {
    if (contentType.includes('application/json')) return JSON.parse(raw);
    if (contentType.includes('multipart/form-data')) {
      const m = /name="payload_json"[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw);
      return m ? JSON.parse(m[1]!) : raw;
    }
  } catch {
    /* fall through: keep the raw text */
  }
  return raw;
}
