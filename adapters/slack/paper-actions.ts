import type { BlockAction, RespondFn, types, webApi } from '@slack/bolt';
import type { CommandDeps } from '../../commands/deps.ts';
import type { DetailsTarget } from '../../src/actions/details-threads.ts';
import { decodeAction, type PaperAction } from '../../src/actions/paper-actions.ts';
import { paperDetails } from '../../src/actions/paper-details.ts';
import { similarReply } from '../../commands/similar.ts';
import { actionPaper, citeReply, DETAILS_ALREADY, DETAILS_IN_PROGRESS, SIMILAR_ACTION_LIMIT } from '../../src/actions/run-action.ts';
import { UserError } from '../../src/errors.ts';
import type { Paper } from '../../src/model.ts';
import { renderDetailsBlocks } from './details.ts';
import { detailsMetadata, findDetailsReply } from './find-details.ts';
import { renderReply } from './render.ts';

export interface PaperActionArgs {
  body: BlockAction;
  respond: RespondFn;
  client: webApi.WebClient;
  /**
   * Posts the details: a client without retries of its own, since a retry after an answer lost (a 5xx, a timeout)
   * would post twice; the next press looks for that post instead (docs/decisions/101).
   */
  postClient: webApi.WebClient;
  deps: CommandDeps;
  teamId: string;
  now: () => Date;
}

/** The action of a press: a button's id (and value), or a menu's id and chosen option. */
export function actionOf(body: BlockAction): PaperAction | undefined {
  const a = body.actions[0];
  if (a?.type === 'button') return decodeAction(a.action_id, a.value);
  if (a?.type === 'static_select') return decodeAction(a.action_id, a.selected_option?.value);
  return undefined;
}

const privately = (respond: RespondFn, text: string, blocks?: types.KnownBlock[]) =>
  respond({ response_type: 'ephemeral', replace_original: false, text, ...(blocks ? { blocks } : {}) });

/** Details of `paper`, posted once in the thread of the pressed message (`thread_ts`); returns what the presser is told. */
async function postDetails(a: PaperActionArgs, action: PaperAction, paper: Paper): Promise<void> {
  const details = renderDetailsBlocks(paperDetails(paper));
  const channel = a.body.container?.channel_id ?? a.body.channel?.id;
  const ts = a.body.container?.message_ts ?? a.body.message?.ts;
  if (!a.deps.details || !channel || !ts || a.body.container?.is_ephemeral) return privately(a.respond, details.text, details.blocks);
  const target: DetailsTarget = { where: { platform: 'slack', community: a.body.team?.id ?? a.teamId, channel }, messageId: ts, paperId: action.paperId };
  const outcome = await a.deps.details.open(target, async (mayPost, attempt) => {
    const found = attempt.earlier ? await findDetailsReply(a.client, channel, ts, action.paperId) : undefined;
    if (found) return { threadId: ts, postId: found };
    if (!(await mayPost())) return undefined;
    const res = await a.postClient.chat.postMessage({
      channel, thread_ts: ts, text: details.text, blocks: details.blocks, unfurl_links: false, unfurl_media: false, metadata: detailsMetadata(action.paperId),
    });
    return { threadId: ts, postId: res.ts ?? '' };
  }, a.now());
  const said = outcome.status === 'posted' ? 'Details posted in the thread under this message.' : outcome.status === 'already' ? DETAILS_ALREADY : DETAILS_IN_PROGRESS;
  await privately(a.respond, said);
}

/**
 * A press on Details or Cite, after Bolt's ack: Cite answers the presser alone with BibTeX (response_url, ephemeral);
 * Details posts once in the message's thread and tells the presser where.
 */
export async function answerPaperAction(a: PaperActionArgs): Promise<void> {
  const action = actionOf(a.body);
  try {
    if (!action) return void (await privately(a.respond, '⚠️ That control is not one of paperboy’s (any more).'));
    if (action.kind === 'cite' || action.kind === 'similar') {
      const reply =
        action.kind === 'cite'
          ? await citeReply(action.paperId, a.deps.papers)
          : await similarReply(a.deps, a.body.team?.id ?? a.teamId, action.paperId, SIMILAR_ACTION_LIMIT, true);
      for (const m of renderReply(reply)) await privately(a.respond, m.text, m.blocks);
      return;
    }
    await postDetails(a, action, await actionPaper(action.paperId, a.deps.papers));
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    await privately(a.respond, `⚠️ ${err.message}`);
  }
}
