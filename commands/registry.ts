import { alertsMode } from './alerts-mode.ts';
import { alertsQuiet } from './alerts-quiet.ts';
import { channelOff } from './channel-off.ts';
import { channelSet } from './channel-set.ts';
import { channelShow } from './channel-show.ts';
import type { CommandDefinition } from './definition.ts';
import { helpCommand } from './help.ts';
import { paper } from './paper.ts';
import { search } from './search.ts';
import { similar } from './similar.ts';
import { subscribe } from './subscribe.ts';
import { subscriptions } from './subscriptions.ts';
import { today } from './today.ts';
import { top } from './top.ts';
import { unsubscribe } from './unsubscribe.ts';
import { month } from './month.ts';
import { week } from './week.ts';

const help = helpCommand(() => allCommands());

/** Every `/papers` subcommand, in the order help lists them. Both platforms register from this list. */
export function allCommands(): CommandDefinition<unknown>[] {
  return [today, week, month, top, paper, search, similar, subscribe, unsubscribe, subscriptions, alertsMode, alertsQuiet, channelSet, channelOff, channelShow, help];
}

export function findCommand(name: string): CommandDefinition<unknown> | undefined {
  return allCommands().find((c) => c.name === name);
}
