import type { types } from '@slack/bolt';
import type { RankedPaper, Reply } from '../../src/model.ts';
import { escapeMrkdwn, headerText, truncate } from './mrkdwn.ts';
import { DETAIL_LEVELS, SECTION_TEXT_MAX, escapedWithin, paperBlocks, type Detail } from './render-paper.ts';
import { paperActionsBlock } from './actions-block.ts';

type KnownBlock = types.KnownBlock;

/** Slack's limits, and the safety margins paperboy keeps below them. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: SECTION_TEXT_MAX,
  header: 150,
  /** Slack refuses about 13k characters of blocks (`msg_blocks_too_long`); stay well under. */
  blocksJson: 12_000,
  /** Keycaps go up to 🔟, so a digest message holds at most 10 papers. */
  papersPerMessage: 10,
  fallbackText: 2_000,
} as const;

/** One Slack message ready for chat.postMessage / respond(). */
export interface SlackMessage {
  /** Notification and screen-reader text: the titles, never empty. */
  text: string;
  blocks: KnownBlock[];
  /** Papers shown, in the order of the keycaps 1..10 (digest) or the single paper (card). */
  paperIds: string[];
  /** How reactions vote on it; undefined when it cannot be voted on. */
  kind?: 'digest' | 'single';
  ephemeral: boolean;
}

export interface RenderOptions {
  /** Thumbnails as image accessories (default true). Off for a retry after Slack failed to fetch an image. */
  images?: boolean;
}

export const blocksSize = (blocks: readonly KnownBlock[]): number => JSON.stringify(blocks).length;

const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/** Any reply as one or more Slack messages, each within every Block Kit limit. */
export function renderReply(reply: Reply, opts: RenderOptions = {}): SlackMessage[] {
  switch (reply.kind) {
    case 'text':
      return textMessages(reply.text, reply.ephemeral ?? false, reply.code);
    case 'error':
      return textMessages(`⚠️ ${reply.message}`, true);
    case 'paper':
      return [paperCard(reply.paper, reply.votable, reply.ephemeral ?? false, opts)];
    case 'digest':
      return digestMessages(reply, opts);
  }
}

/** Plain text as sections of at most 3,000 characters, split at line ends, spread over as many messages as needed. */
function textMessages(raw: string, ephemeral: boolean, code = false): SlackMessage[] {
  let sections: string[] = [];
  let cur = '';
  for (const line of raw.split('\n').flatMap((l) => splitLong(escapeMrkdwn(l), 2_900))) {
    if (cur && cur.length + line.length + 1 > 2_900) {
      sections.push(cur);
      cur = line;
    } else cur = cur ? `${cur}\n${line}` : line;
  }
  sections.push(cur || ' ');
  if (code) sections = sections.map((s) => `\`\`\`${s}\`\`\``);
  const messages: SlackMessage[] = [];
  let blocks: KnownBlock[] = [];
  const flush = () => {
    const text = truncate(blocks.map((b) => (b.type === 'section' ? b.text?.text ?? '' : '')).join('\n'), SLACK_LIMITS.fallbackText);
    messages.push({ text: text || ' ', blocks, paperIds: [], ephemeral });
    blocks = [];
  };
  for (const s of sections) {
    const block: KnownBlock = { type: 'section', text: { type: 'mrkdwn', text: s } };
    if (blocks.length && (blocks.length >= 40 || blocksSize([...blocks, block]) > SLACK_LIMITS.blocksJson)) flush();
    blocks.push(block);
  }
  flush();
  return messages;
}

/** Cuts an escaped line into pieces of at most `max`, never inside an `&…;` entity. */
function splitLong(line: string, max: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let at = rest.lastIndexOf(' ', max);
    if (at < max / 2) at = max;
    const amp = rest.lastIndexOf('&', at);
    if (amp > at - 5 && rest.indexOf(';', amp) >= at) at = amp;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).trimStart();
  }
  out.push(rest);
  return out;
}

function paperCard(r: RankedPaper, votable: boolean, ephemeral: boolean, opts: RenderOptions): SlackMessage {
  const hint = votable && !ephemeral ? [context('React 👍 or 👎 to vote for this paper here.')] : [];
  const detail = DETAIL_LEVELS.find((d) => fits([...paperBlocks(r, { votable, detail: withImages(d, opts) }), ...hint]));
  const blocks = [...paperBlocks(r, { votable, detail: withImages(detail ?? DETAIL_LEVELS.at(-1)!, opts) }), ...hint];
  const actions = paperActionsBlock([r], 'single');
  if (actions) blocks.push(actions);
  return { text: escapedWithin(r.paper.title, SLACK_LIMITS.fallbackText), blocks, paperIds: [r.paper.id], kind: votable ? 'single' : undefined, ephemeral };
}

const withImages = (d: Detail, opts: RenderOptions): Detail => (opts.images === false ? { ...d, image: false } : d);

const fits = (blocks: KnownBlock[], reserveChars = 0, reserveBlocks = 0) =>
  blocks.length + reserveBlocks <= SLACK_LIMITS.blocks && blocksSize(blocks) + reserveChars <= SLACK_LIMITS.blocksJson;

interface Part {
  papers: RankedPaper[];
  firstRank: number;
  blocks: KnownBlock[];
}

function digestMessages(reply: Extract<Reply, { kind: 'digest' }>, opts: RenderOptions): SlackMessage[] {
  const ephemeral = reply.ephemeral ?? false;
  const votable = reply.votable && !ephemeral;
  const footer = [reply.note, votable ? 'React with the number of a paper (1️⃣…🔟) to vote for it here.' : undefined]
    .filter(Boolean)
    .map((s) => escapedWithin(s!, 1_000))
    .join('\n');
  const footerBlocks = footer ? [context(footer)] : [];
  const reserve = blocksSize([{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(SLACK_LIMITS.header) } }, ...footerBlocks]);

  function fitPart(papers: RankedPaper[], firstRank: number): Part[] {
    for (const level of DETAIL_LEVELS) {
      const detail = withImages(level, opts);
      const blocks = papers.flatMap((r, i) => [
        ...(i > 0 ? [{ type: 'divider' } as KnownBlock] : []),
        ...paperBlocks(r, { position: i + 1, rank: firstRank + i, votable, detail }),
      ]);
      const actions = blocksSize([paperActionsBlock(papers, 'digest')!]);
      if (fits(blocks, reserve + actions, 2 + footerBlocks.length)) return [{ papers, firstRank, blocks }];
    }
    if (papers.length === 1) return [{ papers, firstRank, blocks: [context(escapedWithin(papers[0]!.paper.title, 1_000))] }];
    const half = Math.ceil(papers.length / 2);
    return [...fitPart(papers.slice(0, half), firstRank), ...fitPart(papers.slice(half), firstRank + half)];
  }

  const parts: Part[] = [];
  for (let i = 0; i < reply.papers.length; i += SLACK_LIMITS.papersPerMessage)
    parts.push(...fitPart(reply.papers.slice(i, i + SLACK_LIMITS.papersPerMessage), i + 1));
  if (parts.length === 0) parts.push({ papers: [], firstRank: 1, blocks: [context('No papers to show.')] });

  return parts.map((part, i) => {
    const last = i === parts.length - 1;
    const title = parts.length > 1 ? `${truncate(reply.title, 135)} (${i + 1}/${parts.length})` : reply.title;
    const blocks: KnownBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: headerText(title), emoji: true } },
      ...part.blocks,
      ...(last ? footerBlocks : []),
    ];
    const actions = paperActionsBlock(part.papers, 'digest');
    if (actions) blocks.push(actions);
    const titles = part.papers.map((r, j) => `${part.firstRank + j}. ${r.paper.title}`).join(' · ');
    const text = escapedWithin(titles ? `${title}: ${titles}` : title, SLACK_LIMITS.fallbackText);
    const paperIds = part.papers.map((r) => r.paper.id);
    return { text, blocks, paperIds, kind: votable && paperIds.length ? 'digest' : undefined, ephemeral };
  });
}
