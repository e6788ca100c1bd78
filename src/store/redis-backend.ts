import { createClient } from 'redis';
import { leaseValue, type Fence, type FencedAddResult, type RawBackend } from './backend.ts';
import { decodeField, escapeGlob, LUA, ttlArg, type ScriptName } from './redis-scripts.ts';
import { parseStoreUrl } from './store-url.ts';

/** How many fields one purge script re-checks and deletes at most (keeps each script short). */
const PURGE_BATCH = 500;

/**
 * Redis: one hash per namespace (`paperboy:<ns>`), so listing a namespace is an HSCAN of that hash alone. Every write
 * and every fenced step is one Lua script (redis-scripts.ts) that reads the server's clock, so expiry and leases are
 * judged by Redis's `TIME`, never by this host's clock. Commands fail at once while the connection is down (no offline
 * queue), so callers can answer "temporarily unavailable" instead of hanging.
 */
export async function createRedisBackend(url: string, onError: (err: Error) => void): Promise<RawBackend> {
  const description = `redis ${parseStoreUrl(url).host}`;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 5000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 3000) },
  });
  client.on('error', onError);
  await client.connect();
  const hash = (ns: string) => `paperboy:${ns}`;

  /** EVALSHA, falling back to EVAL (which caches the script again) after a restart or SCRIPT FLUSH. */
  async function run(name: ScriptName, keys: string[], args: string[]): Promise<unknown> {
    const script = LUA[name];
    try {
      return await client.evalSha(script.sha1, { keys, arguments: args });
    } catch (err) {
      if (!String((err as Error)?.message).startsWith('NOSCRIPT')) throw err;
      return client.eval(script.source, { keys, arguments: args });
    }
  }
  const serverNow = async (): Promise<number> => {
    const [seconds, micros] = await client.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  };
  const fenceArgs = (f: Fence) => [f.key, leaseValue(f.token, f.owner)];

  return {
    description,
    async get(ns, key) {
      return ((await run('get', [hash(ns)], [key])) as string | null) ?? undefined;
    },
    async set(ns, key, value, ttlMs) {
      await run('set', [hash(ns)], [key, value, ttlArg(ttlMs)]);
    },
    async add(ns, key, value, ttlMs) {
      return (await run('add', [hash(ns)], [key, value, ttlArg(ttlMs)])) === 1;
    },
    async delete(ns, key) {
      return (await client.hDel(hash(ns), key)) > 0;
    },
    async clear(ns) {
      await client.del(hash(ns));
    },
    async *entries(ns) {
      const now = await serverNow();
      for await (const batch of client.hScanIterator(hash(ns), { COUNT: 1000 })) {
        for (const { field, value } of batch) {
          const v = decodeField(value, now);
          if (v !== undefined) yield [field, v];
        }
      }
    },
    // Redis 7.0's HSCAN has no NOVALUES, and a value carries its expiry: the values come over and are dropped here.
    async *keys(ns) {
      const now = await serverNow();
      for await (const batch of client.hScanIterator(hash(ns), { COUNT: 1000 })) {
        for (const { field, value } of batch) if (decodeField(value, now) !== undefined) yield field;
      }
    },
    async purgeExpired(nsPrefix) {
      let gone = 0;
      const now = await serverNow();
      for await (const hashes of client.scanIterator({ MATCH: `${hash(escapeGlob(nsPrefix))}*`, COUNT: 500 })) {
        for (const h of hashes) {
          const candidates: string[] = [];
          for await (const batch of client.hScanIterator(h, { COUNT: 1000 }))
            for (const { field, value } of batch) if (decodeField(value, now) === undefined) candidates.push(field);
          for (let i = 0; i < candidates.length; i += PURGE_BATCH)
            gone += (await run('purge', [h], candidates.slice(i, i + PURGE_BATCH))) as number;
        }
      }
      return gone;
    },
    async acquire(ns, key, owner, ttlMs) {
      const token = Number(await run('acquire', [hash(ns)], [key, owner, ttlArg(ttlMs)]));
      return token > 0 ? token : undefined;
    },
    async renew(fence, ttlMs) {
      return (await run('renew', [hash(fence.ns)], [...fenceArgs(fence), ttlArg(ttlMs)])) === 1;
    },
    async remaining(fence) {
      const left = (await run('remaining', [hash(fence.ns)], fenceArgs(fence))) as number;
      return left < 0 ? Number.MAX_SAFE_INTEGER : left;
    },
    async release(fence) {
      return (await run('release', [hash(fence.ns)], fenceArgs(fence))) === 1;
    },
    async setIfHolds(fence, ns, key, value, ttlMs) {
      return (await run('setIfHolds', [hash(fence.ns), hash(ns)], [...fenceArgs(fence), key, value, ttlArg(ttlMs)])) === 1;
    },
    async addIfHolds(fence, ns, key, value, ttlMs) {
      return (await run('addIfHolds', [hash(fence.ns), hash(ns)], [...fenceArgs(fence), key, value, ttlArg(ttlMs)])) as FencedAddResult;
    },
    async deleteIfHolds(fence, ns, key) {
      return (await run('deleteIfHolds', [hash(fence.ns), hash(ns)], [...fenceArgs(fence), key])) === 1;
    },
    async close() {
      if (client.isOpen) await client.quit();
    },
  };
}
