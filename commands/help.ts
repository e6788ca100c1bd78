import { z } from 'zod';
import { defineCommand, usageOf, type CommandDefinition } from './definition.ts';

/** `/papers help`: every subcommand of `commands()` (the registry's list, which holds this one too) with its usage. */
export const helpCommand = (commands: () => readonly CommandDefinition<unknown>[]) => defineCommand({
  name: 'help',
  description: 'What paperboy can do',
  options: [],
  schema: z.object({}),
  async run() {
    const lines = commands().map((c) => `• /papers ${usageOf(c)} — ${c.description}${c.privileged ? ' (channel managers)' : ''}`);
    const actions = [
      '',
      'On every paper of a list, card, daily post or alert: Details (abstract, all authors, AI summary, keywords, links; posted once in the thread under the message) and Cite (BibTeX, for you only) and Similar (the papers of the archive most like it, as /papers similar, for you only), as buttons on a card and menus on a list. In the console: details <n>, cite <n>, similar <n>.',
    ];
    return { kind: 'text', text: ['paperboy brings Hugging Face Daily Papers here.', '', ...lines, ...actions].join('\n'), ephemeral: true };
  },
});
