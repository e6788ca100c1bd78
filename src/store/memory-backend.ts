import { leaseOwner, leaseToken, leaseValue, nextToken, type Fence, type RawBackend } from './backend.ts';

interface Entry {
  value: string;
  expiresAt?: number;
}

/**
 * A process-local backend for tests and throwaway runs. Every operation completes synchronously, so each is atomic;
 * `clock` is the store's clock (the host's by default).
 */
export function createMemoryBackend(clock: () => number = Date.now): RawBackend {
  const spaces = new Map<string, Map<string, Entry>>();
  const space = (ns: string) => {
    let s = spaces.get(ns);
    if (!s) spaces.set(ns, (s = new Map()));
    return s;
  };
  const live = (e: Entry | undefined, now = clock()) => (e && (e.expiresAt === undefined || e.expiresAt > now) ? e : undefined);
  const entry = (value: string, ttlMs?: number): Entry => ({ value, expiresAt: ttlMs === undefined ? undefined : clock() + ttlMs });
  const holds = (f: Fence) => live(space(f.ns).get(f.key))?.value === leaseValue(f.token, f.owner);
  const add = (ns: string, key: string, value: string, ttlMs?: number) => {
    const s = space(ns);
    if (live(s.get(key))) return false;
    s.set(key, entry(value, ttlMs));
    return true;
  };

  return {
    description: 'memory (nothing is kept after exit)',
    async get(ns, key) {
      return live(space(ns).get(key))?.value;
    },
    async set(ns, key, value, ttlMs) {
      space(ns).set(key, entry(value, ttlMs));
    },
    add: async (ns, key, value, ttlMs) => add(ns, key, value, ttlMs),
    async delete(ns, key) {
      return space(ns).delete(key);
    },
    async clear(ns) {
      spaces.delete(ns);
    },
    async *entries(ns) {
      for (const [key, e] of [...space(ns)]) if (live(e)) yield [key, e.value];
    },
    async *keys(ns) {
      for (const [key, e] of [...space(ns)]) if (live(e)) yield key;
    },
    async purgeExpired(nsPrefix) {
      let gone = 0;
      const now = clock();
      for (const [ns, s] of spaces) {
        if (!ns.startsWith(nsPrefix)) continue;
        for (const [key, e] of s) if (!live(e, now) && s.delete(key)) gone++;
      }
      return gone;
    },
    async acquire(ns, key, owner, ttlMs) {
      const s = space(ns);
      const current = s.get(key);
      const held = live(current);
      if (held) return leaseOwner(held.value) === owner ? leaseToken(held.value) : undefined;
      const token = nextToken(current?.value, clock());
      s.set(key, entry(leaseValue(token, owner), ttlMs));
      return token;
    },
    async renew(fence, ttlMs) {
      if (!holds(fence)) return false;
      space(fence.ns).set(fence.key, entry(leaseValue(fence.token, fence.owner), ttlMs));
      return true;
    },
    async remaining(fence) {
      if (!holds(fence)) return 0;
      const e = space(fence.ns).get(fence.key)!;
      return e.expiresAt === undefined ? Number.MAX_SAFE_INTEGER : e.expiresAt - clock();
    },
    async release(fence) {
      return holds(fence) && space(fence.ns).delete(fence.key);
    },
    async setIfHolds(fence, ns, key, value, ttlMs) {
      if (!holds(fence)) return false;
      space(ns).set(key, entry(value, ttlMs));
      return true;
    },
    async addIfHolds(fence, ns, key, value, ttlMs) {
      if (!holds(fence)) return 'fenced';
      return add(ns, key, value, ttlMs) ? 'added' : 'exists';
    },
    async deleteIfHolds(fence, ns, key) {
      return holds(fence) && space(ns).delete(key);
    },
    async close() {
      spaces.clear();
    },
  };
}
