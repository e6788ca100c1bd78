import type { RunCoordinator } from 'node-cron';
import { z } from 'zod';
import type { Store } from '../store/store.ts';

/** Fires are remembered at least this long, so a slow instance can never run a fire another already ran. */
const MIN_MEMORY_MS = 10 * 60_000;

/**
 * node-cron 4's `RunCoordinator` over paperboy's store: the first instance whose atomic `add` stores the fire's key
 * (`<task name>:<fire ISO time>`) runs it; the others skip it as 'not-elected'. Works on every backend (SQLite file,
 * Redis, PostgreSQL). It only saves duplicate work: exactly-once posting rests on the slot records and the ledger.
 */
export function createStoreRunCoordinator(store: Store): RunCoordinator {
  const fires = store.collection('cron-fires', z.object({ at: z.number() }));
  return {
    shouldRun: (key, ttlMs) => fires.add(key, { at: Date.now() }, Math.max(ttlMs, MIN_MEMORY_MS)),
  };
}
