import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Groups the SQLite writes (`set`, `add`, `delete`) asked for in one turn of the event loop into one transaction
 * (docs/decisions/107). Alone, each write is one commit, and commits are most of its cost.
 *
 * Each write still runs whole and in call order, and its promise settles only once the transaction that holds it has
 * committed, so a caller that awaited a write reads it back. While another process holds the write lock, the batch is
 * retried after short pauses, later writes waiting behind it; each write gives up `busyRetryMs` after it was asked for
 * (below the store's operation timeout, so a write reported unavailable is never done afterwards: docs/decisions/082).
 * A write that throws for another reason is run again alone after the rollback, so only it fails.
 */
export interface WriteBatcher {
  /** Runs `op` (one statement: atomic alone) in the next batch; resolves with its result once that batch committed. */
  write<T>(op: () => T): Promise<T>;
  /** Settles every write already asked for. */
  drain(): Promise<void>;
}

interface Pending {
  op: () => unknown;
  giveUpAt: number;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/** Writes in one transaction at most: the write lock is held for a bounded time. */
export const MAX_BATCH_WRITES = 1_000;

const lockedOut = () => Object.assign(new Error('SQLITE_BUSY: the file stayed locked by another process'), { code: 'SQLITE_BUSY' });

/**
 * `transaction(ops)` runs the ops in one transaction taken with BEGIN IMMEDIATE and returns their results; it throws,
 * and the transaction rolls back, when the lock is busy or one op throws.
 */
export function createWriteBatcher(
  transaction: (ops: Array<() => unknown>) => unknown[],
  opts: { busyRetryMs: number; isBusy: (err: unknown) => boolean },
): WriteBatcher {
  const queue: Pending[] = [];
  /** A run is queued or under way (a batch waiting for the lock included). */
  let running = false;
  const idle: Array<() => void> = [];

  const execute = (batch: Pending[]) => (batch.length === 1 ? [batch[0]!.op()] : transaction(batch.map((p) => p.op)));

  /** Drops (fails) the writes whose time ran out while earlier batches held the line; they are never started. */
  function unexpired(batch: Pending[], err: unknown, margin = 0): Pending[] {
    const now = Date.now();
    for (const p of batch) if (now + margin > p.giveUpAt) p.reject(err);
    return batch.filter((p) => now + margin <= p.giveUpAt);
  }

  /** Everything queued, a batch at a time: at once while SQLite answers, through `settle` when it does not. */
  function run(): void {
    while (queue.length > 0) {
      const batch = unexpired(queue.splice(0, MAX_BATCH_WRITES), lockedOut());
      if (batch.length === 0) continue;
      let results: unknown[];
      try {
        results = execute(batch);
      } catch {
        void settle(batch).then(run);
        return;
      }
      batch.forEach((p, i) => p.resolve(results[i]));
    }
    running = false;
    for (const wake of idle.splice(0)) wake();
  }

  /** A batch whose transaction failed: retried while the file is locked, or each write run alone. Never rejects. */
  async function settle(batch: Pending[]): Promise<void> {
    let busy: unknown = lockedOut();
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      batch = unexpired(batch, busy);
      if (batch.length === 0) return;
      let results: unknown[];
      try {
        results = execute(batch);
      } catch (err) {
        if (!opts.isBusy(err)) {
          if (batch.length === 1) return batch[0]!.reject(err);
          for (const p of batch) await settle([p]);
          return;
        }
        busy = err;
        batch = unexpired(batch, err, pause);
        if (batch.length > 0) await sleep(pause);
        continue;
      }
      batch.forEach((p, i) => p.resolve(results[i]));
      return;
    }
  }

  return {
    write<T>(op: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ op, giveUpAt: Date.now() + opts.busyRetryMs, resolve: resolve as (value: unknown) => void, reject });
        if (running) return;
        running = true;
        // Queued from a promise job, a tick runs once every promise job has run (Node drains the microtask queue
        // first), so the writes the rest of this turn asks for join the batch; it still runs before any I/O or timer.
        process.nextTick(run);
      });
    },
    async drain() {
      if (running) await new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}
