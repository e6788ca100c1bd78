import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay, type BackoffPolicy } from '../delivery/backoff.ts';

/** A failure worth another try (5xx, 429, no answer, a malformed document); `retryAfterMs` from the server when it said. */
export class RetryableError extends Error {
  override name = 'RetryableError';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export interface RetryPolicy extends BackoffPolicy {
  /** Tries after the first. */
  retries: number;
}

export interface Attempted<T> {
  value: T;
  /** How many tries it took (1 = first time) and the errors on the way, so the caller can log them once. */
  attempts: number;
  errors: string[];
}

/** A `Retry-After` header (seconds or an HTTP date) in ms, bounded by the policy's cap. */
export function retryAfterMs(header: string | string[] | undefined, capMs: number): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return undefined;
  const ms = /^\d+$/.test(v.trim()) ? Number(v) * 1000 : Date.parse(v) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), capMs) : undefined;
}

/**
 * Runs `fn` until it succeeds or has failed `retries + 1` times, waiting with exponential backoff (or the server's
 * `Retry-After`) between tries. Only {@link RetryableError} is retried; the last error is thrown with every earlier
 * one in its message. Logging is the caller's, once for the whole run.
 */
export async function withRetries<T>(fn: () => Promise<T>, policy: RetryPolicy): Promise<Attempted<T>> {
  const errors: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await fn(), attempts: attempt, errors };
    } catch (err) {
      if (!(err instanceof RetryableError)) throw err;
      errors.push(err.message);
      if (attempt > policy.retries) throw new RetryableError(`${err.message} (${attempt} tries)`);
      await sleep(err.retryAfterMs ?? backoffDelay(attempt, policy));
    }
  }
}
