import {
  ApplicationCommandOptionType, PermissionFlagsBits, PermissionsBitField,
  type AutocompleteInteraction, type ChatInputCommandInteraction, type CommandInteractionOption,
} from 'discord.js';
import type { Invocation } from '../../commands/definition.ts';
import type { Destination } from '../../src/model.ts';

/** Any of these lets a member change channel settings: Manage Channels, Manage Server, or Administrator. */
const MANAGERS = [PermissionFlagsBits.ManageChannels, PermissionFlagsBits.ManageGuild, PermissionFlagsBits.Administrator];

/** Whether a member's permissions bitfield (as Discord sends it, a decimal string) allows channel settings. */
export function canManageChannel(permissions: string | bigint | Readonly<PermissionsBitField> | null | undefined): boolean {
  if (permissions === null || permissions === undefined) return false;
  const bits = typeof permissions === 'object' ? permissions : new PermissionsBitField(BigInt(permissions));
  return bits.any(MANAGERS, false);
}

const GROUPING = new Set([ApplicationCommandOptionType.Subcommand, ApplicationCommandOptionType.SubcommandGroup]);

function leafOptions(options: readonly CommandInteractionOption[], out: Invocation['options'] = {}): Invocation['options'] {
  for (const o of options) {
    if (GROUPING.has(o.type)) leafOptions(o.options ?? [], out);
    else if (typeof o.value === 'string' || typeof o.value === 'number' || typeof o.value === 'boolean') out[o.name] = o.value;
  }
  return out;
}

/** Where an interaction happened: the guild's channel, or for a DM the user's own DM channel. */
export function destinationOf(i: { guildId: string | null; channelId: string | null; user: { id: string } }): Destination {
  const channel = i.channelId ?? '';
  return i.guildId
    ? { platform: 'discord', community: i.guildId, channel }
    : { platform: 'discord', community: '@me', channel, user: i.user.id };
}

/** The command an interaction names: "today", "channel set". */
export function commandPath(i: ChatInputCommandInteraction | AutocompleteInteraction): string {
  const group = i.options.getSubcommandGroup(false);
  const sub = i.options.getSubcommand(false);
  return group && sub ? `${group} ${sub}` : group ?? sub ?? '';
}

/** A `/papers …` interaction as the platform-neutral invocation the commands take. */
export function toInvocation(i: ChatInputCommandInteraction | AutocompleteInteraction, now: Date): Invocation {
  return {
    command: commandPath(i),
    options: leafOptions(i.options.data),
    user: {
      id: i.user.id,
      name: i.user.globalName ?? i.user.username,
      canManageChannel: i.inGuild() && canManageChannel(i.memberPermissions),
    },
    where: destinationOf(i),
    now,
  };
}
