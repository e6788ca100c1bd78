import Keyv from 'keyv';
import type { z } from 'zod';
import type { Logger } from '../log.ts';
import { KeyvNamespaceAdapter, expiryFromTtl, type RawBackend } from './backend.ts';

/** One namespace of typed values. Values are validated on read: a corrupt value is logged and treated as missing. */
export interface Collection<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T, ttlMs?: number): Promise<void>;
  /** Stores only if the key is absent (or expired), atomically across processes. True when this call stored it. */
  add(key: string, value: T, ttlMs?: number): Promise<boolean>;
  delete(key: string): Promise<boolean>;
  entries(): AsyncIterable<[string, T]>;
  clear(): Promise<void>;
}

/** The Keyv-backed store. Collections are namespaces; `prefix` keeps test runs apart on a shared server. */
export interface Store {
  readonly description: string;
  collection<T>(name: string, schema: z.ZodType<T>): Collection<T>;
  /** Deletes expired entries for good (reads already skip them); returns how many went. */
  purgeExpired(): Promise<number>;
  close(): Promise<void>;
}

interface Envelope {
  value: unknown;
  expires?: number;
}

const deserialize = (raw: string): Envelope | undefined => {
  try {
    return JSON.parse(raw) as Envelope;
  } catch {
    return { value: Symbol.for('paperboy.corrupt') };
  }
};

export function createStore(backend: RawBackend, log: Logger, prefix = ''): Store {
  const cache = new WeakMap<z.ZodType, Map<string, Collection<unknown>>>();

  function makeCollection<T>(name: string, schema: z.ZodType<T>): Collection<T> {
    const ns = prefix + name;
    const keyv = new Keyv<unknown>({
      store: new KeyvNamespaceAdapter(backend, ns),
      namespace: ns,
      useKeyPrefix: false,
      throwOnErrors: true,
      serialize: (data) => JSON.stringify(data),
      deserialize: (raw) => deserialize(String(raw)) as never,
    });
    keyv.on('error', () => {});
    const valid = (key: string, value: unknown): T | undefined => {
      const parsed = schema.safeParse(value);
      if (parsed.success) return parsed.data;
      log.warn({ collection: name, key, issues: parsed.error.issues.slice(0, 3) }, 'corrupt stored value ignored');
      return undefined;
    };
    return {
      async get(key) {
        const value = await keyv.get(key);
        return value === undefined ? undefined : valid(key, value);
      },
      async set(key, value, ttlMs) {
        await keyv.set(key, schema.parse(value), ttlMs);
      },
      async add(key, value, ttlMs) {
        const expires = expiryFromTtl(ttlMs);
        const envelope: Envelope = expires ? { value: schema.parse(value), expires } : { value: schema.parse(value) };
        return backend.add(ns, key, JSON.stringify(envelope), expires);
      },
      async delete(key) {
        return keyv.delete(key);
      },
      async *entries() {
        for await (const [key, raw] of backend.entries(ns)) {
          const env = deserialize(raw);
          if (!env || (env.expires !== undefined && env.expires <= Date.now())) continue;
          const value = valid(key, env.value);
          if (value !== undefined) yield [key, value] as [string, T];
        }
      },
      async clear() {
        await keyv.clear();
      },
    };
  }

  return {
    description: backend.description,
    collection<T>(name: string, schema: z.ZodType<T>) {
      let bySchema = cache.get(schema);
      if (!bySchema) cache.set(schema, (bySchema = new Map()));
      let c = bySchema.get(name);
      if (!c) bySchema.set(name, (c = makeCollection(name, schema) as Collection<unknown>));
      return c as Collection<T>;
    },
    purgeExpired: () => backend.purgeExpired(),
    close: () => backend.close(),
  };
}
