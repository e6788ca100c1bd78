import { z } from 'zod';
import type { OptionSpec } from './definition.ts';
import { booleanOption } from './boolean-option.ts';

const LIMIT_RANGE = 'limit must be between 1 and 25';

/** The `limit` of a paper list (today, week, month, top): 1–25, default 10. */
export const listLimit = z.coerce.number().int().min(1, LIMIT_RANGE).max(25, LIMIT_RANGE).default(10);

/** The `private` flag of a list: only the asker sees the answer. */
export const privateFlag = booleanOption('private');

export const LIMIT_OPTION: OptionSpec = { name: 'limit', description: 'How many papers (1–25, default 10)', type: 'integer', min: 1, max: 25, accepts: 'number' };
export const PRIVATE_OPTION: OptionSpec = { name: 'private', description: 'Only you see the answer', type: 'boolean' };
