import { z } from 'zod';

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

/**
 * A yes/no option as it arrives: a boolean (Discord, `--flag`), or text typed on Slack or the console (`private:false`,
 * `--private=no`): true/false, yes/no, on/off, 1/0 in any letter case. Undefined for anything else.
 */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim().toLowerCase();
  return TRUE.has(text) ? true : FALSE.has(text) ? false : undefined;
}

/**
 * The schema of a boolean option, default false. Not `z.coerce.boolean()`, which is JavaScript truthiness: the text
 * "false" is true. Anything that is not a yes or a no is a usage error.
 */
export const booleanOption = (name: string) =>
  z.unknown().optional().transform((value, ctx): boolean => {
    if (value === undefined) return false;
    const parsed = parseBoolean(value);
    if (parsed !== undefined) return parsed;
    ctx.addIssue({ code: 'custom', message: `${name} must be true or false (also yes/no, on/off, 1/0)` });
    return z.NEVER;
  });
