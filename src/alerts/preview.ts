/** What a query would have matched recently, so whoever subscribes sees at once whether it is sensible. */
import { addDays, utcDay } from '../papers/day.ts';
import type { PapersService } from '../papers/papers-service.ts';
import type { Paper } from '../model.ts';
import type { ParsedQuery } from './ast.ts';
import { matchPaper } from './evaluate.ts';

export const PREVIEW_DAYS = 7;

export interface AlertPreview {
  /** The UTC days looked at, oldest first. */
  from: string;
  to: string;
  /** Papers looked at. */
  papers: number;
  /** Every match, newest day first, most upvoted first within a day. */
  matches: Array<{ paper: Paper; why: string[] }>;
  /** Days that could not be read (source down and nothing cached). */
  unavailable: string[];
}

/**
 * Matches `query` against the last {@link PREVIEW_DAYS} UTC days (today included) through `getDay`, which serves the
 * cached lists and asks Hugging Face only for a day it has no fresh copy of. A day that fails is reported, not fatal.
 * A paper listed on two days counts once, as of its newest day.
 */
export async function previewQuery(papers: PapersService, query: ParsedQuery, now: Date, days = PREVIEW_DAYS): Promise<AlertPreview> {
  const today = utcDay(now);
  const wanted = Array.from({ length: days }, (_, i) => addDays(today, i - days + 1));
  const lists = await Promise.allSettled(wanted.map((day) => papers.getDay(day, now)));
  const unavailable: string[] = [];
  const seen = new Set<string>();
  const matches: AlertPreview['matches'] = [];
  let looked = 0;
  for (let i = lists.length - 1; i >= 0; i--) {
    const result = lists[i];
    if (result?.status !== 'fulfilled') {
      unavailable.unshift(wanted[i] ?? '');
      continue;
    }
    for (const paper of result.value.papers) {
      if (seen.has(paper.id)) continue;
      seen.add(paper.id);
      looked++;
      const { matched, why } = matchPaper(query, paper);
      if (matched) matches.push({ paper, why });
    }
  }
  matches.sort((a, b) => (a.paper.day === b.paper.day ? b.paper.upvotes - a.paper.upvotes : a.paper.day < b.paper.day ? 1 : -1));
  return { from: wanted[0] ?? today, to: today, papers: looked, matches, unavailable };
}
