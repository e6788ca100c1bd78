import { formatCount } from '../src/quote-input.ts';
import type { CommandDefinition } from './definition.ts';

export { formatCount, quoteInput } from '../src/quote-input.ts';

/** Longest command line accepted from free text (Slack, console); the longest real one, a 300-character query, fits. */
export const MAX_COMMAND_TEXT = 1_000;
/** Bound for a string option that declares no `maxLength` and no `choices`. */
export const DEFAULT_MAX_OPTION_LENGTH = 1_000;
/**
 * The first string option longer than its declared `maxLength` (the bound Discord's client enforces, which the API
 * and Slack do not), as a message; undefined when all fit. A `rest` option is left to its command, whose parser
 * reports the length itself with the position.
 */
export function oversizedOption(def: CommandDefinition<unknown>, options: Record<string, unknown>): string | undefined {
  for (const spec of def.options) {
    const value = options[spec.name];
    if (typeof value !== 'string' || spec.rest) continue;
    const max = spec.maxLength ?? (spec.choices ? undefined : DEFAULT_MAX_OPTION_LENGTH);
    if (max !== undefined && value.length > max)
      return `${spec.name} is too long (${formatCount(value.length)} characters; at most ${formatCount(max)}).`;
  }
  return undefined;
}
