/**
 * Alerts matched for a subscriber who gets digests (or who is in quiet hours), kept in the store until the slot that
 * delivers them: one record per (subscriber, paper), in a namespace per subscriber (`alert-held:<subscriber>`).
 */
import { z } from 'zod';
import type { Paper } from '../model.ts';
import { paperSchema } from '../papers/paper-schema.ts';
import type { Store } from '../store/store.ts';

const DAY_MS = 86_400_000;
/** Held alerts outlive any digest cadence (weekly) and a long outage of the destination. */
export const HELD_TTL_MS = 60 * DAY_MS;

const heldSchema = z.object({
  paper: paperSchema,
  why: z.array(z.string()),
  /** Ids of the subscriptions that matched it, in subscription order. */
  subscriptions: z.array(z.string()),
  at: z.number(),
});
export type HeldAlert = z.infer<typeof heldSchema>;

/** The papers one digest carries, fixed by the first attempt at its slot so that a retry carries (and clears) the same. */
const batchSchema = z.object({ ids: z.array(z.string()), at: z.number() });

export interface HeldAlerts {
  /** Stores each alert unless that pair is already held (first writer wins). */
  hold(subscriber: string, alerts: readonly HeldAlert[]): Promise<void>;
  list(subscriber: string): Promise<HeldAlert[]>;
  /** The held alerts among `ids` (those already cleared are left out). */
  some(subscriber: string, ids: readonly string[]): Promise<HeldAlert[]>;
  clear(subscriber: string, ids: readonly string[]): Promise<void>;
  /** The ids of the digest under `key`: fixed by the first caller (`ids`), read back by any later one. */
  batch(key: string, ids: readonly string[], now: Date): Promise<string[]>;
  /** The batch already fixed under `key`, if any. */
  batchOf(key: string): Promise<string[] | undefined>;
}

export function createHeldAlerts(store: Store): HeldAlerts {
  const of = (subscriber: string) => store.collection(`alert-held:${subscriber}`, heldSchema);
  const batches = store.collection('alert-digest-batches', batchSchema);
  return {
    async hold(subscriber, alerts) {
      const held = of(subscriber);
      await Promise.all(alerts.map((a) => held.add(a.paper.id, a, HELD_TTL_MS)));
    },
    async list(subscriber) {
      const out: HeldAlert[] = [];
      for await (const [, a] of of(subscriber).entries()) out.push(a);
      return out;
    },
    async some(subscriber, ids) {
      const held = of(subscriber);
      const found = await Promise.all(ids.map((id) => held.get(id)));
      return found.filter((a): a is HeldAlert => a !== undefined);
    },
    async clear(subscriber, ids) {
      const held = of(subscriber);
      await Promise.all(ids.map((id) => held.delete(id)));
    },
    async batch(key, ids, now) {
      await batches.add(key, { ids: [...ids], at: now.getTime() }, HELD_TTL_MS);
      return (await batches.get(key))?.ids ?? [...ids];
    },
    batchOf: async (key) => (await batches.get(key))?.ids,
  };
}

export const heldAlert = (paper: Paper, why: readonly string[], subscriptions: readonly string[], now: Date): HeldAlert => ({
  paper, why: [...why], subscriptions: [...subscriptions], at: now.getTime(),
});
