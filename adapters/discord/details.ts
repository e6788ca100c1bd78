import { escapeMarkdown, type APIEmbed } from 'discord.js';
import type { PaperDetails } from '../../src/actions/paper-details.ts';
import { DISCORD_LIMITS as L, embedLength, safeUrl, truncate } from './limits.ts';
import type { DiscordMessage } from './render.ts';

const COLOR = 0xffd21e;

/**
 * The Details action as one Discord message: the paper (abstract, AI summary, keywords, links, HF discussion) and
 * every author, within the per-field limits and the 6,000 characters all embeds of a message may hold together.
 */
export function renderDetails(d: PaperDetails): DiscordMessage {
  const fields: APIEmbed['fields'] = [];
  if (d.aiSummary) fields.push({ name: 'AI summary', value: truncate(escapeMarkdown(d.aiSummary), L.fieldValue) });
  if (d.keywords.length) fields.push({ name: 'Keywords', value: truncate(escapeMarkdown(d.keywords.join(', ')), L.fieldValue) });
  let links = '';
  for (const l of d.links) {
    const url = safeUrl(l.url);
    const next = url ? `${links ? `${links} · ` : ''}[${l.label}](${url})` : links;
    if (next.length <= L.fieldValue) links = next;
  }
  if (links) fields.push({ name: 'Links', value: links });
  if (d.discussion !== undefined) fields.push({ name: 'Discussion on HF', value: `💬 ${d.discussion}`, inline: true });
  const paper: APIEmbed = { title: truncate(d.title, L.title), color: COLOR, fields, footer: { text: truncate(d.listed, 200) } };
  const url = safeUrl(d.url);
  if (url) paper.url = url;
  if (d.organization) paper.author = { name: truncate(d.organization, 100) };
  const room = L.embedTotal - embedLength(paper) - 600;
  paper.description = truncate(escapeMarkdown(d.abstract.replace(/\s+/g, ' ').trim()), Math.min(L.description, room));
  const embeds = [paper];
  if (d.authors.length) {
    const title = `Authors (${d.authors.length})`;
    const left = L.embedTotal - embedLength(paper) - title.length;
    embeds.push({ title, color: COLOR, description: truncate(escapeMarkdown(d.authors.join(', ')), Math.min(L.description, left)) });
  }
  return { content: '', embeds };
}
