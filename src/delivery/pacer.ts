import PQueue from 'p-queue';
import { destinationKey, type Destination, type Platform } from '../model.ts';

/** Rate rule of one platform: at most `cap` messages per `intervalMs` per destination, `perSecond` per token. */
export interface PacingRule {
  cap: number;
  intervalMs: number;
  /** Messages per second across all destinations of the platform (one bot token). */
  perSecond: number;
}

/** Discord: 5 messages / 5 s per channel, 50 requests / s per token (kept at 40 for headroom). Slack: ~1 / s per channel. */
export const DEFAULT_PACING: Record<Platform, PacingRule> = {
  discord: { cap: 5, intervalMs: 5_000, perSecond: 40 },
  slack: { cap: 1, intervalMs: 1_000, perSecond: 20 },
  console: { cap: 50, intervalMs: 1_000, perSecond: 200 },
};

export interface PacerOptions {
  /** Sends in flight at once per platform (one bot token), across its destinations. */
  concurrency: number;
  /** Sends in flight at once to one destination (1 keeps a channel's messages in order). */
  perDestination: number;
  rules?: Partial<Record<Platform, PacingRule>>;
}

/**
 * Paces sends with p-queue: a sliding-window queue per destination feeding one queue per platform that bounds both
 * concurrency and requests per second. Idle per-destination queues are dropped once their window has passed.
 */
export interface Pacer {
  run<T>(to: Destination, task: () => Promise<T>): Promise<T>;
  /** Tasks waiting or running. */
  readonly load: number;
  /** Drops tasks not yet started (their items stay pending in the store) and waits for the running ones. */
  stop(waitMs: number): Promise<void>;
  /** Forgets idle destination queues whose window has passed. */
  prune(now: number): void;
}

export function createPacer(opts: PacerOptions): Pacer {
  const rules = { ...DEFAULT_PACING, ...opts.rules };
  const platforms = new Map<Platform, PQueue>();
  const destinations = new Map<string, { queue: PQueue; lastUsed: number; intervalMs: number }>();
  let load = 0;

  const platformQueue = (p: Platform) => {
    let q = platforms.get(p);
    if (!q) {
      const rule = rules[p];
      platforms.set(p, (q = new PQueue({ concurrency: opts.concurrency, intervalCap: rule.perSecond, interval: 1_000, strict: true })));
    }
    return q;
  };
  const destinationQueue = (to: Destination) => {
    const key = destinationKey(to);
    let d = destinations.get(key);
    if (!d) {
      const rule = rules[to.platform];
      const queue = new PQueue({ concurrency: opts.perDestination, intervalCap: rule.cap, interval: rule.intervalMs, strict: true });
      destinations.set(key, (d = { queue, lastUsed: Date.now(), intervalMs: rule.intervalMs }));
    }
    d.lastUsed = Date.now();
    return d.queue;
  };

  return {
    get load() {
      return load;
    },
    async run(to, task) {
      load++;
      try {
        return await destinationQueue(to).add(() => platformQueue(to.platform).add(task));
      } finally {
        load--;
      }
    },
    async stop(waitMs) {
      for (const d of destinations.values()) d.queue.clear();
      for (const q of platforms.values()) q.clear();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((r) => (timer = setTimeout(r, waitMs)));
      await Promise.race([Promise.all([...platforms.values()].map((q) => q.onPendingZero())), timeout]);
      clearTimeout(timer);
    },
    prune(now) {
      for (const [key, d] of destinations)
        if (d.queue.size === 0 && d.queue.pending === 0 && now - d.lastUsed > d.intervalMs) destinations.delete(key);
    },
  };
}
