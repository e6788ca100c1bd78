import type { types } from '@slack/bolt';
import type { PaperDetails } from '../../src/actions/paper-details.ts';
import { escapeMrkdwn, link } from './mrkdwn.ts';
import { SECTION_TEXT_MAX, escapedWithin } from './render-paper.ts';

type KnownBlock = types.KnownBlock;

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/**
 * The Details action as one Slack message: title, where it was listed and its HF discussion, every author, the
 * abstract, the AI summary, keywords and links; each section within 3,000 characters (well under the ~12k of a message).
 */
export function renderDetailsBlocks(d: PaperDetails): { text: string; blocks: KnownBlock[] } {
  const discussion = d.discussion === undefined ? '' : ` · 💬 ${d.discussion} on HF`;
  const blocks: KnownBlock[] = [section(`*${link(d.url, d.title, 250)}*\n${escapeMrkdwn(d.listed)}${discussion}`)];
  if (d.authors.length) {
    const head = `*Authors (${d.authors.length})*${d.organization ? ` · ${escapedWithin(d.organization, 200)}` : ''}\n`;
    blocks.push(section(head + escapedWithin(d.authors.join(', '), SECTION_TEXT_MAX - head.length)));
  }
  blocks.push(section(`*Abstract*\n${escapedWithin(d.abstract, SECTION_TEXT_MAX - 20)}`));
  if (d.aiSummary) blocks.push(section(`*AI summary*\n${escapedWithin(d.aiSummary, SECTION_TEXT_MAX - 20)}`));
  if (d.keywords.length) blocks.push(context(`Keywords: ${escapedWithin(d.keywords.join(', '), 1_500)}`));
  blocks.push(context(d.links.map((l) => link(l.url, l.label, 60)).join(' · ')));
  return { text: escapedWithin(`Details: ${d.title}`, 2_000), blocks };
}
