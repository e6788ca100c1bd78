import { z } from 'zod';
import { defineCommand, usageOf } from './definition.ts';
import { allCommands } from './registry.ts';

/** `/papers help`: every subcommand with its usage. */
export const help = defineCommand({
  name: 'help',
  description: 'What paperboy can do',
  options: [],
  schema: z.object({}),
  async run() {
    const lines = allCommands().map((c) => `• /papers ${usageOf(c)} — ${c.description}${c.privileged ? ' (channel managers)' : ''}`);
    return { kind: 'text', text: ['paperboy brings Hugging Face Daily Papers here.', '', ...lines].join('\n'), ephemeral: true };
  },
});
