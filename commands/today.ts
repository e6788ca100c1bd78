import { z } from 'zod';
import { UserError } from '../src/errors.ts';
import { isIsoDay, utcDay } from '../src/papers/day.ts';
import { rankPapers, selectTop } from '../src/trending/rank.ts';
import { readNetVotes } from './community-votes.ts';
import { defineCommand } from './definition.ts';
import { arxivToday } from './today-arxiv.ts';
import { LIMIT_OPTION, listLimit, PRIVATE_OPTION, privateFlag } from './list-options.ts';

const input = z.object({
  limit: listLimit,
  date: z
    .string()
    .refine(isIsoDay, 'date must be a real day written YYYY-MM-DD, e.g. 2026-08-20')
    .optional(),
  private: privateFlag,
  source: z.enum(['hf', 'arxiv']).optional(),
  category: z.string().max(20, 'category is at most 20 characters').optional(),
});

/** `/papers today [limit] [date]`: the trending list of the newest day with papers, or of a given day. */
export const today = defineCommand({
  name: 'today',
  description: "Today's trending papers from Hugging Face Daily Papers",
  options: [
    LIMIT_OPTION,
    { name: 'date', description: 'A past day, YYYY-MM-DD', type: 'string', accepts: 'day', maxLength: 10 },
    PRIVATE_OPTION,
    { name: 'source', description: 'hf (trending, default) or arxiv (the newest arXiv announcement)', type: 'string', choices: ['hf', 'arxiv'], accepts: 'choice' },
    { name: 'category', description: 'With source arxiv: one arXiv category, e.g. cs.CL', type: 'string', accepts: 'category', maxLength: 20 },
  ],
  schema: input,
  answer: 'public',
  async run({ limit, date, private: ephemeral, source, category }, inv, deps) {
    if (source === 'arxiv' || (category && source !== 'hf')) {
      if (date) throw new UserError('date works with the Hugging Face list only; arXiv shows its newest announcement.');
      return arxivToday(deps, { limit, category, ephemeral }, inv.now);
    }
    if (category) throw new UserError('category works with source arxiv: /papers today source:arxiv category:cs.CL');
    if (date && date > utcDay(inv.now)) throw new UserError(`${date} is in the future; pick today or an earlier day.`);
    const list = date ? await deps.papers.getDay(date, inv.now) : await deps.papers.getToday(inv.now);
    if (list.papers.length === 0) return { kind: 'text', text: `No Daily Papers were published on ${list.day}.`, ephemeral: true };
    const { votes, note: votesNote } = await readNetVotes(deps, inv.where.community, list.papers.map((p) => p.id));
    const ranked = selectTop(rankPapers(list.papers, { votes, weight: deps.config.VOTE_WEIGHT }), limit);
    const notes = votesNote ? [votesNote] : [];
    if (!date && list.day !== utcDay(inv.now)) notes.push(`No papers yet for ${utcDay(inv.now)}; showing ${list.day}, the newest day.`);
    if (list.stale) notes.push(list.stale.note);
    return {
      kind: 'digest',
      title: `Trending papers · ${list.day}`,
      day: list.day,
      papers: ranked,
      note: notes.length ? notes.join(' ') : undefined,
      votable: true,
      ephemeral,
    };
  },
});
