import type { types } from '@slack/bolt';
import { ACTION_LABELS, PAPER_ACTION_KINDS, actionControlId, encodeAction } from '../../src/actions/paper-actions.ts';
import type { RankedPaper } from '../../src/model.ts';
import { truncate } from './mrkdwn.ts';

type KnownBlock = types.KnownBlock;

/** Block Kit's limits on the controls paperboy uses (docs/decisions/101). */
export const ACTION_LIMITS = { optionsPerMenu: 100, optionText: 75, buttonText: 75, placeholder: 150 } as const;

/** The block id of paperboy's actions block (one per message). */
export const ACTIONS_BLOCK_ID = 'pb-actions';

/**
 * The one `actions` block under a message showing `papers`: Details and Cite buttons for a single paper (value = its
 * id), two static menus "Details for…" and "Cite…" for a list (option values = paper ids), so a 10-paper digest costs
 * one of Slack's 50 blocks. `numberOf(i)` is the number the message shows for its i-th paper.
 */
export function paperActionsBlock(papers: readonly RankedPaper[], kind: 'single' | 'digest', numberOf: (i: number) => number = (i) => i + 1): KnownBlock | undefined {
  if (papers.length === 0) return undefined;
  if (kind === 'single') {
    const paperId = papers[0]!.paper.id;
    return {
      type: 'actions',
      block_id: ACTIONS_BLOCK_ID,
      elements: PAPER_ACTION_KINDS.map((k) => ({
        type: 'button' as const,
        action_id: encodeAction({ kind: k, paperId }),
        value: paperId,
        text: { type: 'plain_text' as const, text: ACTION_LABELS[k].button },
        ...(k === 'details' ? { style: 'primary' as const } : {}),
      })),
    };
  }
  const options = papers.slice(0, ACTION_LIMITS.optionsPerMenu).map((r, i) => ({
    text: { type: 'plain_text' as const, text: truncate(`${numberOf(i)}. ${r.paper.title}`, ACTION_LIMITS.optionText), emoji: true },
    value: r.paper.id,
  }));
  return {
    type: 'actions',
    block_id: ACTIONS_BLOCK_ID,
    elements: PAPER_ACTION_KINDS.map((k) => ({
      type: 'static_select' as const,
      action_id: actionControlId(k),
      placeholder: { type: 'plain_text' as const, text: ACTION_LABELS[k].menu },
      options,
    })),
  };
}
