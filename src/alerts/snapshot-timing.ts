/**
 * When the alert engine reads and writes its snapshot (`engine-snapshot.ts`): read once, when the engine starts or
 * before its first change, whichever comes first;
 * written a few seconds after a resync that changed something (at most every {@link SAVE_EVERY_MS}, since writing
 * 100,000 subscriptions takes a tenth of a second of the event loop), and when the engine stops. A failure to read or
 * write is logged and costs only speed: the engine then loads from the store, as without a snapshot.
 */
import type { Logger } from '../log.ts';
import { loadSnapshot, saveSnapshot, type EngineState } from './engine-snapshot.ts';

/** Least time between two writes after resyncs. */
const SAVE_EVERY_MS = 10 * 60_000;
/** Wait after a resync before writing: the changes of a burst of resyncs are written once. */
const SAVE_DELAY_MS = 5_000;

export interface SnapshotTiming {
  /** The snapshot's state on the first call (undefined when there is none or it is refused); undefined after. */
  restore(): EngineState | undefined;
  /** The engine tracked or dropped a subscription. */
  changed(): void;
  /** Writes `state()` after the delay, if something changed since the last write. */
  saveSoon(state: () => EngineState): void;
  /** Writes `state()` now, if something changed since the last write. */
  saveNow(state: () => EngineState): void;
}

export function snapshotTiming(file: string, log: Logger): SnapshotTiming {
  let tried = false;
  let changes = 0;
  let savedChanges = 0;
  let lastSaveAt = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;

  function save(state: () => EngineState): void {
    const at = changes;
    const t0 = performance.now();
    try {
      const bytes = saveSnapshot(file, state());
      savedChanges = at;
      log.info({ file, bytes, ms: Math.round(performance.now() - t0) }, 'alert snapshot written');
    } catch (err) {
      log.warn({ file, err: { message: (err as Error).message } }, 'alert snapshot not written; the next start loads from the store');
    }
    lastSaveAt = Date.now();
  }

  return {
    restore() {
      if (tried) return undefined;
      tried = true;
      const t0 = performance.now();
      const loaded = loadSnapshot(file);
      if (!loaded.state) {
        if (loaded.refused !== 'missing') log.warn({ file, reason: loaded.refused }, 'alert snapshot not used; loading subscriptions from the store');
        return undefined;
      }
      lastSaveAt = Date.now();
      const ms = Math.round(performance.now() - t0);
      log.info({ file, subscriptions: loaded.state.tracked.size, bytes: loaded.bytes, ms }, 'alert snapshot read; checking it against the store');
      return loaded.state;
    },
    changed() {
      changes++;
    },
    saveSoon(state) {
      if (changes === savedChanges || timer) return;
      const wait = Math.max(SAVE_DELAY_MS, lastSaveAt + SAVE_EVERY_MS - Date.now());
      timer = setTimeout(() => {
        timer = undefined;
        if (changes !== savedChanges) save(state);
      }, wait);
      timer.unref();
    },
    saveNow(state) {
      clearTimeout(timer);
      timer = undefined;
      if (changes !== savedChanges) save(state);
    },
  };
}
