import { ApplicationCommandOptionType as T } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildCommandTree } from '../../adapters/discord/command-tree.ts';
import { sameCommands } from '../../adapters/discord/register.ts';
import { defineCommand, type OptionSpec } from '../../commands/definition.ts';
import { allCommands } from '../../commands/registry.ts';
import { validateCommands } from '../fakes/discord-limits.ts';

const def = (name: string, options: OptionSpec[] = []) =>
  defineCommand({ name, description: `${name} things`, options, schema: z.object({}), run: async () => ({ kind: 'text', text: '' }) });

describe('the /papers command tree', () => {
  it('registers every command of the shared registry as a subcommand, valid for Discord', () => {
    const tree = buildCommandTree(allCommands());
    expect(tree.name).toBe('papers');
    expect(tree.options?.map((o) => o.name)).toEqual(allCommands().map((c) => c.name.split(' ')[0]).filter((n, i, a) => a.indexOf(n) === i));
    expect(validateCommands([tree])).toBeNull();
  });

  it('maps option specs to Discord option types with their limits', () => {
    const tree = buildCommandTree([
      def('today', [
        { name: 'limit', description: 'How many', type: 'integer', min: 1, max: 25 },
        { name: 'date', description: 'A day', type: 'string', maxLength: 10 },
        { name: 'private', description: 'Only you', type: 'boolean' },
        { name: 'period', description: 'Which period', type: 'string', choices: ['day', 'week', 'month'] },
        { name: 'query', description: 'What', type: 'string', required: true, autocomplete: true },
      ]),
    ]);
    const today = tree.options![0]!;
    expect(today).toMatchObject({ type: T.Subcommand, name: 'today' });
    const options = (today as unknown as { options: Array<Record<string, unknown>> }).options;
    expect(options.map((o) => o.name)).toEqual(['query', 'limit', 'date', 'private', 'period']);
    expect(options[0]).toMatchObject({ type: T.String, required: true, autocomplete: true });
    expect(options[1]).toMatchObject({ type: T.Integer, min_value: 1, max_value: 25, required: false });
    expect(options[2]).toMatchObject({ type: T.String, max_length: 10 });
    expect(options[3]).toMatchObject({ type: T.Boolean });
    expect(options[4]).toMatchObject({ choices: [{ name: 'day', value: 'day' }, { name: 'week', value: 'week' }, { name: 'month', value: 'month' }] });
  });

  it('turns two-word names into a subcommand group', () => {
    const tree = buildCommandTree([def('today'), def('channel set'), def('help'), def('channel off'), def('channel show')]);
    expect(tree.options?.map((o) => [o.type, o.name])).toEqual([[T.Subcommand, 'today'], [T.SubcommandGroup, 'channel'], [T.Subcommand, 'help']]);
    const group = tree.options![1] as { options: Array<{ type: number; name: string }> };
    expect(group.options.map((o) => [o.type, o.name])).toEqual([[T.Subcommand, 'set'], [T.Subcommand, 'off'], [T.Subcommand, 'show']]);
    expect(validateCommands([tree])).toBeNull();
  });

  it('refuses a name Discord would refuse', () => {
    expect(() => buildCommandTree([def('Today')])).toThrow();
    expect(() => buildCommandTree([def('a b c')])).toThrow(/one or two words/);
  });

  it('compares a registered set with a wanted one, ignoring what Discord adds', () => {
    const tree = buildCommandTree(allCommands());
    const asRegistered = { ...JSON.parse(JSON.stringify(tree)), id: '1', application_id: '2', version: '3', default_member_permissions: null, nsfw: false };
    expect(sameCommands([asRegistered], [tree])).toBe(true);
    expect(sameCommands([{ ...asRegistered, description: 'changed' }], [tree])).toBe(false);
  });
});
