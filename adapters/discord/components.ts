import {
  ActionRowBuilder, ButtonBuilder, ButtonStyle, StringSelectMenuBuilder, StringSelectMenuOptionBuilder,
  type APIActionRowComponent, type APIComponentInMessageActionRow,
} from 'discord.js';
import { ACTION_LABELS, PAPER_ACTION_KINDS, actionControlId, encodeAction } from '../../src/actions/paper-actions.ts';
import type { RankedPaper } from '../../src/model.ts';
import { truncate } from './limits.ts';

export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** Discord's component limits (docs/decisions/101): 5 rows, 5 buttons a row, 25 options a menu, labels 80 / 100. */
export const COMPONENT_LIMITS = { rows: 5, optionsPerMenu: 25, buttonLabel: 80, optionLabel: 100, placeholder: 150 } as const;

/** A single paper: one row of buttons, Details and Cite. */
function cardRow(paperId: string): ActionRow {
  const buttons = PAPER_ACTION_KINDS.map((kind) =>
    new ButtonBuilder()
      .setCustomId(encodeAction({ kind, paperId }))
      .setLabel(ACTION_LABELS[kind].button)
      .setStyle(kind === 'details' ? ButtonStyle.Primary : ButtonStyle.Secondary),
  );
  return new ActionRowBuilder<ButtonBuilder>().addComponents(buttons).toJSON();
}

/** A list: one menu per action ("Details for…", "Cite…"), each offering the message's papers by number and title. */
function listRows(papers: readonly RankedPaper[], numberOf: (i: number) => number): ActionRow[] {
  const shown = papers.slice(0, COMPONENT_LIMITS.optionsPerMenu);
  return PAPER_ACTION_KINDS.map((kind) => {
    const menu = new StringSelectMenuBuilder()
      .setCustomId(actionControlId(kind))
      .setPlaceholder(ACTION_LABELS[kind].menu)
      .addOptions(
        shown.map((r, i) =>
          new StringSelectMenuOptionBuilder()
            .setLabel(truncate(`${numberOf(i)}. ${r.paper.title.replace(/\s+/g, ' ').trim()}`, COMPONENT_LIMITS.optionLabel))
            .setValue(r.paper.id),
        ),
      );
    return new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu).toJSON();
  });
}

/**
 * The action rows under one message showing `papers`: buttons for a single paper, two select menus for a list (at
 * most 2 of Discord's 5 rows whatever the length, so a 10-paper digest fits). `numberOf(i)` is the number the message
 * shows for its i-th paper.
 */
export function paperActionRows(papers: readonly RankedPaper[], kind: 'single' | 'digest', numberOf: (i: number) => number = (i) => i + 1): ActionRow[] {
  if (papers.length === 0) return [];
  return kind === 'single' ? [cardRow(papers[0]!.paper.id)] : listRows(papers, numberOf);
}
