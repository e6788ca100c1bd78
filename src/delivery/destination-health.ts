import { z } from 'zod';
import type { Logger } from '../log.ts';
import { destinationKey, type Destination } from '../model.ts';
import type { Store } from '../store/store.ts';
import { COLLECTIONS } from './records.ts';

/** Why a destination stopped receiving messages. */
export interface DestinationFailure {
  failing: true;
  reason: string;
  /** Epoch ms of the permanent failure. */
  since: number;
}

/**
 * Which destinations failed permanently (lost permission, deleted channel). A failing destination's schedule and
 * subscriptions pause until `clearFailure` (e.g. `/papers channel set`).
 */
export interface DestinationHealth {
  isFailing(to: Destination): Promise<boolean>;
  failureOf(to: Destination): Promise<DestinationFailure | undefined>;
  markFailing(to: Destination, reason: string, at: number): Promise<void>;
  /** True when there was a failure to clear. */
  clearFailure(to: Destination): Promise<boolean>;
}

const failureSchema = z.object({ failing: z.literal(true), reason: z.string(), since: z.number() });

export function createDestinationHealth(store: Store, log: Logger): DestinationHealth {
  const destinations = store.collection(COLLECTIONS.destinations, failureSchema);
  const failureOf = (to: Destination) => destinations.get(destinationKey(to));
  return {
    failureOf,
    isFailing: async (to) => (await failureOf(to)) !== undefined,
    async markFailing(to, reason, at) {
      const stored = await destinations.add(destinationKey(to), { failing: true, reason, since: at });
      if (stored) log.warn({ to: destinationKey(to), reason }, 'destination failing: delivery, schedule and alerts paused');
    },
    async clearFailure(to) {
      const cleared = await destinations.delete(destinationKey(to));
      if (cleared) log.info({ to: destinationKey(to) }, 'destination failure cleared: delivery resumes');
      return cleared;
    },
  };
}
