/**
 * Which papers each subscriber was alerted about, and how many alerts each had today. Both are sets of atomic `add`s,
 * so two instances polling at once can never alert a (subscriber, paper) twice or exceed a daily cap.
 * Order of writes: see docs/decisions/053.
 */
import { z } from 'zod';
import type { Store } from '../store/store.ts';

const DAY_MS = 86_400_000;
/** A (subscriber, paper) pair stays recorded this long: far longer than a paper stays in "today". */
export const ALERT_LEDGER_TTL_MS = 400 * DAY_MS;
/** A claim not confirmed within this long (the process died between claim and enqueue) lapses and is retried. */
export const ALERT_CLAIM_TTL_MS = 30 * 60_000;
const CAP_TTL_MS = 3 * DAY_MS;

/**
 * `claimed`: provisional, nothing queued yet (lapses). `queuing`: a message under `key` was (or is about to be) queued for
 * this pair, so only `key` may ever carry it: kept, and re-queued under the same key until confirmed. `sent`: settled.
 */
const sentSchema = z.object({
  state: z.enum(['claimed', 'queuing', 'sent']),
  at: z.number(),
  key: z.string().optional(),
  /** `queuing`: every paper the message under `key` carries (older records have none). */
  ids: z.array(z.string()).optional(),
});

/** What the ledger holds for a (subscriber, paper) pair this call could not claim. */
export type PairState =
  | { state: 'claimed' | 'sent' }
  /** `ids`: every paper of the message under `key` (absent in older records); `at`: when the marker marked it (its clock). */
  | { state: 'queuing'; key: string; ids?: readonly string[]; at: number };
const capSchema = z.object({ at: z.number() });

export interface AlertLedger {
  /** Claims every pair not yet alerted or claimed; returns the paper ids this call claimed, in the given order. */
  claim(subscriber: string, paperIds: readonly string[], now: Date): Promise<string[]>;
  /** The states of these pairs (absent: neither claimed nor alerted, e.g. a claim that just lapsed). */
  statesOf(subscriber: string, paperIds: readonly string[]): Promise<Map<string, PairState>>;
  /**
   * Written before the message is queued: these claimed pairs are carried by the message under `key` and by no other,
   * for good (a retry queues `key` again; the queue refuses a key twice). From here on they are never given back.
   */
  markQueuing(subscriber: string, paperIds: readonly string[], key: string, now: Date): Promise<void>;
  /** Makes claims permanent (for {@link ALERT_LEDGER_TTL_MS}): these papers are never alerted again. */
  confirm(subscriber: string, paperIds: readonly string[], now: Date): Promise<void>;
  /** Gives claims back, only when nothing was marked or queued for them, so a later poll may alert them. */
  release(subscriber: string, paperIds: readonly string[]): Promise<void>;
  /** Takes up to `wanted` of the subscriber's `cap` alert slots for a UTC day; returns the slot keys taken. */
  takeDailySlots(subscriber: string, day: string, wanted: number, cap: number, now: Date): Promise<string[]>;
  returnDailySlots(subscriber: string, slotKeys: readonly string[]): Promise<void>;
  /** True the first time it is asked for a (subscriber, day): the "daily cap reached" summary is said once a day. */
  firstOverflow(subscriber: string, day: string, now: Date): Promise<boolean>;
}

const pairKey = (subscriber: string, paperId: string) => `${subscriber}|${paperId}`;

export function createAlertLedger(store: Store): AlertLedger {
  const sent = store.collection('alert-sent', sentSchema);
  const caps = (subscriber: string) => store.collection(`alert-cap:${subscriber}`, capSchema);
  return {
    async claim(subscriber, paperIds, now) {
      const at = now.getTime();
      const tries = await Promise.allSettled(
        paperIds.map((id) => sent.add(pairKey(subscriber, id), { state: 'claimed', at }, ALERT_CLAIM_TTL_MS)),
      );
      const won = paperIds.filter((_, i) => {
        const t = tries[i]!;
        return t.status === 'fulfilled' && t.value;
      });
      const failed = tries.find((t) => t.status === 'rejected');
      if (!failed) return won;
      // Nothing can have been queued for a claim that was never returned: give back the ones won, then fail.
      await Promise.allSettled(won.map((id) => sent.delete(pairKey(subscriber, id))));
      throw failed.reason;
    },
    async statesOf(subscriber, paperIds) {
      const records = await Promise.all(paperIds.map((id) => sent.get(pairKey(subscriber, id))));
      const states = new Map<string, PairState>();
      paperIds.forEach((id, i) => {
        const r = records[i];
        if (r?.state === 'queuing' && r.key) states.set(id, { state: 'queuing', key: r.key, at: r.at, ...(r.ids ? { ids: r.ids } : {}) });
        else if (r) states.set(id, { state: r.state === 'sent' ? 'sent' : 'claimed' });
      });
      return states;
    },
    async markQueuing(subscriber, paperIds, key, now) {
      const at = now.getTime();
      const ids = [...paperIds];
      await Promise.all(paperIds.map((id) => sent.set(pairKey(subscriber, id), { state: 'queuing', at, key, ids }, ALERT_LEDGER_TTL_MS)));
    },
    async confirm(subscriber, paperIds, now) {
      const at = now.getTime();
      await Promise.all(paperIds.map((id) => sent.set(pairKey(subscriber, id), { state: 'sent', at }, ALERT_LEDGER_TTL_MS)));
    },
    async release(subscriber, paperIds) {
      await Promise.all(paperIds.map((id) => sent.delete(pairKey(subscriber, id))));
    },
    async takeDailySlots(subscriber, day, wanted, cap, now) {
      if (wanted <= 0) return [];
      const slots = caps(subscriber);
      const taken = new Set<string>();
      for await (const [key] of slots.entries()) taken.add(key);
      const got: string[] = [];
      const free = Array.from({ length: cap }, (_, n) => `${day}#${String(n).padStart(3, '0')}`).filter((k) => !taken.has(k));
      // As many free slots as still wanted at once, each an atomic add; a slot another instance took meanwhile is
      // replaced by the next free one in the following round.
      for (let next = 0; got.length < wanted && next < free.length;) {
        const keys = free.slice(next, next + wanted - got.length);
        next += keys.length;
        const tries = await Promise.allSettled(keys.map((key) => slots.add(key, { at: now.getTime() }, CAP_TTL_MS)));
        keys.forEach((key, i) => {
          const t = tries[i]!;
          if (t.status === 'fulfilled' && t.value) got.push(key);
        });
        const failed = tries.find((t) => t.status === 'rejected');
        if (failed) {
          await Promise.allSettled(got.map((key) => slots.delete(key)));
          throw failed.reason;
        }
      }
      return got;
    },
    async returnDailySlots(subscriber, slotKeys) {
      const slots = caps(subscriber);
      await Promise.all(slotKeys.map((key) => slots.delete(key)));
    },
    firstOverflow: (subscriber, day, now) => caps(subscriber).add(`${day}#overflow`, { at: now.getTime() }, CAP_TTL_MS),
  };
}
