import type { z } from 'zod';
import type { Destination, Reply } from '../src/model.ts';
import { parseBoolean } from './boolean-option.ts';
import type { CommandDeps } from './deps.ts';

/** One option of a command, described once for every platform (Discord option types, Slack usage text, console). */
export interface OptionSpec {
  name: string;
  description: string;
  type: 'string' | 'integer' | 'boolean';
  required?: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  choices?: readonly string[];
  /** Free-text parsing: which positional tokens this option accepts. */
  accepts?: 'day' | 'number' | 'choice' | 'time' | 'timezone' | 'weekdays' | 'word' | 'category' | 'week' | 'month' | 'cadence';
  /** Takes the rest of the text verbatim (e.g. a subscription query). */
  rest?: boolean;
  /** Offer the user's own values as they type (Discord autocomplete). */
  autocomplete?: boolean;
}

/** The caller of a command, as the core sees it: no platform types inside. */
export interface Invocation {
  /** "today", "subscribe", "channel set", … */
  command: string;
  options: Record<string, string | number | boolean | undefined>;
  user: { id: string; name: string; canManageChannel: boolean };
  where: Destination;
  now: Date;
}

/** One slash subcommand. `schema` validates the raw options into `I`; a failure becomes a usage message. */
export interface CommandDefinition<I = Record<string, unknown>> {
  name: string;
  description: string;
  options: readonly OptionSpec[];
  schema: z.ZodType<I>;
  /** Needs the Manage Channels permission (Discord) or a workspace admin (Slack). */
  privileged?: boolean;
  /**
   * Who sees the answer, decided before the command runs (Discord must defer within 3 s): 'public' answers in the
   * channel unless the caller passes `private: true`; 'private' (the default) answers the caller only.
   */
  answer?: 'public' | 'private';
  run(input: I, inv: Invocation, deps: CommandDeps): Promise<Reply>;
  /** Suggestions for an option marked `autocomplete` while the user types `typed` (at most 25 are shown). */
  complete?(option: string, typed: string, inv: Invocation, deps: CommandDeps): Promise<Choice[]>;
}

/** One autocomplete suggestion: what the user sees, and the option value it fills in. */
export interface Choice {
  name: string;
  value: string;
}

/** True when the answer to this invocation is for the caller only (`private` read as the commands read it). */
export const answersPrivately = (def: Pick<CommandDefinition<unknown>, 'answer'>, options: Invocation['options']): boolean =>
  def.answer !== 'public' || parseBoolean(options.private) === true;

/** Widens a typed definition for the registry. */
export const defineCommand = <I>(def: CommandDefinition<I>): CommandDefinition<unknown> => def as CommandDefinition<unknown>;

/** "today [limit] [date]"; beside a `rest` option, choices are written as flags: "subscribe <query…> [--me|--channel]". */
export function usageOf(def: CommandDefinition<unknown>): string {
  const hasRest = def.options.some((o) => o.rest);
  const parts = def.options.map((o) => {
    const label =
      o.type === 'boolean' ? `--${o.name}`
      : o.rest ? `<${o.name}…>`
      : hasRest && o.choices ? o.choices.map((c) => `--${c}`).join('|')
      : `<${o.name}>`;
    return o.required ? label : `[${label}]`;
  });
  return [def.name, ...parts].join(' ');
}
