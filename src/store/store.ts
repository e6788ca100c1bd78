import Keyv from 'keyv';
import { z } from 'zod';
import { StoreUnavailableError } from '../errors.ts';
import { startLateTimer } from '../late-timer.ts';
import type { Logger } from '../log.ts';
import { KeyvNamespaceAdapter, leaseOwner, type Fence, type FencedAddResult, type RawBackend } from './backend.ts';

export type { Fence, FencedAddResult } from './backend.ts';

/** One namespace of typed values. Values are validated on read: a corrupt value is logged and treated as missing. */
export interface Collection<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T, ttlMs?: number): Promise<void>;
  /** Stores only if the key is absent (or expired), atomically across processes. True when this call stored it. */
  add(key: string, value: T, ttlMs?: number): Promise<boolean>;
  delete(key: string): Promise<boolean>;
  entries(): AsyncIterable<[string, T]>;
  /** The live keys, as `entries` lists them, without reading or checking values (a corrupt value's key is listed). */
  keys(): AsyncIterable<string>;
  clear(): Promise<void>;
  /** `set`, only while `fence` holds its lease: checked by the store in the same atomic step. False when fenced out. */
  setIfHolds(fence: Fence, key: string, value: T, ttlMs?: number): Promise<boolean>;
  /** `add`, only while `fence` holds its lease. */
  addIfHolds(fence: Fence, key: string, value: T, ttlMs?: number): Promise<FencedAddResult>;
  /** `delete`, only while `fence` holds its lease. */
  deleteIfHolds(fence: Fence, key: string): Promise<boolean>;
}

/**
 * A namespace of fenced leases (docs/decisions/080): one owner per key at a time, judged by the store's clock, each
 * tenure with a token that grows on every take-over. A holder that paused past its lease finds its fence refused.
 */
export interface LeaseSpace {
  /** Takes the lease if it is free or lapsed (a new, greater token), or returns the fence `owner` already holds. */
  acquire(key: string, owner: string, ttlMs: number): Promise<Fence | undefined>;
  /** Extends the lease to `ttlMs` from now (store clock) while the fence still holds it. */
  renew(fence: Fence, ttlMs: number): Promise<boolean>;
  /** Milliseconds left by the store's clock while the fence holds the lease; 0 once it is lost. */
  remaining(fence: Fence): Promise<number>;
  release(fence: Fence): Promise<boolean>;
  /** The live leases of this space: key and owner (for operators and tests). */
  holders(): AsyncIterable<[key: string, owner: string]>;
}

/** The Keyv-backed store. Collections are namespaces; `prefix` keeps test runs apart on a shared server. */
export interface Store {
  readonly description: string;
  collection<T>(name: string, schema: z.ZodType<T>): Collection<T>;
  /** The fenced leases named `name` (a namespace of their own). */
  leases(name: string): LeaseSpace;
  /** Deletes this store's expired entries (under its prefix) for good (reads already skip them); returns how many went. */
  purgeExpired(): Promise<number>;
  /** Closes the connection; a second call (or a concurrent one) waits for the first instead of failing. */
  close(): Promise<void>;
}

/** A stored value. Expiry is never in here: the backend keeps it and judges it by the store's clock. */
interface Envelope {
  value: unknown;
}

const deserialize = (raw: string): Envelope | undefined => {
  try {
    return JSON.parse(raw) as Envelope;
  } catch {
    return { value: Symbol.for('paperboy.corrupt') };
  }
};

const encode = (value: unknown): string => JSON.stringify({ value } satisfies Envelope);
const ttl = (ttlMs: number | undefined): number | undefined => (typeof ttlMs === 'number' && ttlMs > 0 ? ttlMs : undefined);

/** How long one store operation may take before callers are told the store is unavailable. */
export const STORE_OP_TIMEOUT_MS = 2_500;

/** Runs one backend call; a failure or a hang past the timeout becomes a StoreUnavailableError. */
async function guarded<T>(what: string, op: () => Promise<T>, timeoutMs: number): Promise<T> {
  let stop = () => {};
  try {
    return await Promise.race([
      op(),
      new Promise<never>((_, reject) => {
        stop = startLateTimer(timeoutMs, () => reject(new Error(`no answer in ${timeoutMs} ms`)));
      }),
    ]);
  } catch (err) {
    if (err instanceof z.ZodError) throw err;
    throw new StoreUnavailableError(`store unavailable (${what}): ${(err as Error)?.message ?? err}`, { cause: err });
  } finally {
    stop();
  }
}

/**
 * Guards a long listing without a timer per row: each step records when it started, and one interval timer fails the
 * step that has waited longer than the timeout.
 */
function createWatchdog(what: string, timeoutMs: number) {
  let started = 0;
  let fail: ((err: Error) => void) | undefined;
  const timer = setInterval(() => {
    if (fail && Date.now() - started > timeoutMs) fail(new Error(`no answer in ${timeoutMs} ms`));
  }, Math.max(50, timeoutMs / 4));
  timer.unref();
  return {
    async *watch<V>(source: AsyncIterable<V>): AsyncGenerator<V> {
      const rows = source[Symbol.asyncIterator]();
      for (;;) {
        started = Date.now();
        const next = await new Promise<IteratorResult<V>>((resolve, reject) => {
          fail = reject;
          rows.next().then(resolve, reject);
        }).catch((err: unknown) => {
          throw new StoreUnavailableError(`store unavailable (${what}): ${(err as Error)?.message ?? err}`, { cause: err });
        });
        fail = undefined;
        if (next.done) return;
        yield next.value;
      }
    },
    stop: () => clearInterval(timer),
  };
}

export function createStore(backend: RawBackend, log: Logger, prefix = '', timeoutMs = STORE_OP_TIMEOUT_MS): Store {
  const cache = new WeakMap<z.ZodType, Map<string, Collection<unknown>>>();

  function makeCollection<T>(name: string, schema: z.ZodType<T>): Collection<T> {
    const ns = prefix + name;
    const keyv = new Keyv<unknown>({
      store: new KeyvNamespaceAdapter(backend, ns),
      namespace: ns,
      useKeyPrefix: false,
      throwOnErrors: true,
      serialize: (data) => JSON.stringify({ value: data.value }),
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
        const value = await guarded(`get ${name}`, () => keyv.get(key), timeoutMs);
        return value === undefined ? undefined : valid(key, value);
      },
      async set(key, value, ttlMs) {
        const checked = schema.parse(value);
        await guarded(`set ${name}`, () => keyv.set(key, checked, ttlMs), timeoutMs);
      },
      async add(key, value, ttlMs) {
        const raw = encode(schema.parse(value));
        return guarded(`add ${name}`, () => backend.add(ns, key, raw, ttl(ttlMs)), timeoutMs);
      },
      async setIfHolds(fence, key, value, ttlMs) {
        const raw = encode(schema.parse(value));
        return guarded(`fenced set ${name}`, () => backend.setIfHolds(fence, ns, key, raw, ttl(ttlMs)), timeoutMs);
      },
      async addIfHolds(fence, key, value, ttlMs) {
        const raw = encode(schema.parse(value));
        return guarded(`fenced add ${name}`, () => backend.addIfHolds(fence, ns, key, raw, ttl(ttlMs)), timeoutMs);
      },
      async deleteIfHolds(fence, key) {
        return guarded(`fenced delete ${name}`, () => backend.deleteIfHolds(fence, ns, key), timeoutMs);
      },
      async delete(key) {
        return guarded(`delete ${name}`, () => keyv.delete(key), timeoutMs);
      },
      async *entries() {
        const watchdog = createWatchdog(`list ${name}`, timeoutMs);
        try {
          for await (const [key, raw] of watchdog.watch(backend.entries(ns))) {
            const env = deserialize(raw);
            if (!env) continue;
            const value = valid(key, env.value);
            if (value !== undefined) yield [key, value] as [string, T];
          }
        } finally {
          watchdog.stop();
        }
      },
      async *keys() {
        const watchdog = createWatchdog(`list keys of ${name}`, timeoutMs);
        try {
          yield* watchdog.watch(backend.keys(ns));
        } finally {
          watchdog.stop();
        }
      },
      async clear() {
        await keyv.clear();
      },
    };
  }

  function makeLeases(name: string): LeaseSpace {
    const ns = prefix + name;
    return {
      async acquire(key, owner, ttlMs) {
        const token = await guarded(`acquire ${name}`, () => backend.acquire(ns, key, owner, ttlMs), timeoutMs);
        return token === undefined ? undefined : { ns, key, owner, token };
      },
      renew: (fence, ttlMs) => guarded(`renew ${name}`, () => backend.renew(fence, ttlMs), timeoutMs),
      remaining: (fence) => guarded(`check ${name}`, () => backend.remaining(fence), timeoutMs),
      release: (fence) => guarded(`release ${name}`, () => backend.release(fence), timeoutMs),
      async *holders() {
        const watchdog = createWatchdog(`list ${name}`, timeoutMs);
        try {
          for await (const [key, raw] of watchdog.watch(backend.entries(ns))) yield [key, leaseOwner(raw)] as [string, string];
        } finally {
          watchdog.stop();
        }
      },
    };
  }

  let closing: Promise<void> | undefined;
  return {
    description: backend.description,
    leases: makeLeases,
    collection<T>(name: string, schema: z.ZodType<T>) {
      let bySchema = cache.get(schema);
      if (!bySchema) cache.set(schema, (bySchema = new Map()));
      let c = bySchema.get(name);
      if (!c) bySchema.set(name, (c = makeCollection(name, schema) as Collection<unknown>));
      return c as Collection<T>;
    },
    purgeExpired: () => backend.purgeExpired(prefix),
    close: () => (closing ??= backend.close()),
  };
}
