/** What people type after `/papers alerts mode` and `/papers alerts quiet`, parsed (pure). */
import { DateTime } from 'luxon';
import { quoteInput } from '../quote-input.ts';
import { formatWeekdays, parseTime, parseWeekdays, type Parsed } from '../schedule/friendly-input.ts';
import type { AlertMode, AlertModePatch, QuietHours } from './alert-modes.ts';

const MODE_USAGE = 'write instant, daily HH:MM [zone] or weekly DAY HH:MM [zone], e.g. daily 08:00 Europe/Paris or weekly fri 17:00';

/** `instant`, `daily 08:00` (+ zone), `weekly fri 17:00` (+ zone). `zone` is already parsed (or the default). */
export function parseAlertMode(mode: string, time: string | undefined, day: string | undefined, zone: string): Parsed<AlertModePatch> {
  const m = mode.trim().toLowerCase();
  if (m === 'instant') {
    if (time || day) return { ok: false, message: 'instant alerts have no time or day; write just: instant' };
    return { ok: true, value: { mode: 'instant' } };
  }
  if (m !== 'daily' && m !== 'weekly') return { ok: false, message: `${quoteInput(mode)} is not a mode; ${MODE_USAGE}` };
  if (!time) return { ok: false, message: `a ${m} digest needs a time; ${MODE_USAGE}` };
  const at = parseTime(time);
  if (!at.ok) return at;
  if (m === 'daily') {
    if (day) return { ok: false, message: 'a daily digest comes every day; leave the day out, or ask for weekly DAY HH:MM' };
    return { ok: true, value: { mode: 'daily', time: at.value, timezone: zone } };
  }
  const days = day ? parseWeekdays(day) : undefined;
  if (!days) return { ok: false, message: `a weekly digest needs a day; ${MODE_USAGE}` };
  if (!days.ok) return days;
  if (days.value.length !== 1) return { ok: false, message: 'a weekly digest comes on one day, e.g. weekly fri 17:00' };
  return { ok: true, value: { mode: 'weekly', time: at.value, weekday: days.value[0]!, timezone: zone } };
}

/** `22:00-08:00` (also `10pm-8am`, `22:00 - 08:00`) → quiet hours in `zone`; `off` → none. */
export function parseQuietHours(input: string, zone: string): Parsed<QuietHours | undefined> {
  const text = input.trim().toLowerCase();
  if (text === 'off' || text === 'none') return { ok: true, value: undefined };
  const parts = text.split(/\s*(?:-|–|to)\s*/);
  const bad = { ok: false, message: `${quoteInput(input)} is not a window; write FROM-TO, e.g. 22:00-08:00, or off` } as const;
  if (parts.length !== 2) return bad;
  const from = parseTime(parts[0]!);
  const to = parseTime(parts[1]!);
  if (!from.ok || !to.ok) return bad;
  if (from.value === to.value) return { ok: false, message: 'quiet hours must start and end at different times, e.g. 22:00-08:00' };
  return { ok: true, value: { from: from.value, to: to.value, timezone: zone } };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `now` falls inside the quiet hours, on the local wall clock of their zone (a window may wrap midnight). */
export function inQuietHours(q: QuietHours, now: Date): boolean {
  const local = DateTime.fromJSDate(now, { zone: q.timezone });
  if (!local.isValid) return false;
  const m = local.hour * 60 + local.minute;
  const from = minutesOf(q.from);
  const to = minutesOf(q.to);
  return from < to ? m >= from && m < to : m >= from || m < to;
}

/** Alerts are held (for a digest, or to the end of quiet hours) rather than sent at once. */
export const holdsAlerts = (m: AlertMode | undefined, now: Date): boolean =>
  m !== undefined && (m.mode !== 'instant' || (m.quiet !== undefined && inQuietHours(m.quiet, now)));

/** "daily digest at 08:00 Europe/Paris", "weekly digest on Fri at 17:00 UTC", "instant". */
export function describeAlertMode(m: AlertMode | undefined): string {
  if (!m || m.mode === 'instant') return 'instant';
  if (m.mode === 'daily') return `daily digest at ${m.time} ${m.timezone}`;
  return `weekly digest on ${formatWeekdays([m.weekday!])} at ${m.time} ${m.timezone}`;
}

/** "22:00–08:00 Europe/Paris" or "off". */
export const describeQuietHours = (m: AlertMode | undefined): string =>
  m?.quiet ? `${m.quiet.from}–${m.quiet.to} ${m.quiet.timezone}` : 'off';
