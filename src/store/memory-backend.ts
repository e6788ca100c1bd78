import type { RawBackend } from './backend.ts';

interface Entry {
  value: string;
  expiresAt?: number;
}

/** A process-local backend for tests and throwaway runs. Every operation completes synchronously, so `add` is atomic. */
export function createMemoryBackend(): RawBackend {
  const spaces = new Map<string, Map<string, Entry>>();
  const space = (ns: string) => {
    let s = spaces.get(ns);
    if (!s) spaces.set(ns, (s = new Map()));
    return s;
  };
  const live = (e: Entry | undefined, now = Date.now()) => (e && (e.expiresAt === undefined || e.expiresAt > now) ? e : undefined);

  return {
    description: 'memory (nothing is kept after exit)',
    async get(ns, key) {
      return live(space(ns).get(key))?.value;
    },
    async set(ns, key, value, expiresAt) {
      space(ns).set(key, { value, expiresAt });
    },
    async add(ns, key, value, expiresAt) {
      const s = space(ns);
      if (live(s.get(key))) return false;
      s.set(key, { value, expiresAt });
      return true;
    },
    async delete(ns, key) {
      return space(ns).delete(key);
    },
    async clear(ns) {
      spaces.delete(ns);
    },
    async *entries(ns) {
      for (const [key, e] of [...space(ns)]) if (live(e)) yield [key, e.value];
    },
    async purgeExpired() {
      let gone = 0;
      const now = Date.now();
      for (const s of spaces.values())
        for (const [key, e] of s) if (!live(e, now) && s.delete(key)) gone++;
      return gone;
    },
    async close() {
      spaces.clear();
    },
  };
}
