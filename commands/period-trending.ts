import { z } from 'zod';
import { UserError } from '../src/errors.ts';
import type { Reply } from '../src/model.ts';
import { utcDay } from '../src/papers/day.ts';
import { currentMonth, currentWeek, describePeriod, previousPeriod, type ParsedPeriod, type Period } from '../src/papers/period.ts';
import { rankPapers, selectTop } from '../src/trending/rank.ts';
import { readNetVotes } from './community-votes.ts';
import type { Invocation } from './definition.ts';
import type { CommandDeps } from './deps.ts';

/** A week or month option: validated into a Period, or a message saying what is wrong (shown with the usage). */
export const periodOption = (parse: (text: string) => ParsedPeriod) =>
  z
    .string()
    .transform((text, ctx) => {
      const parsed = parse(text);
      if (parsed.ok) return parsed.period;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    })
    .optional();

const LABEL = { week: 'week', month: 'month' } as const;
const UTC_NOTE = { week: 'ISO weeks run Monday to Sunday, UTC.', month: 'Months are counted in UTC.' } as const;

/**
 * `/papers week` and `/papers month`: HF's own weekly or monthly list, ranked like `today` (HF upvotes blended with this
 * community's net votes). Without a period, the current one in UTC; when it has no papers yet (early on a Monday or
 * the 1st), the previous one, saying so. A period that has not started is refused.
 */
export async function periodTrending(
  kind: Period['kind'],
  asked: Period | undefined,
  opts: { limit: number; ephemeral: boolean },
  inv: Invocation,
  deps: CommandDeps,
): Promise<Reply> {
  const current = kind === 'week' ? currentWeek(inv.now) : currentMonth(inv.now);
  if (asked && asked.first > utcDay(inv.now))
    throw new UserError(`${kind} ${asked.key} has not started yet; the current ${LABEL[kind]} (UTC) is ${current.key}.`);
  const notes: string[] = [];
  let list = await deps.papers.getPeriod(asked ?? current, inv.now);
  if (!asked && list.papers.length === 0) {
    const previous = await deps.papers.getPeriod(previousPeriod(current), inv.now);
    if (previous.papers.length > 0) {
      notes.push(`No papers yet for this ${LABEL[kind]} (${current.key}); showing the previous one.`);
      list = previous;
    }
  }
  const shown = list.period;
  if (list.papers.length === 0)
    return { kind: 'text', text: `No Daily Papers were listed in ${titleOf(shown)}.`, ephemeral: true };
  const { votes, note: votesNote } = await readNetVotes(deps, inv.where.community, list.papers.map((p) => p.id));
  const ranked = selectTop(rankPapers(list.papers, { votes, weight: deps.config.VOTE_WEIGHT }), opts.limit);
  if (votesNote) notes.unshift(votesNote);
  if (shown.key === current.key) notes.push(`This ${LABEL[kind]} so far. ${UTC_NOTE[kind]}`);
  if (list.stale) notes.push(list.stale.note);
  return {
    kind: 'digest',
    title: `Trending papers · ${titleOf(shown)}`,
    day: shown.first,
    papers: ranked,
    note: notes.length ? notes.join(' ') : undefined,
    votable: true,
    ephemeral: opts.ephemeral,
  };
}

/** "week 2026-W34 (Aug 17–23)" or "August 2026". */
const titleOf = (p: Period) => (p.kind === 'week' ? `week ${describePeriod(p)}` : describePeriod(p));
