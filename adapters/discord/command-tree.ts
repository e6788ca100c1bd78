import {
  ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder, SlashCommandSubcommandBuilder,
  SlashCommandSubcommandGroupBuilder, type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandDefinition, OptionSpec } from '../../commands/definition.ts';
import { truncate } from './limits.ts';

/** The one top-level slash command; every paperboy command is a subcommand of it. */
export const ROOT_COMMAND = 'papers';
const DESCRIPTION_MAX = 100;

const describe = (text: string) => truncate(text, DESCRIPTION_MAX);

function addOption(sub: SlashCommandSubcommandBuilder, o: OptionSpec): void {
  const choices = (o.choices ?? []).slice(0, 25);
  switch (o.type) {
    case 'string':
      sub.addStringOption((b) => {
        b.setName(o.name).setDescription(describe(o.description)).setRequired(!!o.required);
        if (o.maxLength !== undefined) b.setMaxLength(o.maxLength);
        if (choices.length) b.addChoices(...choices.map((c) => ({ name: c, value: c })));
        else if (o.autocomplete) b.setAutocomplete(true);
        return b;
      });
      return;
    case 'integer':
      sub.addIntegerOption((b) => {
        b.setName(o.name).setDescription(describe(o.description)).setRequired(!!o.required);
        if (o.min !== undefined) b.setMinValue(o.min);
        if (o.max !== undefined) b.setMaxValue(o.max);
        if (choices.length) b.addChoices(...choices.map((c) => ({ name: c, value: Number(c) })));
        else if (o.autocomplete) b.setAutocomplete(true);
        return b;
      });
      return;
    case 'boolean':
      sub.addBooleanOption((b) => b.setName(o.name).setDescription(describe(o.description)).setRequired(!!o.required));
  }
}

function subcommand(name: string, def: CommandDefinition<unknown>): SlashCommandSubcommandBuilder {
  const sub = new SlashCommandSubcommandBuilder().setName(name).setDescription(describe(def.description));
  // Discord wants required options first; the order within each kind is the definition's.
  for (const o of [...def.options.filter((x) => x.required), ...def.options.filter((x) => !x.required)]) addOption(sub, o);
  return sub;
}

/**
 * The `/papers` command tree from the shared definitions: "today" becomes a subcommand, "channel set" the subcommand
 * `set` of the group `channel`. discord.js's builders validate names, lengths and option order as they go.
 */
export function buildCommandTree(defs: readonly CommandDefinition<unknown>[]): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const root = new SlashCommandBuilder()
    .setName(ROOT_COMMAND)
    .setDescription('Hugging Face Daily Papers: trending lists, alerts and votes')
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
  const groups = new Map<string, SlashCommandSubcommandGroupBuilder>();
  for (const def of defs) {
    const [first, second, ...more] = def.name.split(' ');
    if (!first || more.length) throw new Error(`command "${def.name}" must be one or two words`);
    if (!second) {
      root.addSubcommand(subcommand(first, def));
      continue;
    }
    let group = groups.get(first);
    if (!group) {
      group = new SlashCommandSubcommandGroupBuilder().setName(first).setDescription(describe(`${first} commands`));
      groups.set(first, group);
      root.addSubcommandGroup(group);
    }
    group.addSubcommand(subcommand(second, def));
  }
  return root.toJSON();
}
