import { DateTime } from 'luxon';

/** The part of a channel's settings that says when it posts. */
export interface PostSchedule {
  /** HH:MM local wall-clock time. */
  time: string;
  timezone: string;
  /** 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[];
}

const MINUTE = 60_000;

/**
 * The instant of the post on one local calendar day, or undefined when that weekday is off. A time that does not exist
 * that day (the spring-forward gap) moves forward by the gap, as luxon does: 02:30 becomes 03:30. A time that happens
 * twice (fall back) is taken once, at the offset luxon picks.
 */
export function slotOn(s: PostSchedule, localDay: DateTime): DateTime | undefined {
  if (!s.weekdays.includes(localDay.weekday)) return undefined;
  const [hour, minute] = s.time.split(':').map(Number) as [number, number];
  return DateTime.fromObject({ year: localDay.year, month: localDay.month, day: localDay.day, hour, minute }, { zone: s.timezone });
}

/** The first post instant at or after `from` (epoch ms), looking a week and a day ahead. */
export function nextSlot(s: PostSchedule, from: number): DateTime | undefined {
  const today = DateTime.fromMillis(from, { zone: s.timezone }).startOf('day');
  for (let d = 0; d <= 8; d++) {
    const slot = slotOn(s, today.plus({ days: d }));
    if (slot && slot.toMillis() >= from) return slot;
  }
  return undefined;
}

/** The latest post instant at or before `at` (epoch ms), looking a week and a day back. */
export function lastSlot(s: PostSchedule, at: number): DateTime | undefined {
  const today = DateTime.fromMillis(at, { zone: s.timezone }).startOf('day');
  for (let d = 0; d <= 8; d++) {
    const slot = slotOn(s, today.minus({ days: d }));
    if (slot && slot.toMillis() <= at) return slot;
  }
  return undefined;
}

/** One post per channel per local calendar day: the key of its slot record. */
export const slotKey = (destinationKey: string, slot: DateTime): string => `${destinationKey}:${slot.toISODate()}`;

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
