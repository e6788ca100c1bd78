import { createLogger, type Logger } from '../../src/log.ts';
import type { RunCounts } from '../../src/delivery/run-stats.ts';

/** One pino JSON line, parsed. */
export type LogLine = { level: number; msg: string } & Record<string, unknown>;

/** A real pino logger whose lines are kept, parsed, in `lines`. */
export function captureLogs(level = 'info'): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = createLogger({ level, destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) } });
  return { log, lines };
}

const RUN_LINE = /^delivery run: queued (\d+), sent (\d+), retried (\d+), failed (\d+), duplicates (\d+)$/;

/**
 * The delivery queue's status lines ("delivery run: queued …") as counts, read from the text an operator sees; each
 * line's structured fields must say the same, or this throws.
 */
export function deliveryRuns(lines: readonly LogLine[]): RunCounts[] {
  return lines.flatMap((l) => {
    const m = RUN_LINE.exec(l.msg);
    if (!m) return [];
    const [queued, sent, retried, failed, duplicates] = m.slice(1).map(Number) as [number, number, number, number, number];
    const counts = { queued, sent, retried, failed, duplicates };
    for (const [k, v] of Object.entries(counts))
      if (l[k] !== v) throw new Error(`status line says ${k} ${v} in its text but ${String(l[k])} in its fields`);
    return [counts];
  });
}

/** The counts of several status lines added up (a fan-out may be logged as more than one run if the queue fell idle). */
export function totalOf(runs: readonly RunCounts[]): RunCounts {
  const total: RunCounts = { queued: 0, sent: 0, retried: 0, failed: 0, duplicates: 0 };
  for (const r of runs) for (const k of Object.keys(total) as Array<keyof RunCounts>) total[k] += r[k];
  return total;
}

/** `[done, of]` of each progress line ("delivery progress: 250/500"). */
export const progressLines = (lines: readonly LogLine[]): Array<[number, number]> =>
  lines.flatMap((l) => {
    const m = /^delivery progress: (\d+)\/(\d+)$/.exec(l.msg);
    return m ? [[Number(m[1]), Number(m[2])] as [number, number]] : [];
  });
