import { votesBetween } from './paper-tally.ts';
import type { Tally } from './tally.ts';

export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

const DAY_MS = 86_400_000;
/** Rolling windows ending at `now`: the last 24 hours, 7 days or 30 days. */
export const PERIOD_MS: Record<Period, number> = { day: DAY_MS, week: 7 * DAY_MS, month: 30 * DAY_MS };

/** "week", "Weekly", " month " → a Period; undefined for anything else. */
export function parsePeriod(text: string): Period | undefined {
  const t = text.trim().toLowerCase().replace(/ly$/, '');
  const word = t === 'dai' ? 'day' : t;
  return (PERIODS as readonly string[]).includes(word) ? (word as Period) : undefined;
}

/** One paper's community votes over a period. */
export interface TopEntry {
  paperId: string;
  net: number;
  up: number;
  down: number;
  /** When the latest of these votes was cast. */
  lastAt: Date;
}

/**
 * The papers that got votes cast in the period ending at `now`, ordered by net votes, then up votes, then the most
 * recent vote, then id. Papers whose votes in the period cancel out are kept (net 0) so nothing is hidden.
 */
export function topOf(tally: Tally, period: Period, now: Date, limit: number): TopEntry[] {
  const until = now.getTime();
  const since = until - PERIOD_MS[period];
  const rows: TopEntry[] = [];
  for (const p of tally.papers.values()) {
    const w = votesBetween(p, since, until);
    if (w.up + w.down > 0) rows.push({ paperId: p.paperId, net: w.net, up: w.up, down: w.down, lastAt: new Date(w.lastAt) });
  }
  rows.sort(
    (a, b) =>
      b.net - a.net ||
      b.up - a.up ||
      b.lastAt.getTime() - a.lastAt.getTime() ||
      (a.paperId < b.paperId ? -1 : a.paperId > b.paperId ? 1 : 0),
  );
  return rows.slice(0, Math.max(0, limit));
}
