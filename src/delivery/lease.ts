import type { Fence, LeaseSpace } from '../store/store.ts';

/** A named lease in the store: at most one owner at a time; it lapses unless renewed within `ttlMs`. */
export interface Lease {
  readonly name: string;
  /** Whether the last refresh found this process holding the lease. */
  readonly held: boolean;
  /** This process's tenure of the lease while held (its fencing token), for checks at the store. */
  readonly fence: Fence | undefined;
  /** Takes the lease if it is free or lapsed, renews it if it is ours. True while we hold it. */
  refresh(): Promise<boolean>;
  /** Milliseconds left on our tenure by the store's clock; 0 when we do not hold it. */
  remaining(): Promise<number>;
  /** Gives the lease up at once (graceful shutdown), so another process need not wait for it to lapse. */
  release(): Promise<void>;
}

/**
 * A fenced lease (docs/decisions/080): renewal only extends our own tenure (owner and token), so a process that paused
 * past the lease finds it lost, and a new take-over gets a greater token; expiry is judged by the store's clock.
 */
export function createLease(space: LeaseSpace, name: string, owner: string, ttlMs: number): Lease {
  let fence: Fence | undefined;
  return {
    name,
    get held() {
      return fence !== undefined;
    },
    get fence() {
      return fence;
    },
    async refresh() {
      if (fence && (await space.renew(fence, ttlMs))) return true;
      fence = await space.acquire(name, owner, ttlMs);
      return fence !== undefined;
    },
    async remaining() {
      if (!fence) return 0;
      const left = await space.remaining(fence);
      if (left <= 0) fence = undefined;
      return left;
    },
    async release() {
      const held = fence;
      fence = undefined;
      if (held) await space.release(held);
    },
  };
}
