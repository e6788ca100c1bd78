import { EventEmitter } from 'node:events';
import type { KeyvStoreAdapter, StoredData } from 'keyv';

/**
 * Proof of holding a lease: which lease (`ns`, `key`), who (`owner`) and which tenure (`token`). Tokens grow with every
 * take-over of a key (never reused while its row lives, and at least the store's clock in ms when taken), so a process
 * that paused past its lease and resumes holds a stale fence that the store refuses (docs/decisions/080).
 */
export interface Fence {
  readonly ns: string;
  readonly key: string;
  readonly owner: string;
  readonly token: number;
}

/** What a conditional write did: stored, found the key already there, or refused because the fence no longer holds. */
export type FencedAddResult = 'added' | 'exists' | 'fenced';

/**
 * The few primitives every storage engine gives paperboy. Keys live in namespaces, so listing one namespace never sees
 * another; values are opaque strings. Every expiry is a time to live (`ttlMs`, absent = never) that the **store's own
 * clock** turns into a deadline and judges (Redis `TIME`, PostgreSQL `clock_timestamp()`, the host clock for SQLite and
 * memory), so instances whose clocks disagree still agree on what has expired. Nothing is deleted on read.
 */
export interface RawBackend {
  /** e.g. "sqlite ./data/paperboy.sqlite", for the banner and logs; never holds a password. */
  readonly description: string;
  get(ns: string, key: string): Promise<string | undefined>;
  set(ns: string, key: string, value: string, ttlMs?: number): Promise<void>;
  /** Stores only when the key is absent or expired, atomically. True when this call stored it. */
  add(ns: string, key: string, value: string, ttlMs?: number): Promise<boolean>;
  delete(ns: string, key: string): Promise<boolean>;
  clear(ns: string): Promise<void>;
  entries(ns: string): AsyncIterable<[string, string]>;
  /** The live keys of `ns`, as `entries` lists them (each key live for the whole listing exactly once), without values. */
  keys(ns: string): AsyncIterable<string>;
  /**
   * Deletes expired entries for good in the namespaces that start with `nsPrefix`; returns how many went. Each entry is
   * checked and deleted atomically, so an entry written again meanwhile (live once more) is never deleted.
   */
  purgeExpired(nsPrefix: string): Promise<number>;

  /**
   * Takes the lease `key` of namespace `ns` for `owner` when it is absent or expired, with a new token greater than
   * the last one of that key (and at least the store's clock in ms). When `owner` already holds it, returns the same
   * token without changing anything. Undefined when somebody else holds it.
   */
  acquire(ns: string, key: string, owner: string, ttlMs: number): Promise<number | undefined>;
  /** Extends the lease to `ttlMs` from now if `fence` still holds it. False when it was lost. */
  renew(fence: Fence, ttlMs: number): Promise<boolean>;
  /** Milliseconds left on the lease by the store's clock if `fence` holds it; 0 when it does not. */
  remaining(fence: Fence): Promise<number>;
  /** Ends the lease if `fence` still holds it. */
  release(fence: Fence): Promise<boolean>;
  /** `set`, done only while `fence` holds its lease (checked in the same atomic step). False when fenced out. */
  setIfHolds(fence: Fence, ns: string, key: string, value: string, ttlMs?: number): Promise<boolean>;
  /** `add`, done only while `fence` holds its lease (checked in the same atomic step). */
  addIfHolds(fence: Fence, ns: string, key: string, value: string, ttlMs?: number): Promise<FencedAddResult>;
  /** `delete`, done only while `fence` holds its lease. False when fenced out or absent. */
  deleteIfHolds(fence: Fence, ns: string, key: string): Promise<boolean>;
  close(): Promise<void>;
}

/** How a lease row's value is written: `token|owner`; holding means the live row has exactly this value. */
export const leaseValue = (token: number, owner: string): string => `${token}|${owner}`;
/** The token of a lease row's value (0 when unreadable). */
export const leaseToken = (value: string | undefined): number => {
  const n = Number(value?.slice(0, value.indexOf('|')));
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
};
/** The owner of a lease row's value. */
export const leaseOwner = (value: string): string => value.slice(value.indexOf('|') + 1);
/** The next token: above the last one of the key, and at least the store clock's ms (so a purged row restarts high). */
export const nextToken = (previous: string | undefined, storeNowMs: number): number =>
  Math.max(leaseToken(previous) + 1, Math.floor(storeNowMs));

/**
 * Presents one namespace of a RawBackend as a Keyv storage adapter (Keyv is used with `useKeyPrefix: false`). Keyv
 * hands the time to live through (`ttl`); the stored value carries no `expires` of Keyv's, so Keyv never judges expiry
 * by this process's clock and never deletes on read.
 */
export class KeyvNamespaceAdapter extends EventEmitter implements KeyvStoreAdapter {
  opts: Record<string, unknown> = { url: '', dialect: 'paperboy' };
  namespace?: string;

  constructor(
    private readonly backend: RawBackend,
    ns: string,
  ) {
    super();
    this.namespace = ns;
  }

  private get ns(): string {
    return this.namespace ?? '';
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return (await this.backend.get(this.ns, key)) as StoredData<Value> | undefined;
  }

  async set(key: string, value: unknown, ttl?: number): Promise<void> {
    await this.backend.set(this.ns, key, String(value), typeof ttl === 'number' && ttl > 0 ? ttl : undefined);
  }

  async delete(key: string): Promise<boolean> {
    return this.backend.delete(this.ns, key);
  }

  async clear(): Promise<void> {
    await this.backend.clear(this.ns);
  }

  async has(key: string): Promise<boolean> {
    return (await this.backend.get(this.ns, key)) !== undefined;
  }

  async *iterator<Value>(): AsyncGenerator<Array<string | Awaited<Value> | undefined>, void> {
    for await (const [key, value] of this.backend.entries(this.ns)) yield [key, value as Awaited<Value>];
  }
}

/**
 * Keyset paging: `read(after)` gives a page of rows in key order after key `after` (the first page when undefined); pages
 * are read until one is short. A namespace of 100,000 values is never all in memory at once and the event loop runs
 * between pages; like Redis's HSCAN, each key live for the whole listing is seen exactly once.
 */
export async function* keysetPages<R>(read: (after: string | undefined) => Promise<readonly R[]>, keyOf: (row: R) => string, pageRows: number): AsyncGenerator<R> {
  for (let after: string | undefined; ;) {
    const rows = await read(after);
    yield* rows;
    if (rows.length < pageRows) return;
    after = keyOf(rows[rows.length - 1]!);
  }
}
