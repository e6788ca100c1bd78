import { z } from 'zod';
import { parseWeek } from '../src/papers/period.ts';
import { defineCommand } from './definition.ts';
import { periodOption, periodTrending } from './period-trending.ts';
import { LIMIT_OPTION, listLimit, PRIVATE_OPTION, privateFlag } from './list-options.ts';

const input = z.object({
  week: periodOption(parseWeek),
  limit: listLimit,
  private: privateFlag,
});

/** `/papers week [YYYY-Www] [limit]`: Hugging Face's weekly list, ranked like today's; default the current ISO week (UTC). */
export const week = defineCommand({
  name: 'week',
  description: "A week's trending papers (Hugging Face's weekly list); default this ISO week, UTC",
  options: [
    { name: 'week', description: 'An ISO week, YYYY-Www, e.g. 2026-W34 (default: this week, UTC)', type: 'string', accepts: 'week', maxLength: 10 },
    LIMIT_OPTION,
    PRIVATE_OPTION,
  ],
  schema: input,
  answer: 'public',
  run: ({ week: asked, limit, private: ephemeral }, inv, deps) => periodTrending('week', asked, { limit, ephemeral }, inv, deps),
});
