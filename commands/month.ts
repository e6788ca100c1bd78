import { z } from 'zod';
import { parseMonth } from '../src/papers/period.ts';
import { defineCommand } from './definition.ts';
import { periodOption, periodTrending } from './period-trending.ts';
import { LIMIT_OPTION, listLimit, PRIVATE_OPTION, privateFlag } from './list-options.ts';

const input = z.object({
  month: periodOption(parseMonth),
  limit: listLimit,
  private: privateFlag,
});

/** `/papers month [YYYY-MM] [limit]`: Hugging Face's monthly list, ranked like today's; default the current month (UTC). */
export const month = defineCommand({
  name: 'month',
  description: "A month's trending papers (Hugging Face's monthly list); default this month, UTC",
  options: [
    { name: 'month', description: 'A month, YYYY-MM, e.g. 2026-08 (default: this month, UTC)', type: 'string', accepts: 'month', maxLength: 10 },
    LIMIT_OPTION,
    PRIVATE_OPTION,
  ],
  schema: input,
  answer: 'public',
  run: ({ month: asked, limit, private: ephemeral }, inv, deps) => periodTrending('month', asked, { limit, ephemeral }, inv, deps),
});
