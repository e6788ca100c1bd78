import type { z } from 'zod';
import type { Collection } from '../store/store.ts';
import type { claimSchema } from './records.ts';

type Claim = z.infer<typeof claimSchema>;

/** A named lease in the store: at most one owner at a time; it lapses unless renewed within `ttlMs`. */
export interface Lease {
  readonly name: string;
  /** Whether the last refresh found this process holding the lease. */
  readonly held: boolean;
  /** Takes the lease if it is free or lapsed, renews it if it is ours. True while we hold it. */
  refresh(): Promise<boolean>;
  /** Gives the lease up at once (graceful shutdown), so another process need not wait for it to lapse. */
  release(): Promise<void>;
}

/**
 * Take-over is an atomic `add`, which succeeds only on an absent or lapsed key. Renewal is get-then-set by the owner; it
 * is done at a third of the TTL, so it could only overwrite a successor if this process stalled for two thirds of it,
 * and even then the per-item claims and the ledger keep a message from going out twice.
 */
export function createLease(leases: Collection<Claim>, name: string, owner: string, ttlMs: number): Lease {
  let held = false;
  return {
    name,
    get held() {
      return held;
    },
    async refresh() {
      if (await leases.add(name, { owner, at: Date.now() }, ttlMs)) return (held = true);
      const current = await leases.get(name);
      if (current?.owner !== owner) return (held = false);
      await leases.set(name, { owner, at: Date.now() }, ttlMs);
      return (held = true);
    },
    async release() {
      if (held && (await leases.get(name))?.owner === owner) await leases.delete(name);
      held = false;
    },
  };
}
