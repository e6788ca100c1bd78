import type { CommandDefinition } from './definition.ts';
import { help } from './help.ts';
import { today } from './today.ts';

/** Every `/papers` subcommand, in the order help lists them. Both platforms register from this list. */
export function allCommands(): CommandDefinition<unknown>[] {
  return [today, help];
}

export function findCommand(name: string): CommandDefinition<unknown> | undefined {
  return allCommands().find((c) => c.name === name);
}
