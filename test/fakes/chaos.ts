import { createHash } from 'node:crypto';

/**
 * A probabilistic fault mode for the platform fakes: a share of matching requests answer 500, another share 429,
 * another is accepted but its answer lost, another is accepted at once but answered late.
 */
export interface ChaosOptions {
  /** Share of matching requests answered 500, 0..1. */
  rate500: number;
  /** Share answered 429 with `Retry-After: retryAfterSec`, 0..1 (drawn after the 500s). */
  rate429: number;
  /**
   * Share handled normally and then answered 500 anyway: the platform accepted the message but the answer was lost.
   * Default 0. Only the Discord fake takes it (a retried create with the same `nonce` and `enforce_nonce` returns the
   * message already created, as Discord does); the Slack fake refuses it, as chat.postMessage has no idempotency key.
   */
  rateLost?: number;
  /**
   * Share handled normally at once (the message is created) but answered only after `slowMs`: slow but accepted, as
   * when the platform is overloaded. With `slowMs` above the client's request timeout the client gives up (and may
   * retry) while the message exists. Default 0. Only the Discord fake takes it so far.
   */
  rateSlow?: number;
  /** How late a `rateSlow` answer comes, in ms. Default 2000. */
  slowMs?: number;
  /** Default 1. Discord accepts fractions; Slack's header is whole seconds (rounded up). */
  retryAfterSec?: number;
  seed: number;
}

export type ChaosVerdict = 'ok' | '500' | '429' | 'lost' | 'slow';

/** Draws verdicts and counts them. */
export interface Chaos {
  readonly options: Required<ChaosOptions>;
  /** The verdict for the next request with this key (e.g. a channel). */
  draw(key: string): ChaosVerdict;
  /** How many of each verdict were drawn, in total and per key. */
  readonly counts: Record<ChaosVerdict, number>;
  countsFor(key: string): Record<ChaosVerdict, number>;
}

/**
 * The n-th request with a given key gets the verdict hashed from (seed, key, n): a counter-mode PRNG, so the faults a
 * channel meets do not depend on how concurrent requests to other channels interleave, and a run is reproducible.
 */
export function createChaos(opts: ChaosOptions): Chaos {
  const options = { retryAfterSec: 1, rateLost: 0, rateSlow: 0, slowMs: 2000, ...opts };
  const rates = [options.rate500, options.rate429, options.rateLost, options.rateSlow];
  if (rates.some((r) => r < 0) || rates.reduce((a, b) => a + b) > 1) throw new Error('chaos: rates must add up to at most 1');
  const none = (): Record<ChaosVerdict, number> => ({ ok: 0, 500: 0, 429: 0, lost: 0, slow: 0 });
  // Cumulative bounds in draw order; a rate of 0 leaves the verdicts of the others (and of older seeds) unchanged.
  const order: ChaosVerdict[] = ['500', '429', 'lost', 'slow'];
  const bounds = rates.map((_, i) => rates.slice(0, i + 1).reduce((a, b) => a + b));
  const counts = none();
  const perKey = new Map<string, Record<ChaosVerdict, number>>();
  return {
    options,
    counts,
    countsFor: (key) => ({ ...(perKey.get(key) ?? none()) }),
    draw(key) {
      const mine = perKey.get(key) ?? none();
      perKey.set(key, mine);
      const n = mine.ok + mine[500] + mine[429] + mine.lost + mine.slow;
      const u = createHash('sha256').update(`${options.seed}:${key}:${n}`).digest().readUInt32BE(0) / 2 ** 32;
      const i = bounds.findIndex((b) => u < b);
      const verdict: ChaosVerdict = i < 0 ? 'ok' : order[i]!;
      mine[verdict]++;
      counts[verdict]++;
      return verdict;
    },
  };
}
