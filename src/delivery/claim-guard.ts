import { performance } from 'node:perf_hooks';
import type { Fence, LeaseSpace } from '../store/store.ts';

/**
 * A held claim on one item, kept alive while this process works on it: renewed every third of its time to live, so a
 * slow send never lets it lapse, while a paused (or dead) process loses it within that time. `mayPost` is the check
 * made right before each request that posts (docs/decisions/080).
 */
export interface ClaimGuard {
  readonly fence: Fence;
  /** Whether a renewal found the claim lost. */
  readonly lost: boolean;
  /**
   * True only if the store confirms this claim and the sender lease are still held, with more time left on both than
   * the check itself took plus a margin: a pause during or before the check makes it false.
   */
  mayPost(): Promise<boolean>;
  /** Stops renewing and ends the claim (only if it is still ours). */
  release(): Promise<void>;
  /** Stops renewing without ending the claim: it lapses by itself (a request of ours may still be under way). */
  abandon(): void;
}

export interface ClaimGuardOptions {
  claims: LeaseSpace;
  key: string;
  owner: string;
  ttlMs: number;
  /** The sender lease's check: ms left on it by the store's clock (0 = not held). */
  senderLeaseLeft(): Promise<number>;
  /** The sender lease's time to live (its margin is a share of it, as the claim's is of `ttlMs`). */
  senderLeaseTtlMs: number;
  onRenewalError?(err: unknown): void;
}

/** Takes the claim on `key`, or undefined when another process holds it. */
export async function guardClaim(o: ClaimGuardOptions): Promise<ClaimGuard | undefined> {
  const fence = await o.claims.acquire(o.key, o.owner, o.ttlMs);
  if (!fence) return undefined;
  const claimMarginMs = o.ttlMs / 6;
  const leaseMarginMs = o.senderLeaseTtlMs / 6;
  let lost = false;
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewing
      .then(async () => {
        if (!lost && !(await o.claims.renew(fence, o.ttlMs))) lost = true;
      })
      .catch((err: unknown) => o.onRenewalError?.(err));
  }, o.ttlMs / 3);
  timer.unref();
  return {
    fence,
    get lost() {
      return lost;
    },
    async mayPost() {
      if (lost) return false;
      const asked = performance.now();
      const [claimLeft, leaseLeft] = await Promise.all([o.claims.remaining(fence), o.senderLeaseLeft()]);
      const took = performance.now() - asked;
      if (claimLeft <= 0) lost = true;
      return claimLeft - took > claimMarginMs && leaseLeft - took > leaseMarginMs;
    },
    async release() {
      clearInterval(timer);
      await renewing;
      if (!lost) await o.claims.release(fence);
    },
    abandon() {
      clearInterval(timer);
    },
  };
}
