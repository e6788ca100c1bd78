import { randomUUID } from 'node:crypto';
import type { Collection, Fence, LeaseSpace } from '../store/store.ts';
import type { SlotRecord } from './slot-runner.ts';

/** The fenced leases that slot claims are (docs/decisions/088). */
export const SLOT_CLAIM_LEASES = 'schedule-slot-claims';

/** A claim on one channel's slot, held while its post is prepared (the day's list fetched, the digest queued). */
export interface SlotClaim {
  /** True while the store says this claim still holds (false once lost: the holder paused past the lease). */
  holds(): Promise<boolean>;
  /** Stops renewing and waits for a renewal in flight. */
  stop(): Promise<void>;
  /** Writes the slot's final record, only while the claim holds; ends the claim. False when it was lost. */
  finish(record: SlotRecord, ttlMs: number): Promise<boolean>;
  /** Gives the slot back (its `running` record removed while the claim holds) so that it is tried again. */
  release(): Promise<void>;
}

/**
 * Claims a slot with a fenced lease (`store.leases('schedule-slot-claims')`) that lapses after `leaseMs` by the store's
 * clock and is renewed every third of that while held; a `running` record with the same lifetime tells catch-ups that
 * the slot is being posted. Undefined when another process holds the slot, or when it already has a final record. A
 * renewal that fails means the claim is lost: renewal stops, and `holds`, `finish` and `release` are refused by the
 * store, so a process that paused past its lease never queues or records over its successor.
 */
export async function claimSlot(
  leases: LeaseSpace,
  slots: Collection<SlotRecord>,
  key: string,
  owner: string,
  leaseMs: number,
): Promise<SlotClaim | undefined> {
  // One tenure per claim, even within one process (a tick and a catch-up may meet on a slot).
  const fence = await leases.acquire(key, `${owner}#${randomUUID().slice(0, 8)}`, leaseMs);
  if (!fence) return undefined;
  const running = (): SlotRecord => ({ state: 'running', at: Date.now(), owner });
  try {
    const record = await slots.get(key);
    if ((record && record.state !== 'running') || !(await slots.setIfHolds(fence, key, running(), leaseMs))) {
      await leases.release(fence);
      return undefined;
    }
  } catch (err) {
    await leases.release(fence).catch(() => false);
    throw err;
  }
  return heldClaim(leases, slots, fence, leaseMs, running);
}

function heldClaim(leases: LeaseSpace, slots: Collection<SlotRecord>, fence: Fence, leaseMs: number, running: () => SlotRecord): SlotClaim {
  let lost = false;
  let renewal: Promise<unknown> = Promise.resolve();
  const renew = async () => {
    if (lost) return;
    if (!(await leases.renew(fence, leaseMs))) {
      lost = true;
      clearInterval(timer);
      return;
    }
    await slots.setIfHolds(fence, fence.key, running(), leaseMs);
  };
  const timer = setInterval(() => {
    renewal = renewal.then(renew).catch(() => undefined);
  }, leaseMs / 3);
  timer.unref();
  const stop = async () => {
    clearInterval(timer);
    await renewal;
  };
  return {
    stop,
    async holds() {
      return !lost && (await leases.remaining(fence)) > 0;
    },
    async finish(record, ttlMs) {
      await stop();
      const written = await slots.setIfHolds(fence, fence.key, record, ttlMs);
      await leases.release(fence).catch(() => false);
      return written;
    },
    async release() {
      await stop();
      await slots.deleteIfHolds(fence, fence.key);
      await leases.release(fence);
    },
  };
}
