import { DateTime } from 'luxon';
import { destinationKey, type Destination } from '../model.ts';

/** The part of a channel's settings that says when it posts. */
export interface PostSchedule {
  /** HH:MM local wall-clock time. */
  time: string;
  timezone: string;
  /** 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[];
}

const MINUTE = 60_000;

/** A calendar day (no zone): the local date a slot falls on. */
interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

const shiftDay = (c: CalendarDay, days: number): CalendarDay & { weekday: number } => {
  const d = new Date(Date.UTC(c.year, c.month - 1, c.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() || 7 };
};

/**
 * The instant of the post on one local calendar day, or undefined when that weekday is off. A time that does not exist
 * that day (the spring-forward gap) moves forward by the gap, as luxon does: 02:30 becomes 03:30. A time that happens
 * twice (fall back) is taken once, at the offset luxon picks.
 */
export function slotOn(s: PostSchedule, localDay: CalendarDay): DateTime | undefined {
  const { weekday } = shiftDay(localDay, 0);
  if (!s.weekdays.includes(weekday)) return undefined;
  const [hour, minute] = s.time.split(':').map(Number) as [number, number];
  return DateTime.fromObject({ year: localDay.year, month: localDay.month, day: localDay.day, hour, minute }, { zone: s.timezone });
}

/** Walks local calendar days from the day of `at` (in the schedule's zone), `step` days at a time, to the first slot `accept`s. */
function findSlot(s: PostSchedule, at: number, step: 1 | -1, accept: (ms: number) => boolean): DateTime | undefined {
  const today = DateTime.fromMillis(at, { zone: s.timezone });
  for (let d = 0; d <= 8; d++) {
    const day = shiftDay(today, d * step);
    if (!s.weekdays.includes(day.weekday)) continue;
    const slot = slotOn(s, day);
    if (slot && accept(slot.toMillis())) return slot;
  }
  return undefined;
}

/** The first post instant at or after `from` (epoch ms), looking a week and a day ahead. */
export const nextSlot = (s: PostSchedule, from: number): DateTime | undefined => findSlot(s, from, 1, (ms) => ms >= from);

/** The latest post instant at or before `at` (epoch ms), looking a week and a day back. */
export const lastSlot = (s: PostSchedule, at: number): DateTime | undefined => findSlot(s, at, -1, (ms) => ms <= at);

/** One post per channel per local calendar day: the key of its slot record. */
export const slotKey = (destinationKey: string, slot: DateTime): string => `${destinationKey}:${slot.toISODate()}`;

/** The scheduler's key of one schedule: a channel's daily post, or (`alerts:`) a subscriber's alert digest. */
export const scheduleKey = (s: { to: Destination; alertDigest?: true }): string =>
  s.alertDigest ? `alerts:${destinationKey(s.to)}` : destinationKey(s.to);

/**
 * The slot record's key: a channel posts once per local day; an alert digest once per slot instant (a change of time
 * the same day gives a second slot, which must not be taken for the first).
 */
export const slotRecordKey = (s: { to: Destination; alertDigest?: true }, slot: DateTime): string =>
  s.alertDigest ? `${scheduleKey(s)}:${slot.toUTC().toISO()}` : slotKey(destinationKey(s.to), slot);

/** "Mon 24 Aug 2026, 09:00 Europe/Paris (UTC+2), in 3 h 20 min": in the channel's own zone. */
export function describeSlot(slot: DateTime, now: number): string {
  const zone = slot.zoneName === 'UTC' ? 'UTC' : `${slot.zoneName} (UTC${slot.toFormat('Z')})`;
  const when = `${slot.setLocale('en-GB').toFormat('ccc d LLL yyyy, HH:mm')} ${zone}`;
  const minutes = Math.max(0, Math.round((slot.toMillis() - now) / MINUTE));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [days ? `${days} d` : '', hours ? `${hours} h` : '', rest || (!days && !hours) ? `${rest} min` : ''].filter(Boolean);
  return `${when}, in ${parts.join(' ')}`;
}

export const minuteOf = (ms: number): number => Math.floor(ms / MINUTE);
export { MINUTE };
