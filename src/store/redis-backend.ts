import { createClient } from 'redis';
import type { RawBackend } from './backend.ts';

const notYet = async (): Promise<never> => {
  throw new Error('fenced leases: not implemented on this backend yet');
};

const ADD_SCRIPT = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur then
  local e = tonumber(string.match(cur, '^(%d+)|'))
  if e == 0 or e > tonumber(ARGV[3]) then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1`;

const encode = (value: string, expiresAt?: number) => `${expiresAt ?? 0}|${value}`;
const decode = (raw: string | null | undefined, now = Date.now()): string | undefined => {
  if (raw == null) return undefined;
  const bar = raw.indexOf('|');
  const expiresAt = Number(raw.slice(0, bar));
  return expiresAt !== 0 && expiresAt <= now ? undefined : raw.slice(bar + 1);
};

/**
 * Redis: one hash per namespace, so listing a namespace is an HSCAN of that hash alone. Commands fail at once while the
 * connection is down (no offline queue), so callers can answer "temporarily unavailable" instead of hanging.
 */
export async function createRedisBackend(url: string, onError: (err: Error) => void): Promise<RawBackend> {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 5000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 3000) },
  });
  client.on('error', onError);
  await client.connect();
  const hash = (ns: string) => `paperboy:${ns}`;

  return {
    description: `redis ${new URL(url).host}`,
    async get(ns, key) {
      return decode(await client.hGet(hash(ns), key));
    },
    async set(ns, key, value, ttlMs) {
      const expiresAt = ttlMs === undefined ? undefined : Date.now() + ttlMs;
      await client.hSet(hash(ns), key, encode(value, expiresAt));
    },
    async add(ns, key, value, ttlMs) {
      const expiresAt = ttlMs === undefined ? undefined : Date.now() + ttlMs;
      const stored = await client.eval(ADD_SCRIPT, {
        keys: [hash(ns)],
        arguments: [key, encode(value, expiresAt), String(Date.now())],
      });
      return stored === 1;
    },
    async delete(ns, key) {
      return (await client.hDel(hash(ns), key)) > 0;
    },
    async clear(ns) {
      await client.del(hash(ns));
    },
    async *entries(ns) {
      const now = Date.now();
      for await (const batch of client.hScanIterator(hash(ns), { COUNT: 1000 })) {
        for (const { field, value } of batch) {
          const v = decode(value, now);
          if (v !== undefined) yield [field, v];
        }
      }
    },
    async purgeExpired(_nsPrefix) {
      let gone = 0;
      const now = Date.now();
      for await (const hashes of client.scanIterator({ MATCH: 'paperboy:*', COUNT: 500 })) {
        for (const h of hashes) {
          const expired: string[] = [];
          for await (const batch of client.hScanIterator(h, { COUNT: 1000 }))
            for (const { field, value } of batch) if (decode(value, now) === undefined) expired.push(field);
          if (expired.length) gone += await client.hDel(h, expired);
        }
      }
      return gone;
    },
    acquire: notYet, renew: notYet, remaining: notYet, release: notYet, setIfHolds: notYet, addIfHolds: notYet, deleteIfHolds: notYet,
    async close() {
      if (client.isOpen) await client.quit();
    },
  };
}
