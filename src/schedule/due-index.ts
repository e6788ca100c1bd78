import type { DateTime } from 'luxon';
import type { ChannelSettings } from './channel-settings.ts';
import { MINUTE, minuteOf, nextSlot, scheduleKey } from './slots.ts';

/** A channel whose post falls in a minute being ticked. */
export interface DueChannel {
  settings: ChannelSettings;
  slot: DateTime;
  /** How many times this slot failed before (a retry after a store error). */
  attempt?: number;
}

interface Entry {
  settings: ChannelSettings;
  slot?: DateTime;
  minute?: number;
}

/**
 * Who posts when, indexed by UTC minute: each enabled channel sits in the bucket of its next slot (computed with luxon in
 * its own zone, so DST is exact). A tick takes the buckets of the minutes since the last tick and re-files each channel at
 * its following slot, so a tick costs O(channels due), not O(channels). The index lives in memory and is rebuilt from
 * the store on start and on each sweep.
 */
export class DueIndex {
  private readonly buckets = new Map<number, Set<string>>();
  private readonly entries = new Map<string, Entry>();
  /** Next slots computed for one `from`, per distinct (zone, time, weekdays): channels sharing a schedule share the work. */
  private readonly slotMemo = new Map<string, DateTime | undefined>();
  private memoFrom = Number.NaN;
  private lastTaken: number;
  /** Slots to try again (they failed on a store error), by the UTC minute of the retry: channel key → slot. */
  private readonly retries = new Map<number, Map<string, { slot: DateTime; attempt: number }>>();

  constructor(now: number) {
    this.lastTaken = minuteOf(now) - 1;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Every indexed channel, enabled or not. */
  channels(): ChannelSettings[] {
    return [...this.entries.values()].map((e) => e.settings);
  }

  get(key: string): ChannelSettings | undefined {
    return this.entries.get(key)?.settings;
  }

  /** Files a channel at its next slot after both the last tick and its last change; unchanged settings are skipped. */
  upsert(settings: ChannelSettings): void {
    const key = scheduleKey(settings);
    const current = this.entries.get(key);
    if (current && current.settings.updatedAt === settings.updatedAt) return;
    this.unfile(key);
    const entry: Entry = { settings };
    this.entries.set(key, entry);
    this.file(key, entry, Math.max((this.lastTaken + 1) * MINUTE, settings.updatedAt));
  }

  remove(key: string): void {
    this.unfile(key);
    this.entries.delete(key);
  }

  /** Files one channel's `slot` to be taken again at the minute of `at` (a retry); its regular slots are unchanged. */
  retry(key: string, slot: DateTime, at: number, attempt: number): void {
    const minute = minuteOf(at);
    let bucket = this.retries.get(minute);
    if (!bucket) this.retries.set(minute, (bucket = new Map()));
    bucket.set(key, { slot, attempt });
  }

  /**
   * The channels due in every minute after the last tick up to the minute of `now`, in slot order, then the retries due
   * by then (of channels still indexed and enabled).
   */
  takeDue(now: number): DueChannel[] {
    const upTo = minuteOf(now);
    const minutes =
      upTo - this.lastTaken <= 1440
        ? Array.from({ length: Math.max(0, upTo - this.lastTaken) }, (_, i) => this.lastTaken + 1 + i)
        : [...this.buckets.keys()].filter((m) => m <= upTo).sort((a, b) => a - b);
    this.lastTaken = Math.max(this.lastTaken, upTo);
    const due: DueChannel[] = [];
    for (const minute of minutes) {
      const keys = this.buckets.get(minute);
      if (!keys) continue;
      this.buckets.delete(minute);
      for (const key of keys) {
        const entry = this.entries.get(key);
        if (!entry?.slot) continue;
        due.push({ settings: entry.settings, slot: entry.slot });
        this.file(key, entry, (minute + 1) * MINUTE);
      }
    }
    for (const [minute, bucket] of this.retries) {
      if (minute > upTo) continue;
      this.retries.delete(minute);
      for (const [key, { slot, attempt }] of bucket) {
        const settings = this.entries.get(key)?.settings;
        if (settings?.enabled && slot.toMillis() >= settings.updatedAt) due.push({ settings, slot, attempt });
      }
    }
    return due;
  }

  private nextSlotFrom(s: ChannelSettings, from: number): DateTime | undefined {
    if (from !== this.memoFrom) {
      this.slotMemo.clear();
      this.memoFrom = from;
    }
    const memoKey = `${s.timezone}|${s.time}|${s.weekdays.join(',')}`;
    if (!this.slotMemo.has(memoKey)) this.slotMemo.set(memoKey, nextSlot(s, from));
    return this.slotMemo.get(memoKey);
  }

  private file(key: string, entry: Entry, from: number): void {
    entry.slot = entry.settings.enabled ? this.nextSlotFrom(entry.settings, from) : undefined;
    entry.minute = entry.slot ? minuteOf(entry.slot.toMillis()) : undefined;
    if (entry.minute === undefined) return;
    let bucket = this.buckets.get(entry.minute);
    if (!bucket) this.buckets.set(entry.minute, (bucket = new Set()));
    bucket.add(key);
  }

  private unfile(key: string): void {
    const minute = this.entries.get(key)?.minute;
    if (minute === undefined) return;
    const bucket = this.buckets.get(minute);
    bucket?.delete(key);
    if (bucket?.size === 0) this.buckets.delete(minute);
  }
}
