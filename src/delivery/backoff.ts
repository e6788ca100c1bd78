/** How long to wait before retrying a transient failure. */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/**
 * Exponential backoff with "equal jitter": attempt n (1-based) waits between half and all of `min(cap, base × 2^(n-1))`,
 * so retries spread out without ever dropping to zero. `random` is injectable for tests.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
