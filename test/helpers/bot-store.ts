// Seeds and reads the store of a bot that runs in another process (same SQLite file, or Redis with the same prefix).
import { createSubscriptionStore } from '../../src/alerts/subscriptions.ts';
import { formatQuery, parseQuery } from '../../src/alerts/query.ts';
import { createChannelSettings } from '../../src/schedule/channel-settings.ts';
import { slotRecordSchema, SLOTS_COLLECTION, type SlotRecord } from '../../src/schedule/slot-runner.ts';
import { silentLogger } from '../../src/log.ts';
import type { Destination } from '../../src/model.ts';
import { ledgerSchema, COLLECTIONS, pendingSchema } from '../../src/delivery/records.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';

/** The UTC wall-clock minute of `at`, HH:MM. */
export const utcMinute = (at: Date): string => at.toISOString().slice(11, 16);

/**
 * Turns on the daily post of every destination, every day at `at`'s UTC minute, through the real channel settings
 * service, as if set two days ago: a bot started within the grace window after `at` posts them in its start-up catch-up.
 */
export async function seedDailyPosts(storeUrl: string, prefix: string, to: Destination[], at: Date, count = 3): Promise<void> {
  const store = await openStore(storeUrl, silentLogger(), prefix);
  try {
    const channels = createChannelSettings({ store, defaultTimeZone: 'UTC' });
    const setAt = new Date(at.getTime() - 2 * 86_400_000);
    for (const d of to) await channels.set(d, { time: utcMinute(at), timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7], count }, setAt);
  } finally {
    await store.close();
  }
}

/** Stores keyword alert subscriptions as `/papers subscribe` would, so the bot's first alert poll finds them. */
export async function seedSubscriptions(storeUrl: string, prefix: string, subs: Array<{ owner: Destination; query: string }>, at: Date): Promise<void> {
  const store = await openStore(storeUrl, silentLogger(), prefix);
  try {
    const subscriptions = createSubscriptionStore(store);
    for (const { owner, query } of subs)
      await subscriptions.create({ owner, query, canonical: formatQuery(parseQuery(query)), createdBy: owner.user ?? 'seed', now: at });
  } finally {
    await store.close();
  }
}

/** What the delivery queue has written to a store, read from outside the bot (e.g. after it crashed). */
export interface QueueSnapshot {
  /** Idempotency key → message id the platform returned. */
  ledger: Map<string, string>;
  /** Idempotency key → destination key (`discord:<guild>:<channel>` or `…:dm:<user>`) and kind. */
  delivered: Map<string, { to: string; kind: string }>;
  /** Idempotency keys still waiting. */
  pending: string[];
  /** Idempotency keys some worker had claimed: attempts in flight. */
  claimed: string[];
}

export async function readQueue(storeUrl: string, prefix: string): Promise<QueueSnapshot> {
  const store: Store = await openStore(storeUrl, silentLogger(), prefix);
  try {
    const ledger = new Map<string, string>();
    const delivered = new Map<string, { to: string; kind: string }>();
    for await (const [key, entry] of store.collection(COLLECTIONS.ledger, ledgerSchema).entries()) {
      ledger.set(key, entry.messageId);
      delivered.set(key, { to: entry.to, kind: entry.kind });
    }
    const pending: string[] = [];
    for await (const [key] of store.collection(COLLECTIONS.pending, pendingSchema).entries()) pending.push(key);
    const claimed: string[] = [];
    for await (const [key] of store.leases(COLLECTIONS.claims).holders()) claimed.push(key);
    return { ledger, delivered, pending, claimed };
  } finally {
    await store.close();
  }
}

/** Every daily-post slot record (`<destination key>:<local day>` → state: running, done, …), read from outside the bot. */
export async function readSlots(storeUrl: string, prefix: string): Promise<Map<string, SlotRecord['state']>> {
  const store: Store = await openStore(storeUrl, silentLogger(), prefix);
  try {
    const slots = new Map<string, SlotRecord['state']>();
    for await (const [key, record] of store.collection(SLOTS_COLLECTION, slotRecordSchema).entries()) slots.set(key, record.state);
    return slots;
  } finally {
    await store.close();
  }
}
