import type { Collection } from '../store/store.ts';
import type { SlotRecord } from './slot-runner.ts';

/** A claim on one channel's slot, held while its post is prepared (the day's list fetched, the digest queued). */
export interface SlotClaim {
  /** Stops renewing and waits for a renewal in flight, so the record the caller writes next is the last word. */
  stop(): Promise<void>;
}

/**
 * Claims a slot with an atomic `add` of a `running` record that lapses after `leaseMs`, and renews it every third of
 * that while held: a live process keeps its claim however slow the papers source is, and the claims of a process that
 * died lapse within `leaseMs`. Undefined when another process holds the slot. Renewal is get-then-set by the owner, as
 * for the sender lease (021); if a stalled process ever renewed a claim a successor had taken, both would queue the
 * same digest key and the queue would keep one.
 */
export async function claimSlot(slots: Collection<SlotRecord>, key: string, owner: string, leaseMs: number): Promise<SlotClaim | undefined> {
  const running = (): SlotRecord => ({ state: 'running', at: Date.now(), owner });
  if (!(await slots.add(key, running(), leaseMs))) return undefined;
  let renewal: Promise<unknown> = Promise.resolve();
  const renew = async () => {
    const current = await slots.get(key);
    if (current?.state === 'running' && current.owner === owner) await slots.set(key, running(), leaseMs);
  };
  const timer = setInterval(() => {
    renewal = renewal.then(renew).catch(() => undefined);
  }, leaseMs / 3);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await renewal;
    },
  };
}
