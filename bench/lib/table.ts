/** Small printing and statistics helpers shared by the scale benchmarks. */

export const pct = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export const fmtMs = (v: number): string => (!Number.isFinite(v) ? '—' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`);
export const fmtMB = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;
export const ratio = (ours: number, base: number): string => (base > 0 && Number.isFinite(base) && Number.isFinite(ours) ? `${(ours / base).toFixed(2)}×` : '—');

/** Prints one row: the first cell left-aligned in `first` columns, the others right-aligned in `width` columns. */
export function row(cells: readonly string[], first = 44, width = 14): void {
  console.log(cells.map((c, i) => (i === 0 ? c.padEnd(first) : c.padStart(width))).join(''));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it is true; throws after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number, everyMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`bench: timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** `--quick` on the command line (npm run bench -- fanout --quick) or BENCH_QUICK=1: smaller sizes. */
export const quick = (): boolean => process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
