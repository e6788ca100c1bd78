import type { Logger } from '../log.ts';
import type { Platform } from '../model.ts';

/** The counters of one delivery run: from the first item this process handles until it is idle again. */
export interface RunCounts {
  queued: number;
  sent: number;
  retried: number;
  failed: number;
  /** Items found already delivered (ledger) and dropped without sending. */
  duplicates: number;
}

/** What a count is about: the platform an item goes to and its kind (daily post, alert, notice). */
export interface CountedItem {
  to: { platform: Platform };
  kind: string;
}

/** Totals of one platform and kind. */
export type LabelledCounts = RunCounts & { platform: Platform; kind: string };

const zero = (): RunCounts => ({ queued: 0, sent: 0, retried: 0, failed: 0, duplicates: 0 });

/** A fan-out larger than this logs progress while it runs. */
export const PROGRESS_THRESHOLD = 300;
const PROGRESS_EVERY = 250;

/** Counts a run and logs it: progress lines during a large fan-out, and one status line when the run ends. */
export class RunStats {
  private counts: RunCounts = zero();
  /** The distinct items handed to the pacer in this run (a retried item counts once). */
  private readonly items = new Set<string>();
  private lastProgress = 0;
  private startedAt = 0;
  private lastActivity = 0;
  private readonly totals: RunCounts = zero();
  /** The same totals by platform and kind (`/metrics` labels). */
  private readonly labelled = new Map<string, LabelledCounts>();

  constructor(private readonly log: Logger) {}

  count(what: keyof RunCounts, item: CountedItem): void {
    if (this.startedAt === 0) this.startedAt = Date.now();
    this.lastActivity = Date.now();
    this.counts[what]++;
    this.totals[what]++;
    const label = `${item.to.platform}\u0000${item.kind}`;
    let of = this.labelled.get(label);
    if (!of) this.labelled.set(label, (of = { ...zero(), platform: item.to.platform, kind: item.kind }));
    of[what]++;
  }

  /** Called with the keys of the items handed to the pacer, to size the run. */
  noteDispatched(keys: readonly string[]): void {
    if (keys.length === 0) return;
    if (this.startedAt === 0) this.startedAt = Date.now();
    for (const key of keys) this.items.add(key);
  }

  /** Called after each attempt; logs progress every few hundred when the run is large. */
  progress(inFlight: number): void {
    const done = this.counts.sent + this.counts.failed + this.counts.duplicates;
    if (this.items.size > PROGRESS_THRESHOLD && done - this.lastProgress >= PROGRESS_EVERY) {
      this.lastProgress = done;
      this.log.info({ ...this.counts, remaining: inFlight }, `delivery progress: ${done}/${this.items.size}`);
    }
  }

  /**
   * Logs the status line of the run that just ended, if anything happened and nothing has for `quietMs`, and starts a
   * new one. A run is thus one burst of work, however the enqueues and sends interleave; the queue calls this only when
   * no item is in flight or waiting for a retry, so a fan-out whose last items wait out a Retry-After is still one run.
   */
  endRun(quietMs = 0): RunCounts | undefined {
    const c = this.counts;
    if (c.queued + c.sent + c.retried + c.failed + c.duplicates === 0) return undefined;
    if (Date.now() - this.lastActivity < quietMs) return undefined;
    const ms = Date.now() - this.startedAt;
    this.log.info(
      { ...c, ms },
      `delivery run: queued ${c.queued}, sent ${c.sent}, retried ${c.retried}, failed ${c.failed}, duplicates ${c.duplicates}`,
    );
    this.counts = zero();
    this.items.clear();
    this.lastProgress = 0;
    this.startedAt = 0;
    return c;
  }

  /** Everything counted since the queue was created. */
  total(): RunCounts {
    return { ...this.totals };
  }

  /** Everything counted since the queue was created, by platform and kind. */
  totalBy(): LabelledCounts[] {
    return [...this.labelled.values()].map((c) => ({ ...c }));
  }
}
