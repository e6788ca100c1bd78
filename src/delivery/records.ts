import { createHash } from 'node:crypto';
import { z } from 'zod';
import { destinationKey, type Destination, type Reply } from '../model.ts';
import { destinationSchema } from './reply-schema.ts';

/** One message waiting to go out. The reply itself is stored once per content hash in `delivery-payloads`. */
export const pendingSchema = z.object({
  key: z.string(),
  kind: z.string(),
  to: destinationSchema,
  payloadId: z.string(),
  attempts: z.number().int().min(0),
  /** Epoch ms before which no attempt is made (retry-after, backoff). */
  notBefore: z.number(),
  enqueuedAt: z.number(),
  lastError: z.string().optional(),
});
export type PendingItem = z.infer<typeof pendingSchema>;

/** What the ledger says about an idempotency key: the platform accepted it. Written once, with `add`. */
export const ledgerSchema = z.object({
  status: z.literal('sent'),
  messageId: z.string(),
  at: z.number(),
  kind: z.string(),
  to: z.string(),
});
export type LedgerEntry = z.infer<typeof ledgerSchema>;

/** An item the queue gave up on, kept for a while so operators can see why. */
export const failureSchema = z.object({
  reason: z.string(),
  at: z.number(),
  attempts: z.number(),
  kind: z.string(),
  to: z.string(),
  permanent: z.boolean(),
});
export type FailureRecord = z.infer<typeof failureSchema>;

/** A worker's claim on an item, or a process's lease on a sender: who, since when. */
export const claimSchema = z.object({ owner: z.string(), at: z.number() });

export const COLLECTIONS = {
  pending: 'delivery-pending',
  payloads: 'delivery-payloads',
  ledger: 'delivery-ledger',
  failed: 'delivery-failed',
  claims: 'delivery-claims',
  leases: 'delivery-leases',
  destinations: 'destinations',
} as const;

const DAY_MS = 86_400_000;
/** Ledger and failure records outlive any day the scheduler could still try to post (the lookback is a week). */
export const LEDGER_TTL_MS = 30 * DAY_MS;
export const PAYLOAD_TTL_MS = 8 * DAY_MS;

/** The idempotency key of a channel's daily post for one Daily Papers day. */
export const dailyKey = (to: Destination, day: string): string => `daily:${destinationKey(to)}:${day}`;

/** The idempotency key of one alert: a subscriber and the batch of papers it announces (order does not matter). */
export function alertKey(subscriber: string, paperIds: readonly string[]): string {
  const batch = [...paperIds].sort().join(',');
  return `alert:${subscriber}:${batch.length <= 120 ? batch : sha256(batch).slice(0, 32)}`;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The content address of a reply: identical replies fanned out to many channels are stored once. */
export const payloadIdOf = (reply: Reply): string => sha256(JSON.stringify(reply)).slice(0, 40);
