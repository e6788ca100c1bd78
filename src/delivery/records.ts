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
  /**
   * Written (fenced) right before an attempt posts, and kept when its outcome stays unknown (timed out, process paused
   * or died): the next attempt, by any process, tells the sender to look for the message before posting again.
   */
  inFlight: z.object({ owner: z.string(), token: z.number(), at: z.number() }).optional(),
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

/** A payload the platform refused for its content: given up for every destination, once (docs/decisions/083). */
export const refusedSchema = z.object({ platform: z.string(), reason: z.string(), at: z.number() });

export const COLLECTIONS = {
  pending: 'delivery-pending',
  payloads: 'delivery-payloads',
  ledger: 'delivery-ledger',
  failed: 'delivery-failed',
  /** Lease spaces (fenced): a worker's claim on an item, a process's lease on a platform's sending. */
  claims: 'delivery-claims',
  leases: 'delivery-leases',
  refused: 'delivery-refused',
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
