import { createHash } from 'node:crypto';

/** A probabilistic fault mode for the platform fakes: a share of matching requests answer 500, another share 429. */
export interface ChaosOptions {
  /** Share of matching requests answered 500, 0..1. */
  rate500: number;
  /** Share answered 429 with `Retry-After: retryAfterSec`, 0..1 (drawn after the 500s). */
  rate429: number;
  /**
   * Share handled normally and then answered 500 anyway: the platform accepted the message but the answer was lost.
   * Default 0. The Discord fake returns the message already created for a retried create with the same `nonce` and
   * `enforce_nonce`, as Discord does; the Slack fake stores the message and answers 500.
   */
  rateLost?: number;
  /**
   * Share handled normally (the message is stored) and then the connection is destroyed without any answer: the
   * answer is lost mid-request. Default 0. Slack fake only (`chat.postMessage`).
   */
  rateDropped?: number;
  /**
   * Share handled at once (the message is stored) but answered only after `slowMs`: slow but accepted, for a client
   * whose timeout is shorter than `slowMs`. Default 0. Slack fake only (`chat.postMessage`).
   */
  rateSlow?: number;
  /** How long a `slow` answer waits, ms. Default 1000. */
  slowMs?: number;
  /** Default 1. Discord accepts fractions; Slack's header is whole seconds (rounded up). */
  retryAfterSec?: number;
  seed: number;
}

export type ChaosVerdict = 'ok' | '500' | '429' | 'lost' | 'dropped' | 'slow';

/** Draws verdicts and counts them. */
export interface Chaos {
  readonly options: Required<ChaosOptions>;
  /** The verdict for the next request with this key (e.g. a channel). */
  draw(key: string): ChaosVerdict;
  /** How many of each verdict were drawn, in total and per key. */
  readonly counts: Record<ChaosVerdict, number>;
  countsFor(key: string): Record<ChaosVerdict, number>;
}

/** The fault verdicts in the order their shares are laid out on [0, 1); what is left is `ok`. */
const FAULTS = ['500', '429', 'lost', 'dropped', 'slow'] as const;

/**
 * The n-th request with a given key gets the verdict hashed from (seed, key, n): a counter-mode PRNG, so the faults a
 * channel meets do not depend on how concurrent requests to other channels interleave, and a run is reproducible.
 * Shares are laid out in the order 500, 429, lost, dropped, slow, so adding a mode at 0 changes no earlier draw.
 */
export function createChaos(opts: ChaosOptions): Chaos {
  const options = { retryAfterSec: 1, rateLost: 0, rateDropped: 0, rateSlow: 0, slowMs: 1000, ...opts };
  const rates: Record<(typeof FAULTS)[number], number> = {
    500: options.rate500,
    429: options.rate429,
    lost: options.rateLost,
    dropped: options.rateDropped,
    slow: options.rateSlow,
  };
  const all = Object.values(rates);
  if (all.some((r) => r < 0) || all.reduce((a, b) => a + b) > 1) throw new Error('chaos: rates must add up to at most 1');
  const none = (): Record<ChaosVerdict, number> => ({ ok: 0, 500: 0, 429: 0, lost: 0, dropped: 0, slow: 0 });
  const counts = none();
  const perKey = new Map<string, Record<ChaosVerdict, number>>();
  return {
    options,
    counts,
    countsFor: (key) => ({ ...(perKey.get(key) ?? none()) }),
    draw(key) {
      const mine = perKey.get(key) ?? none();
      perKey.set(key, mine);
      const n = Object.values(mine).reduce((a, b) => a + b);
      const u = createHash('sha256').update(`${options.seed}:${key}:${n}`).digest().readUInt32BE(0) / 2 ** 32;
      let verdict: ChaosVerdict = 'ok';
      let upTo = 0;
      for (const f of FAULTS) {
        upTo += rates[f];
        if (u < upTo) {
          verdict = f;
          break;
        }
      }
      mine[verdict]++;
      counts[verdict]++;
      return verdict;
    },
  };
}
