import { createHash } from 'node:crypto';

/**
 * The Lua scripts of the Redis backend. Each runs as one atomic step in Redis and reads the clock with `TIME`, so
 * expiry is judged by the server's clock, never the client's. A field's value is `expiresAt|value` (`expiresAt` in epoch
 * ms, 0 = never); a field without that prefix was not written by paperboy and is treated as expired: reads skip it,
 * writes replace it, purge deletes it (docs/decisions/081).
 */
const PRELUDE = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function live(raw, now)
  if not raw then return nil end
  local e, v = string.match(raw, '^(%d+)|(.*)$')
  if not e then return nil end
  local at = tonumber(e)
  if at ~= 0 and at <= now then return nil end
  return v, at
end
local function enc(value, ttl, now)
  if ttl == nil or ttl == '' then return '0|' .. value end
  return string.format('%d', now + tonumber(ttl)) .. '|' .. value
end
local function holds(h, f, expected, now)
  return live(redis.call('HGET', h, f), now) == expected
end
`;

const scripts = {
  /** KEYS: hash. ARGV: field. The live value, or nil. */
  get: `local v = live(redis.call('HGET', KEYS[1], ARGV[1]), now_ms()) return v`,
  /** KEYS: hash. ARGV: field, value, ttl ('' = never). */
  set: `redis.call('HSET', KEYS[1], ARGV[1], enc(ARGV[2], ARGV[3], now_ms())) return 1`,
  /** KEYS: hash. ARGV: field, value, ttl. 1 when stored (absent, expired or unreadable before), 0 otherwise. */
  add: `
local now = now_ms()
if live(redis.call('HGET', KEYS[1], ARGV[1]), now) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], enc(ARGV[2], ARGV[3], now))
return 1`,
  /** KEYS: hash. ARGV: field, owner, ttl. The token held by owner (same one when already held), 0 when held by another. */
  acquire: `
local now = now_ms()
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local held = live(raw, now)
if held then
  local bar = string.find(held, '|', 1, true)
  if bar and string.sub(held, bar + 1) == ARGV[2] then return tonumber(string.sub(held, 1, bar - 1)) or 0 end
  return 0
end
local prev = 0
if raw then prev = tonumber(string.match(raw, '^%d+|(%d+)|') or '0') end
local token = math.max(prev + 1, now)
redis.call('HSET', KEYS[1], ARGV[1], enc(string.format('%d', token) .. '|' .. ARGV[2], ARGV[3], now))
return token`,
  /** KEYS: lease hash. ARGV: field, lease value, ttl. */
  renew: `
local now = now_ms()
if not holds(KEYS[1], ARGV[1], ARGV[2], now) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], enc(ARGV[2], ARGV[3], now))
return 1`,
  /** KEYS: lease hash. ARGV: field, lease value. Ms left, 0 when not held, -1 when it never expires. */
  remaining: `
local now = now_ms()
local v, at = live(redis.call('HGET', KEYS[1], ARGV[1]), now)
if v ~= ARGV[2] then return 0 end
if at == 0 then return -1 end
return at - now`,
  /** KEYS: lease hash. ARGV: field, lease value. */
  release: `
if not holds(KEYS[1], ARGV[1], ARGV[2], now_ms()) then return 0 end
return redis.call('HDEL', KEYS[1], ARGV[1])`,
  /** KEYS: lease hash, target hash. ARGV: lease field, lease value, field, value, ttl. */
  setIfHolds: `
local now = now_ms()
if not holds(KEYS[1], ARGV[1], ARGV[2], now) then return 0 end
redis.call('HSET', KEYS[2], ARGV[3], enc(ARGV[4], ARGV[5], now))
return 1`,
  /** KEYS: lease hash, target hash. ARGV: lease field, lease value, field, value, ttl. */
  addIfHolds: `
local now = now_ms()
if not holds(KEYS[1], ARGV[1], ARGV[2], now) then return 'fenced' end
if live(redis.call('HGET', KEYS[2], ARGV[3]), now) then return 'exists' end
redis.call('HSET', KEYS[2], ARGV[3], enc(ARGV[4], ARGV[5], now))
return 'added'`,
  /** KEYS: lease hash, target hash. ARGV: lease field, lease value, field. */
  deleteIfHolds: `
if not holds(KEYS[1], ARGV[1], ARGV[2], now_ms()) then return 0 end
return redis.call('HDEL', KEYS[2], ARGV[3])`,
  /** KEYS: hash. ARGV: fields. Deletes those of the fields that are still not live, now; returns how many. */
  purge: `
local now = now_ms()
local gone = 0
for i = 1, #ARGV do
  local raw = redis.call('HGET', KEYS[1], ARGV[i])
  if raw and not live(raw, now) then gone = gone + redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return gone`,
};

export type ScriptName = keyof typeof scripts;

export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
}

/** Every script with the prelude, and its SHA1 for EVALSHA. */
export const LUA: Record<ScriptName, LuaScript> = Object.fromEntries(
  Object.entries(scripts).map(([name, body]) => {
    const source = PRELUDE + body;
    return [name, { source, sha1: createHash('sha1').update(source).digest('hex') }];
  }),
) as Record<ScriptName, LuaScript>;

/** `expiresAt|value` → the value while live by `nowMs` (the server's time); undefined when expired or unreadable. */
export function decodeField(raw: string | null | undefined, nowMs: number): string | undefined {
  if (raw == null) return undefined;
  const m = /^(\d+)\|/.exec(raw);
  if (!m) return undefined;
  const expiresAt = Number(m[1]);
  return expiresAt !== 0 && expiresAt <= nowMs ? undefined : raw.slice(m[0].length);
}

/** A TTL as the scripts take it: whole ms, '' for never. */
export const ttlArg = (ttlMs: number | undefined): string => (ttlMs === undefined ? '' : String(Math.max(1, Math.ceil(ttlMs))));

/** Redis glob characters in `text` escaped, for SCAN MATCH. */
export const escapeGlob = (text: string): string => text.replace(/[\\*?[\]]/g, '\\$&');
