import { channelOff } from './channel-off.ts';
import { channelSet } from './channel-set.ts';
import { channelShow } from './channel-show.ts';
import type { CommandDefinition } from './definition.ts';
import { help } from './help.ts';
import { paper } from './paper.ts';
import { subscribe } from './subscribe.ts';
import { subscriptions } from './subscriptions.ts';
import { today } from './today.ts';
import { top } from './top.ts';
import { unsubscribe } from './unsubscribe.ts';

/** Every `/papers` subcommand, in the order help lists them. Both platforms register from this list. */
export function allCommands(): CommandDefinition<unknown>[] {
  return [today, top, paper, subscribe, unsubscribe, subscriptions, channelSet, channelOff, channelShow, help];
}

export function findCommand(name: string): CommandDefinition<unknown> | undefined {
  return allCommands().find((c) => c.name === name);
}
