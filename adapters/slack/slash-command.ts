import type { RespondFn, SlashCommand, webApi } from '@slack/bolt';
import type { CommandDeps } from '../../commands/deps.ts';
import { runCommand } from '../../commands/dispatch.ts';
import { parseCommandText } from '../../commands/parse-text.ts';
import type { Logger } from '../../src/log.ts';
import type { Destination, Reply } from '../../src/model.ts';
import type { PostsRegistry } from '../../src/posts/posts.ts';
import type { SlackAdminCheck } from './admins.ts';
import { slackCommandText } from './command-text.ts';
import { afterPosted, postMessage } from './post.ts';
import { renderReply, type SlackMessage } from './render.ts';
import { PERMANENT_ERRORS, slackErrorCode } from './slack-errors.ts';

export interface SlashCommandContext {
  deps: CommandDeps;
  posts: PostsRegistry;
  admins: SlackAdminCheck;
  log: Logger;
  now: () => Date;
}

export interface SlashCommandArgs {
  command: SlashCommand;
  respond: RespondFn;
  client: webApi.WebClient;
}

const CANNOT_POST =
  "I can't post in this channel, so only you can see this. Invite me with `/invite @paperboy` to share lists and vote here.";

/** `/papers …` after the ack: parse, run the neutral command, answer ephemerally or post publicly (recorded for votes). */
export async function handleSlashCommand(ctx: SlashCommandContext, { command, respond, client }: SlashCommandArgs): Promise<void> {
  const where: Destination = { platform: 'slack', community: command.team_id, channel: command.channel_id };
  const parsed = parseCommandText(slackCommandText(command.text ?? ''));
  const reply: Reply = parsed.ok
    ? await runCommand(
        {
          command: parsed.command,
          options: parsed.options,
          user: { id: command.user_id, name: command.user_name, canManageChannel: await ctx.admins.canManage(command.team_id, command.user_id) },
          where,
          now: ctx.now(),
        },
        ctx.deps,
      )
    : { kind: 'error', message: parsed.message };
  const messages = renderReply(reply);
  const answer = (m: SlackMessage, ephemeral = m.ephemeral) =>
    respondTwice(respond, { response_type: ephemeral ? 'ephemeral' : 'in_channel', text: m.text, blocks: m.blocks });

  const isPublicPaperPost = (reply.kind === 'digest' || reply.kind === 'paper') && !messages[0]?.ephemeral;
  if (!isPublicPaperPost) {
    for (const m of messages) await answer(m);
    return;
  }
  let posted = 0;
  try {
    for (const m of messages) {
      const ts = await postMessage(client, command.channel_id, m);
      posted += 1;
      await afterPosted({ client, posts: ctx.posts, log: ctx.log }, where, ts, m);
    }
  } catch (err) {
    const code = slackErrorCode(err);
    if (posted > 0 || !code || !PERMANENT_ERRORS.has(code)) throw err;
    ctx.log.info({ code, channel: command.channel_id }, 'cannot post publicly; answering privately');
    await answer(renderReply({ kind: 'text', text: CANNOT_POST })[0]!, true);
    for (const m of renderReply({ ...reply, ephemeral: true })) await answer(m, true);
  }
}

/** respond() posts to response_url without any retry; one more try after a short pause covers a passing 5xx. */
async function respondTwice(respond: RespondFn, message: Parameters<RespondFn>[0]): Promise<void> {
  try {
    await respond(message);
  } catch {
    await new Promise((r) => setTimeout(r, 300));
    await respond(message);
  }
}
