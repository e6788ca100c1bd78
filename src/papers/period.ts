import { DateTime } from 'luxon';

/**
 * A Hugging Face list longer than a day: an ISO week (`2026-W34`, Monday to Sunday) or a calendar month (`2026-08`),
 * both in UTC, as the `daily_papers` endpoint's `week` and `month` parameters take them (huggingface_hub's
 * `list_daily_papers(week=…, month=…)`).
 */
export interface Period {
  kind: 'week' | 'month';
  /** `2026-W34` or `2026-08`: the value HF takes and the cache key. */
  key: string;
  /** First and last UTC day, YYYY-MM-DD. */
  first: string;
  last: string;
}

const utc = { zone: 'utc' } as const;

function weekOf(weekYear: number, weekNumber: number): Period {
  const monday = DateTime.fromObject({ weekYear, weekNumber, weekday: 1 }, utc);
  return {
    kind: 'week',
    key: `${weekYear}-W${String(weekNumber).padStart(2, '0')}`,
    first: monday.toISODate()!,
    last: monday.plus({ days: 6 }).toISODate()!,
  };
}

function monthOf(year: number, month: number): Period {
  const start = DateTime.fromObject({ year, month, day: 1 }, utc);
  return { kind: 'month', key: start.toFormat('yyyy-MM'), first: start.toISODate()!, last: start.endOf('month').toISODate()! };
}

/** The ISO week (UTC) that contains `at`. */
export const currentWeek = (at: Date): Period => {
  const d = DateTime.fromJSDate(at, utc);
  return weekOf(d.weekYear, d.weekNumber);
};

/** The calendar month (UTC) that contains `at`. */
export const currentMonth = (at: Date): Period => {
  const d = DateTime.fromJSDate(at, utc);
  return monthOf(d.year, d.month);
};

/** The period just before `p` (the previous week or month). */
export function previousPeriod(p: Period): Period {
  const before = DateTime.fromISO(p.first, utc).minus({ days: 1 });
  return p.kind === 'week' ? weekOf(before.weekYear, before.weekNumber) : monthOf(before.year, before.month);
}

export type ParsedPeriod = { ok: true; period: Period } | { ok: false; message: string };

/**
 * `2026-W34` (also `2026-w34`, `2026W34`, `2026-W5`) as an ISO week. Refuses weeks a year does not have
 * (`2026-W60`, and `2025-W53` since 2025 has 52), with the reason.
 */
export function parseWeek(text: string): ParsedPeriod {
  const m = /^(\d{4})-?W(\d{1,2})$/i.exec(text.trim());
  if (!m) return { ok: false, message: 'week must be written YYYY-Www, e.g. 2026-W34' };
  const year = Number(m[1]);
  const week = Number(m[2]);
  const weeks = DateTime.fromObject({ weekYear: year, weekNumber: 1, weekday: 1 }, utc).weeksInWeekYear;
  if (week < 1 || week > weeks) return { ok: false, message: `${year} has weeks W01 to W${weeks}; there is no week ${week}` };
  return { ok: true, period: weekOf(year, week) };
}

/** `2026-08` (also `2026-8`) as a calendar month. */
export function parseMonth(text: string): ParsedPeriod {
  const m = /^(\d{4})-(\d{1,2})$/.exec(text.trim());
  if (!m) return { ok: false, message: 'month must be written YYYY-MM, e.g. 2026-08' };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return { ok: false, message: `there is no month ${month}; months go from 01 to 12` };
  return { ok: true, period: monthOf(Number(m[1]), month) };
}

/** "2026-W34 (Aug 17–23)" or "August 2026", for titles and notes. */
export function describePeriod(p: Period): string {
  const first = DateTime.fromISO(p.first, utc);
  if (p.kind === 'month') return first.toFormat('LLLL yyyy');
  const last = DateTime.fromISO(p.last, utc);
  const lastText = last.month === first.month ? last.toFormat('d') : last.toFormat('LLL d');
  return `${p.key} (${first.toFormat('LLL d')}–${lastText})`;
}
