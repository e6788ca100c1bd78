import { DateTime } from 'luxon';

/** arXiv's clock: announcements, cut-offs and the feed's `pubDate` are US Eastern. */
export const ARXIV_ZONE = 'America/New_York';
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const DEFAULT_SKIP = ['Saturday', 'Sunday'];

const skips = (skipDays: readonly string[]) => new Set((skipDays.length ? skipDays : DEFAULT_SKIP).map((d) => d.toLowerCase()));
const skipped = (d: DateTime, skip: Set<string>) => skip.has(WEEKDAYS[d.weekday - 1]!.toLowerCase());

/**
 * When the next announcement after the feed dated `day` (YYYY-MM-DD) is expected: midnight US Eastern of the next day
 * that is not in `skipDays` (the feed's own list; Saturday and Sunday when it has none). Until then the feed cannot
 * have changed, so the client does not ask. Holidays are not known: on one, the conditional request costs a 304.
 */
export function nextAnnouncementAfter(day: string, skipDays: readonly string[] = []): Date {
  const skip = skips(skipDays);
  let d = DateTime.fromISO(day, { zone: ARXIV_ZONE }).startOf('day').plus({ days: 1 });
  for (let i = 0; i < 7 && skipped(d, skip); i++) d = d.plus({ days: 1 });
  return d.toJSDate();
}

/** The weekday announcement before `day` (skipping `skipDays`), YYYY-MM-DD. */
function previousAnnouncement(day: DateTime, skip: Set<string>): DateTime {
  let d = day.minus({ days: 1 });
  for (let i = 0; i < 7 && skipped(d, skip); i++) d = d.minus({ days: 1 });
  return d;
}

/**
 * The submission window of the announcement dated `day`: arXiv's cut-off is 14:00 US Eastern, and the mailing sent that
 * evening is the next morning's feed. So the feed of Tuesday holds what was submitted from Friday 14:00 to Monday 14:00.
 * Holidays shift arXiv's schedule and are not known here.
 */
export function submissionWindow(day: string, skipDays: readonly string[] = []): { from: Date; to: Date } {
  const skip = skips(skipDays);
  const d = DateTime.fromISO(day, { zone: ARXIV_ZONE }).startOf('day');
  const cutoff = (x: DateTime) => previousAnnouncement(x, skip).set({ hour: 14, minute: 0, second: 0, millisecond: 0 });
  return { from: cutoff(previousAnnouncement(d, skip)).toJSDate(), to: cutoff(d).toJSDate() };
}
