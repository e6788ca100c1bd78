import { IANAZone } from 'luxon';
import { quoteInput } from '../quote-input.ts';

/** A parsed value, or a message that says what is accepted. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** `9:00`, `09:00`, `9am`, `9:30pm`, `21:05` → `HH:MM` (24 h). */
export function parseTime(input: string): Parsed<string> {
  const m = /^(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?$/i.exec(input.trim());
  const bad = { ok: false, message: `${quoteInput(input)} is not a time; write HH:MM, e.g. 09:00, 9:30 or 9am` } as const;
  if (!m || (m[2] === undefined && !m[3])) return bad;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  if (m[3]) {
    if (hour < 1 || hour > 12) return bad;
    hour = (hour % 12) + (m[3].toLowerCase().startsWith('p') ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return bad;
  return { ok: true, value: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}` };
}

const titleCase = (zone: string) =>
  zone.replace(/[A-Za-z]+/g, (w) => (/^(utc|gmt)$/i.test(w) ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase()));

/**
 * An IANA zone in any letter case (`europe/paris`, `utc`), returned in its usual spelling (`Europe/Paris`). ICU's
 * legacy aliases are not forced on the user: `Asia/Kolkata` stays `Asia/Kolkata`, not `Asia/Calcutta`.
 */
export function parseTimeZone(input: string): Parsed<string> {
  const name = input.trim();
  if (name && IANAZone.isValidZone(name)) {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    if (resolved.toLowerCase() === name.toLowerCase()) return { ok: true, value: resolved };
    if (name !== name.toLowerCase()) return { ok: true, value: name };
    const titled = titleCase(name);
    return { ok: true, value: IANAZone.isValidZone(titled) ? titled : name };
  }
  return { ok: false, message: `${quoteInput(input)} is not an IANA time zone; try Europe/Paris, America/New_York or UTC` };
}

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const NAMED: Record<string, number[]> = {
  daily: [1, 2, 3, 4, 5, 6, 7],
  everyday: [1, 2, 3, 4, 5, 6, 7],
  all: [1, 2, 3, 4, 5, 6, 7],
  weekdays: [1, 2, 3, 4, 5],
  workdays: [1, 2, 3, 4, 5],
  weekends: [6, 7],
  weekend: [6, 7],
};

const FULL_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Day number (1 = Monday … 7 = Sunday) of `mon`, `Monday`, `tues`, `th`, …: any unique prefix of two letters or more. */
function dayNumber(word: string): number | undefined {
  const w = word.toLowerCase();
  const matches = FULL_NAMES.flatMap((name, i) => (w.length >= 2 && name.startsWith(w) ? [i + 1] : []));
  return matches.length === 1 ? matches[0] : undefined;
}

/** `mon-fri`, `mon,wed,fri`, `fri-mon` (wraps), `daily`, `weekdays`, `weekends` → sorted ISO day numbers (1 = Monday). */
export function parseWeekdays(input: string): Parsed<number[]> {
  const named = NAMED[input.toLowerCase().replace(/[\s_-]/g, '')];
  const text = input.trim().toLowerCase().replace(/\s*([,-])\s*/g, '$1').replace(/\s+/g, ',');
  if (named) return { ok: true, value: [...named] };
  const days = new Set<number>();
  for (const part of text.split(',').filter(Boolean)) {
    const [from, to, extra] = part.split('-');
    const a = from ? dayNumber(from) : undefined;
    const b = to === undefined ? a : dayNumber(to);
    if (a === undefined || b === undefined || extra !== undefined)
      return { ok: false, message: `${quoteInput(input)} is not a set of weekdays; try mon-fri, mon,wed,fri, daily or weekends` };
    for (let d = a; ; d = (d % 7) + 1) {
      days.add(d);
      if (d === b) break;
    }
  }
  if (days.size === 0) return { ok: false, message: 'weekdays cannot be empty; try mon-fri or daily' };
  return { ok: true, value: [...days].sort((x, y) => x - y) };
}

/** `[1..5]` → "Mon–Fri", all seven → "every day", `[1,3,5]` → "Mon, Wed, Fri". */
export function formatWeekdays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return 'every day';
  const consecutive = sorted.length > 2 && sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  if (consecutive) return `${DAY_NAMES[sorted[0]! - 1]}–${DAY_NAMES[sorted.at(-1)! - 1]}`;
  return sorted.map((d) => DAY_NAMES[d - 1]).join(', ');
}
