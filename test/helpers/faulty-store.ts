import { StoreUnavailableError } from '../../src/errors.ts';
import type { Collection, LeaseSpace, Store } from '../../src/store/store.ts';

/** One call through the store: the collection (or lease space) it is made on, the method, and its key and value. */
export interface StoreCall {
  space: string;
  method: string;
  key?: string;
  value?: unknown;
}

/**
 * What to do with a call: `fail` throws as an unreachable store would (nothing done), `fail-after` does the call and
 * then throws (a timeout after the store committed), a promise holds the call until it settles (a paused process).
 */
export type Fault = 'fail' | 'fail-after' | Promise<void> | undefined;

/**
 * A real store behind a test double that fails or holds the calls `rule` picks; every other call goes straight through.
 * `rule` can be swapped at any time (`faulty.rule = …`).
 */
export class FaultyStore implements Store {
  rule: (call: StoreCall) => Fault = () => undefined;
  constructor(readonly inner: Store) {}

  get description() {
    return this.inner.description;
  }

  private async run<R>(call: StoreCall, op: () => Promise<R>): Promise<R> {
    const fault = this.rule(call);
    const where = `${call.method} ${call.space}${call.key === undefined ? '' : ` ${call.key}`}`;
    if (fault === 'fail') throw new StoreUnavailableError(`store unavailable (${where}): injected`);
    if (fault instanceof Promise) await fault;
    const result = await op();
    if (fault === 'fail-after') throw new StoreUnavailableError(`store unavailable (${where}): no answer (it was done)`);
    return result;
  }

  collection<T>(name: string, schema: Parameters<Store['collection']>[1]): Collection<T> {
    const c = this.inner.collection<T>(name, schema as never);
    const run = <R>(method: string, op: () => Promise<R>, key?: string, value?: unknown) => this.run({ space: name, method, key, value }, op);
    return {
      get: (key) => run('get', () => c.get(key), key),
      set: (key, value, ttl) => run('set', () => c.set(key, value, ttl), key, value),
      add: (key, value, ttl) => run('add', () => c.add(key, value, ttl), key, value),
      delete: (key) => run('delete', () => c.delete(key), key),
      entries: () => c.entries(),
      keys: () => c.keys(),
      clear: () => run('clear', () => c.clear()),
      setIfHolds: (fence, key, value, ttl) => run('setIfHolds', () => c.setIfHolds(fence, key, value, ttl), key, value),
      addIfHolds: (fence, key, value, ttl) => run('addIfHolds', () => c.addIfHolds(fence, key, value, ttl), key, value),
      deleteIfHolds: (fence, key) => run('deleteIfHolds', () => c.deleteIfHolds(fence, key), key),
    };
  }

  leases(name: string): LeaseSpace {
    const l = this.inner.leases(name);
    const run = <R>(method: string, key: string, op: () => Promise<R>) => this.run({ space: name, method, key }, op);
    return {
      acquire: (key, owner, ttl) => run('acquire', key, () => l.acquire(key, owner, ttl)),
      renew: (fence, ttl) => run('renew', fence.key, () => l.renew(fence, ttl)),
      remaining: (fence) => run('remaining', fence.key, () => l.remaining(fence)),
      release: (fence) => run('release', fence.key, () => l.release(fence)),
      holders: () => l.holders(),
    };
  }

  purgeExpired() {
    return this.inner.purgeExpired();
  }

  close() {
    return this.inner.close();
  }
}

/** A gate that holds calls until opened. */
export function gate(): { held: Promise<void>; open: () => void } {
  let open = () => {};
  const held = new Promise<void>((resolve) => (open = resolve));
  return { held, open };
}
