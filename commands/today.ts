import { z } from 'zod';
import { UserError } from '../src/errors.ts';
import { isIsoDay, utcDay } from '../src/papers/day.ts';
import { rankPapers, selectTop } from '../src/trending/rank.ts';
import { readNetVotes } from './community-votes.ts';
import { booleanOption } from './boolean-option.ts';
import { defineCommand } from './definition.ts';

const input = z.object({
  limit: z.coerce.number().int().min(1, 'limit must be between 1 and 25').max(25, 'limit must be between 1 and 25').default(10),
  date: z
    .string()
    .refine(isIsoDay, 'date must be a real day written YYYY-MM-DD, e.g. 2026-08-20')
    .optional(),
  private: booleanOption('private'),
});

/** `/papers today [limit] [date]`: the trending list of the newest day with papers, or of a given day. */
export const today = defineCommand({
  name: 'today',
  description: "Today's trending papers from Hugging Face Daily Papers",
  options: [
    { name: 'limit', description: 'How many papers (1–25, default 10)', type: 'integer', min: 1, max: 25, accepts: 'number' },
    { name: 'date', description: 'A past day, YYYY-MM-DD', type: 'string', accepts: 'day', maxLength: 10 },
    { name: 'private', description: 'Only you see the answer', type: 'boolean' },
  ],
  schema: input,
  answer: 'public',
  async run({ limit, date, private: ephemeral }, inv, deps) {
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
