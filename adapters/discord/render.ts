import { escapeMarkdown, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { RankedPaper, Reply } from '../../src/model.ts';
import { arxivLabel, paperPage, seenOnHf } from '../../src/papers/paper-source.ts';
import { DISCORD_LIMITS as L, embedLength, safeUrl, truncate } from './limits.ts';
import { keycapEmoji } from '../../src/votes/emoji.ts';
import { paperActionRows, type ActionRow } from './components.ts';

/** One Discord message to send, with the papers it shows so it can be recorded for votes. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  /** Papers in display order: on a digest keycap n votes for `paperIds[n-1]`; a single paper is voted 👍/👎. */
  papers?: { kind: 'digest' | 'single'; paperIds: string[] };
  /** The Details and Cite controls for those papers (docs/decisions/101). */
  components?: ActionRow[];
}

export interface RenderOptions {
  /** Label digest papers with the keycap that votes for them (the bot will add those reactions). */
  votable: boolean;
}

const COLOR = 0xffd21e;
/** A digest is a list to skim: each summary is cut to this, and shorter when the 6,000-character total needs it. */
export const DIGEST_DESCRIPTION_MAX = 350;
/** No paper in a packed message gets less description than this, unless its summary is shorter. */
const MIN_DESCRIPTION = 120;
const AUTHORS_MAX = 300;
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

interface PaperPart {
  id: string;
  /** The embed without its description; its length is fixed. */
  base: APIEmbed;
  description: string;
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/**
 * escapeMarkdown runs a dozen regexes with unbounded look-behinds (~0.1 ms for a 350-character summary), and the same
 * papers are rendered for every caller and every channel, so the latest results are remembered (docs/decisions/071).
 */
const escapedCache = new Map<string, string>();
const ESCAPED_CACHE_MAX = 5_000;
function escaped(text: string): string {
  let out = escapedCache.get(text);
  if (out === undefined) {
    if (escapedCache.size >= ESCAPED_CACHE_MAX) escapedCache.clear();
    escapedCache.set(text, (out = escapeMarkdown(text)));
  }
  return out;
}

function authorsLine(authors: readonly string[]): string {
  const shown = authors.slice(0, 3).join(', ');
  return truncate(authors.length > 3 ? `${shown} +${authors.length - 3} more` : shown, AUTHORS_MAX);
}

function linksLine(r: RankedPaper): string {
  const p = r.paper;
  const stars = p.githubStars !== undefined ? ` ★ ${compact.format(p.githubStars)}` : '';
  const candidates: Array<[string, string | undefined]> = [
    ['arXiv', p.links.arxiv],
    ['PDF', p.links.pdf],
    [`GitHub${stars}`, p.githubRepo],
    ['Project page', p.projectPage],
  ];
  let line = '';
  for (const [label, raw] of candidates) {
    const url = safeUrl(raw);
    const next = url ? `${line ? `${line} · ` : ''}[${label}](${url})` : line;
    if (next.length <= L.fieldValue) line = next;
  }
  return line;
}

function paperPart(r: RankedPaper, label: string, descriptionMax: number, footer?: string): PaperPart {
  const p = r.paper;
  const fields: APIEmbedField[] = [
    seenOnHf(p)
      ? { name: 'Votes', value: `▲ ${p.upvotes} on HF · ${signed(r.communityVotes)} here`, inline: true }
      : { name: 'arXiv', value: truncate(`${arxivLabel(p) ?? 'arXiv'} · ${signed(r.communityVotes)} here`, L.fieldValue), inline: true },
  ];
  if (p.authors.length) fields.push({ name: 'Authors', value: truncate(escaped(authorsLine(p.authors)), AUTHORS_MAX), inline: true });
  const links = linksLine(r);
  if (links) fields.push({ name: 'Links', value: links, inline: false });
  if (r.why?.length) fields.push({ name: r.whyLabel ? r.whyLabel[0]!.toUpperCase() + r.whyLabel.slice(1) : 'Matched', value: truncate(r.why.join('; '), L.fieldValue), inline: false });
  const base: APIEmbed = {
    title: truncate(`${label}${p.title}`, L.title),
    color: COLOR,
    fields,
  };
  const page = safeUrl(paperPage(p));
  if (page) base.url = page;
  const thumb = safeUrl(p.thumbnail, 2048);
  if (thumb) base.thumbnail = { url: thumb };
  if (p.organization) base.author = { name: truncate(p.organization, 100) };
  if (footer) base.footer = { text: truncate(footer, 200) };
  const max = Math.min(descriptionMax, L.description);
  const description = truncate(escaped(truncate(p.aiSummary ?? p.summary, max)), max);
  return { id: p.id, base, description };
}

/** Greedy packing: up to 10 papers a message, as long as each can still keep a useful description. */
function pack(parts: PaperPart[], titleReserve: number): PaperPart[][] {
  const groups: PaperPart[][] = [];
  let group: PaperPart[] = [];
  let size = 0;
  for (const part of parts) {
    const need = embedLength(part.base) + titleReserve + Math.min(part.description.length, MIN_DESCRIPTION);
    if (group.length && (group.length === L.embedsPerMessage || size + need > L.embedTotal)) {
      groups.push(group);
      group = [];
      size = 0;
    }
    group.push(part);
    size += need;
  }
  if (group.length) groups.push(group);
  return groups;
}

/** The largest per-description cap c with Σ min(len, c) ≤ budget ("water filling"). */
function descriptionCap(lengths: number[], budget: number): number {
  const sorted = [...lengths].sort((a, b) => a - b);
  let left = budget;
  for (let i = 0; i < sorted.length; i++) {
    const share = Math.floor(left / (sorted.length - i));
    if (sorted[i]! > share) return share;
    left -= sorted[i]!;
  }
  return Infinity;
}

function fitEmbeds(group: PaperPart[]): APIEmbed[] {
  const fixed = group.reduce((n, p) => n + embedLength(p.base), 0);
  const cap = descriptionCap(group.map((p) => p.description.length), L.embedTotal - fixed);
  return group.map((p) => {
    const description = truncate(p.description, cap);
    return description ? { ...p.base, description } : p.base;
  });
}

/** Text split into messages of at most 2,000 characters, on line breaks where possible. */
export function splitText(text: string, max: number = L.content): string[] {
  const chunks: string[] = [];
  let cur = '';
  for (const line of text.split('\n')) {
    const next = cur ? `${cur}\n${line}` : line;
    if (next.length <= max) cur = next;
    else {
      if (cur) chunks.push(cur);
      let rest = line;
      while (rest.length > max) {
        const piece = truncate(rest, max);
        chunks.push(piece);
        rest = rest.slice(piece.length - 1).trimStart();
      }
      cur = rest;
    }
  }
  if (cur || chunks.length === 0) chunks.push(cur || '\u200b');
  return chunks;
}

function renderDigest(reply: Extract<Reply, { kind: 'digest' }>, votable: boolean): DiscordMessage[] {
  const parts = reply.papers.map((r, i) => paperPart(r, votable ? '' : `${i + 1}. `, DIGEST_DESCRIPTION_MAX));
  const groups = pack(parts, votable ? `${keycapEmoji(1)} `.length : 0);
  if (groups.length === 0) return [{ content: truncate(`**${reply.title}**\n${reply.note ?? 'No papers.'}`, L.content), embeds: [] }];
  let shown = 0;
  return groups.map((group, g) => {
    const from = shown + 1;
    shown += group.length;
    const embeds = fitEmbeds(
      votable ? group.map((p, i) => ({ ...p, base: { ...p.base, title: truncate(`${keycapEmoji(i + 1)} ${p.base.title}`, L.title) } })) : group,
    );
    const lines = [groups.length > 1 ? `**${reply.title}** · ${from}–${shown} of ${reply.papers.length}` : `**${reply.title}**`];
    if (g === 0 && reply.note) lines.push(reply.note);
    if (votable) lines.push(`Vote with the reactions: ${keycapEmoji(1)} for the first paper${group.length > 1 ? ` … ${keycapEmoji(group.length)}` : ''}.`);
    const message: DiscordMessage = { content: truncate(lines.join('\n'), L.content), embeds, papers: { kind: 'digest', paperIds: group.map((p) => p.id) } };
    return { ...message, components: paperActionRows(reply.papers.slice(from - 1, shown), 'digest', (i) => (votable ? i + 1 : from + i)) };
  });
}

/**
 * A neutral reply as Discord messages, each within every Discord limit (10 embeds, 6,000 characters of embeds,
 * 2,000 of content, per-field limits). A long digest or text becomes several messages rather than an error.
 */
export function renderReply(reply: Reply, opts: RenderOptions): DiscordMessage[] {
  switch (reply.kind) {
    case 'text':
      if (reply.code) return splitText(reply.text, L.content - 16).map((code) => ({ content: `\`\`\`bibtex\n${code}\n\`\`\``, embeds: [] }));
      return splitText(reply.text).map((content) => ({ content, embeds: [] }));
    case 'error':
      return splitText(`⚠️ ${reply.message}`).map((content) => ({ content, embeds: [] }));
    case 'paper': {
      const p = reply.paper.paper;
      const part = paperPart(reply.paper, '', L.description, `Daily Papers · ${p.day}`);
      const content = opts.votable ? 'Vote with 👍 or 👎.' : undefined;
      const message: DiscordMessage = { ...(content ? { content } : {}), embeds: fitEmbeds([part]), papers: { kind: 'single', paperIds: [p.id] } };
      return [{ ...message, components: paperActionRows([reply.paper], 'single') }];
    }
    case 'digest':
      return renderDigest(reply, opts.votable);
  }
}
