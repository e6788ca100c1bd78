import {
  DiscordAPIError, MessageFlags,
  type AutocompleteInteraction, type ChatInputCommandInteraction, type Interaction, type RepliableInteraction,
} from 'discord.js';
import { answersPrivately } from '../../commands/definition.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { GENERIC_FAILURE, runCommand } from '../../commands/dispatch.ts';
import { findCommand } from '../../commands/registry.ts';
import type { Logger } from '../../src/log.ts';
import type { Turns } from '../../src/turns.ts';
import type { InteractionReplies } from './interaction-replies.ts';
import { DISCORD_LIMITS, truncate } from './limits.ts';
import { commandPath, toInvocation } from './invocation.ts';
import type { Publisher } from './publish.ts';
import { renderReply } from './render.ts';

export interface InteractionContext {
  deps: CommandDeps;
  publisher: Publisher;
  /** Edits and follow-ups, outside the bot's global rate limit. */
  replies: InteractionReplies;
  log: Logger;
  now: () => Date;
  /** Deferrals go first; command work waits for its turn (src/turns.ts). */
  turns: Turns;
}

export { GENERIC_FAILURE };

const privately = { flags: MessageFlags.Ephemeral } as const;

/**
 * `/papers …`: defers first (public or private as the command says, read from the subcommand and its `private` option
 * alone), then builds the invocation and runs the neutral command, then edits the deferred reply with the first message
 * and sends the rest as follow-ups. Each step of work after the deferral waits for its turn, so that under a burst the
 * deferrals of interactions that arrived meanwhile go out first. An error, or a reply meant for the caller only, after
 * a public deferral deletes the public placeholder and answers the caller privately instead. Like the deferral (which
 * discord.js already sends outside its global limiter), the edits and follow-ups never wait behind the bot's channel
 * posts and vote reactions (`ctx.replies`).
 */
export async function answerCommand(i: ChatInputCommandInteraction, ctx: InteractionContext): Promise<void> {
  const at = ctx.now();
  const def = findCommand(commandPath(i));
  const deferredPrivately = def ? answersPrivately(def, { private: i.options.get('private')?.value ?? undefined }) : true;
  const { turns, replies } = ctx;
  await turns.acknowledge(() => i.deferReply(deferredPrivately ? privately : {}));
  const inv = toInvocation(i, at);
  const reply = await runCommand(inv, { ...ctx.deps, log: ctx.log, turns });
  await turns.work();
  const onlyCaller = deferredPrivately || reply.kind === 'error' || reply.ephemeral === true;
  const offerVotes = !onlyCaller && (reply.kind === 'digest' || reply.kind === 'paper') && reply.votable;
  const messages = renderReply(reply, { votable: offerVotes });
  if (onlyCaller && !deferredPrivately) {
    await replies.deleteOriginal(i);
    for (const m of messages) await replies.followUp(i, m, true);
    return;
  }
  const sent: string[] = [];
  for (const [n, m] of messages.entries()) sent.push(n === 0 ? await replies.edit(i, m) : await replies.followUp(i, m, onlyCaller));
  if (onlyCaller) return;
  await turns.work();
  for (const [n, m] of messages.entries()) await ctx.publisher.published(inv.where, sent[n]!, m, offerVotes, inv.now);
}

/** Suggestions for an option marked `autocomplete`, from the command's own `complete` (none when it has none). */
export async function answerAutocomplete(i: AutocompleteInteraction, ctx: InteractionContext): Promise<void> {
  const inv = toInvocation(i, ctx.now());
  const focused = i.options.getFocused(true);
  const def = findCommand(inv.command);
  const choices = def?.complete ? await def.complete(focused.name, String(focused.value), inv, { ...ctx.deps, log: ctx.log }) : [];
  await i.respond(
    choices.slice(0, DISCORD_LIMITS.choices).map((c) => ({
      name: truncate(c.name, DISCORD_LIMITS.choiceText),
      value: c.value.slice(0, DISCORD_LIMITS.choiceText),
    })),
  );
}

/**
 * Several processes logged in as the same shard all receive each interaction, and the first acknowledgement wins: the
 * others get 40060 (already acknowledged) on their own. That is not a failure, and there is no one to tell.
 */
export function answeredElsewhere(i: Interaction, err: unknown): boolean {
  const acked = i.isRepliable() && (i.deferred || i.replied);
  return !acked && err instanceof DiscordAPIError && err.code === 40060;
}

/** After a failure that was logged: tell the caller privately, and clear a public "thinking…" placeholder. */
export async function reportFailure(i: RepliableInteraction, replies: InteractionReplies): Promise<void> {
  if (i.deferred && !i.replied && !i.ephemeral) await replies.deleteOriginal(i);
  if (i.deferred || i.replied) await replies.followUp(i, { content: GENERIC_FAILURE, embeds: [] }, true);
  else await i.reply({ content: GENERIC_FAILURE, ...privately });
}
