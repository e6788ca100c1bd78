import { EventEmitter } from 'node:events';
import type { KeyvStoreAdapter, StoredData } from 'keyv';

/**
 * The few primitives every storage engine gives paperboy. Keys live in namespaces, so listing one namespace never sees
 * another; values are opaque strings; `expiresAt` is epoch ms (absent = never).
 */
export interface RawBackend {
  /** e.g. "sqlite ./data/paperboy.sqlite", for the banner and logs; never holds a password. */
  readonly description: string;
  get(ns: string, key: string): Promise<string | undefined>;
  set(ns: string, key: string, value: string, expiresAt?: number): Promise<void>;
  /** Stores only when the key is absent or expired, atomically. True when this call stored it. */
  add(ns: string, key: string, value: string, expiresAt?: number): Promise<boolean>;
  delete(ns: string, key: string): Promise<boolean>;
  clear(ns: string): Promise<void>;
  entries(ns: string): AsyncIterable<[string, string]>;
  /** Deletes every expired entry in every namespace; returns how many went. */
  purgeExpired(): Promise<number>;
  close(): Promise<void>;
}

export const expiryFromTtl = (ttlMs: number | undefined, now = Date.now()): number | undefined =>
  typeof ttlMs === 'number' && ttlMs > 0 ? now + ttlMs : undefined;

/** Presents one namespace of a RawBackend as a Keyv storage adapter (Keyv is used with `useKeyPrefix: false`). */
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
    await this.backend.set(this.ns, key, String(value), expiryFromTtl(ttl));
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
