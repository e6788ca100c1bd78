import type { Logger } from '../log.ts';
import type { Destination, Platform, Reply, Sender } from '../model.ts';
import type { PostsRegistry } from '../posts/posts.ts';
import type { Store } from '../store/store.ts';
import type { BackoffPolicy } from './backoff.ts';
import type { DestinationHealth } from './destination-health.ts';
import type { PacingRule } from './pacer.ts';
import type { PlatformStatus } from './platform-status.ts';
import type { FailureRecord, LedgerEntry, PendingItem } from './records.ts';
import type { LabelledCounts, RunCounts } from './run-stats.ts';

/** One outbound message. `key` is its idempotency key per (destination, item), e.g. `dailyKey(to, day)`. */
export interface DeliveryRequest {
  key: string;
  kind: 'daily' | 'weekly' | 'alert' | 'notice' | (string & {});
  to: Destination;
  reply: Reply;
}

export type EnqueueResult = 'queued' | 'already-delivered' | 'already-queued' | 'destination-failing';

/**
 * The one outbound queue for scheduled and fan-out messages (interactive replies never go through it). Items are
 * persisted before any send, claimed with a lease, paced per destination and per platform, and recorded in a ledger so a
 * delivered item is never sent again. One process per platform token is the active sender, elected through the store.
 */
export interface DeliveryQueue {
  readonly destinations: DestinationHealth;
  /** Adds (or replaces) the sender of a platform. This process then competes for that platform's sender lease. */
  registerSender(sender: Sender): void;
  enqueue(request: DeliveryRequest): Promise<EnqueueResult>;
  /** The ledger entry of a key, when the platform accepted it. */
  delivered(key: string): Promise<LedgerEntry | undefined>;
  /** Why a key was given up, when it was. */
  failure(key: string): Promise<FailureRecord | undefined>;
  /** Every item still waiting, whichever process queued it. */
  pendingItems(): Promise<PendingItem[]>;
  /** Whether this process is the active sender for a platform right now. */
  isActiveSender(platform: Platform): boolean;
  /** Why this process paused a platform's sending (its token cannot send), while it is paused. */
  platformPause(platform: Platform): { reason: string; since: number } | undefined;
  /** Counters since this queue was created. */
  totals(): RunCounts;
  /** The same counters by platform and kind. */
  totalsByLabel(): LabelledCounts[];
  /** Resumes pending items and starts polling for work; idempotent. */
  start(): void;
  /** One pass now: refresh leases, hand due items to the pacer. The timer calls it every `pollMs`. */
  pump(): Promise<void>;
  /**
   * Graceful shutdown (docs/decisions/093): stops claiming items at once, lets the sends in flight finish within
   * `shutdownGraceMs` (their claims are released as each finishes), then releases this process's sender leases, fenced,
   * so another process takes over at once. A send still unanswered at the deadline keeps its in-flight mark and its claim
   * (which lapses by itself): it is never handed over while it may still land. Pending items stay in the store.
   */
  close(): Promise<void>;
}

export interface DeliveryQueueOptions {
  store: Store;
  log: Logger;
  posts: PostsRegistry;
  health?: DestinationHealth;
  /** Names this process in claims and leases; default host:pid:random. */
  owner?: string;
  /** Attempts before giving up on transient failures (retry-after included); default 8. */
  maxAttempts?: number;
  /** Default 2 s doubling to a 10 min cap, with jitter. */
  backoff?: BackoffPolicy;
  /** Sends in flight at once per platform; default 32 (docs/decisions/070). */
  concurrency?: number;
  /** Sends in flight at once per destination; default 1. */
  perDestination?: number;
  pacing?: Partial<Record<Platform, PacingRule>>;
  /** Sender lease TTL; renewed at a third of it. Default 30 s. */
  leaseMs?: number;
  /** Per-item claim TTL; the claim is renewed at a third of it while its send runs. Default 60 s. */
  claimMs?: number;
  /**
   * A send with no answer after this counts as `unknown` (it may still land): the item is retried only after that
   * request settles, and the retry looks for the message first. Default: the claim TTL.
   */
  sendTimeoutMs?: number;
  /** Where a platform pause is noted for `channel show`; default: in `store`. */
  platformStatus?: Pick<PlatformStatus, 'note'>;
  /** First wait before probing a platform whose token could not send (doubles to 10 min); default 60 s. */
  tokenProbeMs?: number;
  /** How long `close` waits for the sends in flight; default 5 s (SHUTDOWN_GRACE_SECONDS in the app). */
  shutdownGraceMs?: number;
  /** How often the store is scanned for work queued by other processes and for due retries; default 1 s. */
  pollMs?: number;
  now?: () => number;
  random?: () => number;
}
