/** How each subscriber (a person's DMs, or a channel) wants its keyword alerts: instant, a daily or weekly digest, quiet hours. */
import { z } from 'zod';
import { destinationSchema } from '../delivery/reply-schema.ts';
import { destinationKey, type Destination } from '../model.ts';
import { DEFAULT_POST, type ChannelSettings } from '../schedule/channel-settings.ts';
import type { Store } from '../store/store.ts';
import { isKnownTimeZone } from '../schedule/zone-validity.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const quietHoursSchema = z.object({ from: hhmm, to: hhmm, timezone: z.string() });
export type QuietHours = z.infer<typeof quietHoursSchema>;

export const alertModeSchema = z.object({
  to: destinationSchema,
  mode: z.enum(['instant', 'daily', 'weekly']),
  /** Local time of the digest (daily, weekly), HH:MM. */
  time: hhmm.optional(),
  /** ISO weekday of a weekly digest, 1 = Monday. */
  weekday: z.number().int().min(1).max(7).optional(),
  /** IANA zone of the digest. */
  timezone: z.string(),
  quiet: quietHoursSchema.optional(),
  /**
   * UTC HH:MM of the minute after the last change: an instant subscriber without quiet hours still has a daily slot
   * there, which delivers what was held before the change (e.g. a digest's papers after `alerts mode instant`).
   */
  flushAt: hhmm,
  updatedAt: z.number(),
  updatedBy: z.string().optional(),
});
export type AlertMode = z.infer<typeof alertModeSchema>;

/** A change: the mode (with its time, day and zone), or the quiet hours (undefined: off). */
export type AlertModePatch =
  | { mode: 'instant' }
  | { mode: 'daily'; time: string; timezone: string }
  | { mode: 'weekly'; time: string; weekday: number; timezone: string }
  | { quiet: QuietHours | undefined };

export const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];

/**
 * The slot that delivers held alerts, as the daily-post scheduler files it (src/schedule): the digest's time, the end
 * of the quiet hours, or the flush minute after a change. `alertDigest` keeps it apart from the channel's own daily post.
 */
export function scheduleOf(m: AlertMode): ChannelSettings {
  const at =
    m.mode === 'daily' ? { time: m.time!, timezone: m.timezone, weekdays: ALL_DAYS }
    : m.mode === 'weekly' ? { time: m.time!, timezone: m.timezone, weekdays: [m.weekday!] }
    : m.quiet ? { time: m.quiet.to, timezone: m.quiet.timezone, weekdays: ALL_DAYS }
    : { time: m.flushAt, timezone: 'UTC', weekdays: ALL_DAYS };
  const zone = isKnownTimeZone(at.timezone) ? at.timezone : 'UTC';
  return {
    to: m.to, enabled: true, ...at, timezone: zone, count: DEFAULT_POST.count, minUpvotes: 0, updatedAt: m.updatedAt, alertDigest: true,
  };
}

/** Whether alerts matched now are held for a later slot rather than sent at once. */
export type HoldRule = (m: AlertMode | undefined, now: Date) => boolean;

export interface AlertModes {
  get(to: Destination): Promise<AlertMode | undefined>;
  set(to: Destination, patch: AlertModePatch, at: Date, by?: string): Promise<AlertMode>;
  all(): AsyncIterable<AlertMode>;
  onChange(listener: (m: AlertMode) => void): () => void;
}

const nextMinuteUtc = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000 + 60_000).toISOString().slice(11, 16);

/** One value per subscriber in `alert-modes`, written whole (last writer wins, as `channel set`). */
export function createAlertModes(store: Store, defaultTimeZone: string): AlertModes {
  const modes = store.collection('alert-modes', alertModeSchema);
  const listeners = new Set<(m: AlertMode) => void>();
  return {
    get: (to) => modes.get(destinationKey(to)),
    async set(to, patch, at, by) {
      const current = (await modes.get(destinationKey(to))) ?? { to, mode: 'instant' as const, timezone: defaultTimeZone };
      const next: AlertMode = alertModeSchema.parse({
        ...current,
        ...('mode' in patch ? { time: undefined, weekday: undefined, ...patch } : { quiet: patch.quiet }),
        to,
        flushAt: nextMinuteUtc(at),
        updatedAt: at.getTime(),
        updatedBy: by,
      });
      await modes.set(destinationKey(to), next);
      for (const l of listeners) l(next);
      return next;
    },
    async *all() {
      for await (const [, m] of modes.entries()) yield m;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
