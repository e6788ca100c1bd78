import { z } from 'zod';
import { SourceError, UserError } from '../src/errors.ts';
import type { Paper, RankedPaper } from '../src/model.ts';
import { utcDay } from '../src/papers/day.ts';
import { parsePeriod, PERIODS, type Period } from '../src/votes/top.ts';
import { defineCommand } from './definition.ts';
import { LIMIT_OPTION, listLimit, PRIVATE_OPTION, privateFlag } from './list-options.ts';

const PERIOD_LABEL: Record<Period, string> = { day: 'last 24 hours', week: 'last 7 days', month: 'last 30 days' };
const HOW_TO_VOTE = 'Vote with 1️⃣…🔟 under a digest, or 👍/👎 under a single paper.';

const input = z.object({
  period: z.preprocess(
    (v) => (typeof v === 'string' ? (parsePeriod(v) ?? v) : v),
    z.enum(PERIODS, { message: 'period must be day, week or month' }).default('week'),
  ),
  limit: listLimit,
  private: privateFlag,
});

/** `/papers top [period] [limit]`: this community's most up-voted papers of the last day, week (default) or month. */
export const top = defineCommand({
  name: 'top',
  description: "This community's most up-voted papers of the day, week or month",
  options: [
    { name: 'period', description: 'day, week or month (default week)', type: 'string', choices: PERIODS, accepts: 'choice' },
    LIMIT_OPTION,
    PRIVATE_OPTION,
  ],
  schema: input,
  answer: 'public',
  async run({ period, limit, private: ephemeral }, inv, deps) {
    if (!deps.votes) throw new UserError('Community votes are not enabled on this bot.');
    const entries = await deps.votes.top(inv.where.community, period, inv.now, limit);
    const liked = entries.filter((e) => e.net > 0);
    if (liked.length === 0) {
      const why = entries.length === 0 ? 'No community votes' : 'No paper got more 👍 than 👎';
      return { kind: 'text', text: `${why} in the ${PERIOD_LABEL[period]} yet. ${HOW_TO_VOTE}`, ephemeral: true };
    }
    const found = await Promise.allSettled(liked.map((e) => deps.papers.getPaper(e.paperId)));
    const papers: RankedPaper[] = [];
    const missing: string[] = [];
    let outage: unknown;
    found.forEach((r, i) => {
      const entry = liked[i]!;
      if (r.status === 'fulfilled') papers.push(ranked(r.value, entry.net));
      else {
        missing.push(entry.paperId);
        if (!(r.reason instanceof SourceError && r.reason.kind === 'not-found')) outage ??= r.reason;
      }
    });
    if (papers.length === 0 && outage) throw outage;
    if (missing.length) deps.log.warn({ missing, err: String(outage ?? 'not found') }, 'voted papers could not be loaded');
    const notes = [`Net community votes (👍 − 👎) cast in the ${PERIOD_LABEL[period]}.`];
    if (missing.length) notes.push(`${missing.length} voted paper(s) could not be loaded from Hugging Face: ${missing.join(', ')}.`);
    return {
      kind: 'digest',
      title: `Community top papers · ${PERIOD_LABEL[period]}`,
      day: utcDay(inv.now),
      papers,
      note: notes.join(' '),
      votable: true,
      ephemeral,
    };
  },
});

const ranked = (paper: Paper, net: number): RankedPaper => ({ paper, communityVotes: net, score: net });
