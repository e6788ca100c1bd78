/** What a query would have matched recently, so whoever subscribes sees at once whether it is sensible. */
import { addDays, utcDay } from '../papers/day.ts';
import { mergePaperLists, type ArxivAnnouncements } from '../papers/merge-papers.ts';
import type { PapersService } from '../papers/papers-service.ts';
import type { Paper } from '../model.ts';
import { matchPaper } from './evaluate.ts';
import { within } from './papers-to-match.ts';
import type { ScopedQuery } from './query.ts';
import { admits, coversArxiv, coversHf, type AlertScope } from './scope.ts';

export const PREVIEW_DAYS = 7;
/** How long a preview waits for arXiv's newest announcement (usually in memory already): then it goes without. */
export const PREVIEW_ARXIV_WAIT_MS = 3_000;

export interface AlertPreview {
  scope: AlertScope;
  /** The UTC days looked at on Hugging Face, oldest first (when the scope covers HF). */
  from: string;
  to: string;
  /** Whether Hugging Face's days were looked at. */
  hf: boolean;
  /** arXiv's newest announcement day looked at, when the scope covers arXiv and one could be read. */
  arxivDay?: string;
  /** Every arXiv announcement day looked at (the newest, and earlier ones the archive holds), oldest first. */
  arxivDays: string[];
  /** The scope covers arXiv but no announcement could be read (source off, or not read yet). */
  arxivMissing: boolean;
  /** Papers looked at (those in the scope). */
  papers: number;
  /** Every match, newest day first, most upvoted first within a day. */
  matches: Array<{ paper: Paper; why: string[] }>;
  /** Days that could not be read (source down and nothing cached). */
  unavailable: string[];
  /** Matches per day on average: HF matches over the HF days read plus arXiv matches over the announcements read. */
  perDay: number;
}

/** arXiv papers announced from one UTC day to another that paperboy kept (the archive): the preview's earlier days. */
export type EarlierAnnouncements = (fromDay: string, toDay: string) => Promise<Paper[]>;

/**
 * Matches a scoped query against what its scope covers: the last {@link PREVIEW_DAYS} UTC days (today included) of
 * Hugging Face through `getDay` (cached lists; HF is asked only for a day with no fresh copy), and arXiv's newest
 * announcement (what the arXiv client holds) with the earlier announcements of those days that `earlier` (the archive)
 * kept, each bounded by {@link PREVIEW_ARXIV_WAIT_MS}. A day that fails is reported,
 * not fatal. A paper listed on two days counts once, as of its newest day; one on both sources once.
 */
export function previewQuery(
  papers: PapersService,
  arxiv: ArxivAnnouncements | undefined,
  { query, scope }: Pick<ScopedQuery, 'query' | 'scope'>,
  now: Date,
  days = PREVIEW_DAYS,
  earlier?: EarlierAnnouncements,
): Promise<AlertPreview> {
  return previewMatching(papers, arxiv, scope, (paper) => matchPaper(query, paper), now, days, earlier);
}

/** Whether a previewed paper matches, and why: a query's evaluation, or a `like:` similarity. */
export type PreviewMatch = (paper: Paper) => { matched: boolean; why: string[] };

/** {@link previewQuery} with any way of matching (`like:` subscriptions use the similarity to their paper). */
export async function previewMatching(
  papers: PapersService,
  arxiv: ArxivAnnouncements | undefined,
  scope: AlertScope,
  match: PreviewMatch,
  now: Date,
  days = PREVIEW_DAYS,
  earlier?: EarlierAnnouncements,
): Promise<AlertPreview> {
  const today = utcDay(now);
  const hf = coversHf(scope);
  const wanted = hf ? Array.from({ length: days }, (_, i) => addDays(today, i - days + 1)) : [];
  const arxivWanted = coversArxiv(scope);
  const [lists, announced, before] = await Promise.all([
    Promise.allSettled(wanted.map((day) => papers.getDay(day, now))),
    arxivWanted && arxiv ? within(arxiv.latest(now).catch(() => undefined), PREVIEW_ARXIV_WAIT_MS) : undefined,
    arxivWanted && earlier ? within(earlier(addDays(today, 1 - days), today).catch(() => []), PREVIEW_ARXIV_WAIT_MS) : [],
  ]);
  const arxivPapers = [...new Map([...(before ?? []), ...(announced?.papers ?? [])].map((p) => [p.id, p])).values()];
  const arxivDays = [...new Set([...arxivPapers.map((p) => p.arxivDay), announced?.day].filter((d): d is string => !!d))].sort();
  const unavailable: string[] = [];
  const seen = new Set<string>();
  const hfPapers: Paper[] = [];
  for (let i = lists.length - 1; i >= 0; i--) {
    const result = lists[i];
    if (result?.status !== 'fulfilled') {
      unavailable.unshift(wanted[i] ?? '');
      continue;
    }
    for (const paper of result.value.papers) if (!seen.has(paper.id)) (seen.add(paper.id), hfPapers.push(paper));
  }
  const fromArxiv = new Set(arxivPapers.map((p) => p.id));
  const matches: AlertPreview['matches'] = [];
  let hfMatches = 0;
  let arxivMatches = 0;
  let looked = 0;
  for (const paper of mergePaperLists(hfPapers, arxivPapers)) {
    if (!admits(scope, paper)) continue;
    looked++;
    const { matched, why } = match(paper);
    if (!matched) continue;
    matches.push({ paper, why });
    if (fromArxiv.has(paper.id) && coversArxiv(scope)) arxivMatches++;
    else hfMatches++;
  }
  matches.sort((a, b) => (a.paper.day === b.paper.day ? b.paper.upvotes - a.paper.upvotes : a.paper.day < b.paper.day ? 1 : -1));
  const hfDays = wanted.length - unavailable.length;
  const perDay = (hfDays > 0 ? hfMatches / hfDays : 0) + (arxivDays.length > 0 ? arxivMatches / arxivDays.length : 0);
  return {
    scope,
    from: wanted[0] ?? today,
    to: today,
    hf,
    ...(announced ? { arxivDay: announced.day } : {}),
    arxivDays,
    arxivMissing: arxivWanted && arxivDays.length === 0,
    papers: looked,
    matches,
    unavailable,
    perDay,
  };
}
