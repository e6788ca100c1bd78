import { createHash } from 'node:crypto';
import {
  DiscordAPIError, MessageFlags, Routes,
  type ButtonInteraction, type REST, type StringSelectMenuInteraction,
} from 'discord.js';
import { detailsKey, type DetailsOutcome, type DetailsTarget } from '../../src/actions/details-threads.ts';
import { decodeAction, type PaperAction } from '../../src/actions/paper-actions.ts';
import { paperDetails } from '../../src/actions/paper-details.ts';
import { similarReply } from '../../commands/similar.ts';
import { actionPaper, citeReply, DETAILS_IN_PROGRESS, SIMILAR_ACTION_LIMIT } from '../../src/actions/run-action.ts';
import { UserError } from '../../src/errors.ts';
import type { Paper } from '../../src/model.ts';
import { renderDetails } from './details.ts';
import type { InteractionContext } from './interactions.ts';
import { truncate } from './limits.ts';
import { renderReply, type DiscordMessage } from './render.ts';

export type PaperActionInteraction = ButtonInteraction | StringSelectMenuInteraction;

/** Discord's answer when a message already started a thread: that thread has the message's id. */
const THREAD_ALREADY_CREATED = 160004;

const text = (content: string): DiscordMessage => ({ content, embeds: [] });

/** A thread under the message, started now or earlier (by any press, any instance): its id is the message's id. */
async function threadUnder(rest: REST, channelId: string, messageId: string, name: string): Promise<string> {
  try {
    const thread = (await rest.post(Routes.threads(channelId, messageId), { body: { name, auto_archive_duration: 1440 } })) as { id: string };
    return thread.id;
  } catch (err) {
    if (err instanceof DiscordAPIError && err.code === THREAD_ALREADY_CREATED) return messageId;
    throw err;
  }
}

function threadName(i: PaperActionInteraction, paper: Paper): string {
  const heading = i.isStringSelectMenu() ? i.message.content.split('\n')[0]?.replace(/[*_~`]/g, '').trim() : '';
  return truncate(heading || paper.title.replace(/\s+/g, ' ').trim() || 'Paper details', 100);
}

/**
 * Details in a guild channel: posted once in the thread under the message; in a DM, where Discord has no threads, once
 * as a reply to the message. Returns what the presser is told (privately).
 */
async function postDetails(i: PaperActionInteraction, ctx: InteractionContext, action: PaperAction, paper: Paper): Promise<DiscordMessage> {
  const details = renderDetails(paperDetails(paper));
  if (!ctx.deps.details || i.message.flags.has(MessageFlags.Ephemeral)) return details;
  const rest = i.client.rest;
  const inGuild = i.inGuild();
  const target: DetailsTarget = {
    where: { platform: 'discord', community: i.guildId ?? 'dm', channel: i.channelId },
    messageId: i.message.id,
    paperId: action.paperId,
  };
  const outcome: DetailsOutcome = await ctx.deps.details.open(target, async (mayPost) => {
    const threadId = inGuild ? await threadUnder(rest, i.channelId, i.message.id, threadName(i, paper)) : i.channelId;
    if (!(await mayPost())) return undefined;
    const reference = inGuild ? {} : { message_reference: { message_id: i.message.id, fail_if_not_exists: false } };
    // The same nonce for every attempt at these details: Discord returns the message already made for a repeat within
    // a few minutes (enforce_nonce), covering discord.js's own retries after a timeout and a press after a crashed one.
    const nonce = createHash('sha256').update(`details:${detailsKey(target)}`).digest('base64url').slice(0, 25);
    const body = { content: details.content ?? '', embeds: details.embeds, allowed_mentions: { parse: [] }, nonce, enforce_nonce: true, ...reference };
    const sent = (await rest.post(Routes.channelMessages(threadId), { body })) as { id: string };
    return { threadId, postId: sent.id };
  }, ctx.now());
  if (outcome.status === 'in-progress') return text(DETAILS_IN_PROGRESS);
  const where = inGuild ? `<#${outcome.record.threadId}>` : 'the reply to that message';
  return text(outcome.status === 'posted' ? `Details posted in ${where}.` : `The details are already in ${where}.`);
}

/**
 * A press on Details or Cite (a button on a card, a choice in a list's menu): acknowledged at once (privately, within
 * Discord's 3 s), then answered to the presser only; Details itself goes into the thread under the message.
 */
export async function answerPaperAction(i: PaperActionInteraction, ctx: InteractionContext): Promise<void> {
  await i.deferReply({ flags: MessageFlags.Ephemeral });
  const action = decodeAction(i.customId, i.isStringSelectMenu() ? i.values[0] : undefined);
  let answer: DiscordMessage[];
  try {
    if (!action) answer = [text('⚠️ That control is not one of paperboy’s (any more).')];
    else if (action.kind === 'cite') answer = renderReply(await citeReply(action.paperId, ctx.deps.papers), { votable: false });
    else if (action.kind === 'similar')
      answer = renderReply(await similarReply(ctx.deps, i.guildId ?? 'dm', action.paperId, SIMILAR_ACTION_LIMIT, true), { votable: false });
    else answer = [await postDetails(i, ctx, action, await actionPaper(action.paperId, ctx.deps.papers))];
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    answer = [text(`⚠️ ${err.message}`)];
  }
  for (const [n, m] of answer.entries()) await (n === 0 ? ctx.replies.edit(i, m) : ctx.replies.followUp(i, m, true));
}
