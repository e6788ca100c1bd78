import type { types } from '@slack/bolt';
import type { RankedPaper } from '../../src/model.ts';
import { arxivLabel, paperPage, seenOnHf } from '../../src/papers/paper-source.ts';
import { slackKeycapName } from '../../src/votes/emoji.ts';
import { compactNumber, escapeMrkdwn, link, safeUrl, truncate } from './mrkdwn.ts';

type KnownBlock = types.KnownBlock;

/** Slack's limit on a section's text. */
export const SECTION_TEXT_MAX = 3000;

/** How much of a paper to show; higher levels are shorter, used when a message would exceed Slack's size limits. */
export interface Detail {
  summary: number;
  authors: number;
  title: number;
  image: boolean;
  extraLinks: boolean;
}

export const DETAIL_LEVELS: readonly Detail[] = [
  { summary: 400, authors: 6, title: 250, image: true, extraLinks: true },
  { summary: 200, authors: 3, title: 200, image: true, extraLinks: true },
  { summary: 0, authors: 3, title: 150, image: true, extraLinks: true },
  { summary: 0, authors: 0, title: 120, image: false, extraLinks: false },
];

/** Escaped `raw`, cut so that the escaped text is at most `max` characters. */
export function escapedWithin(raw: string, max: number): string {
  let limit = max;
  let out = escapeMrkdwn(truncate(raw, limit));
  while (out.length > max && limit > 0) {
    limit -= Math.max(1, out.length - max);
    out = escapeMrkdwn(truncate(raw, limit));
  }
  return out;
}

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : '0');

function authorLine(r: RankedPaper, max: number): string | undefined {
  const { authors, organization } = r.paper;
  if (max === 0 || (authors.length === 0 && !organization)) return undefined;
  const shown = authors.slice(0, max).join(', ') + (authors.length > max ? ` +${authors.length - max} more` : '');
  const line = [shown, organization].filter(Boolean).join(' · ');
  return `_${escapedWithin(line, 400)}_`;
}

export interface PaperBlockOptions {
  /** 1-based position inside this message (shown as a keycap on votable digests). */
  position?: number;
  /** Overall rank in the reply, when it differs from the position (later parts of a long digest). */
  rank?: number;
  votable: boolean;
  detail: Detail;
}

/** The mrkdwn of one paper's section: title link, numbers, authors, summary; always within SECTION_TEXT_MAX. */
export function paperSectionText(r: RankedPaper, o: PaperBlockOptions): string {
  const p = r.paper;
  const marker = o.position === undefined ? '' : o.votable && o.position <= 10 ? `:${slackKeycapName(o.position)}: ` : `*${o.position}.* `;
  const title = `${marker}*${link(paperPage(p), p.title, o.detail.title)}*`;
  const numbers = [seenOnHf(p) ? `▲ ${compactNumber(p.upvotes)} on HF` : escapedWithin(arxivLabel(p) ?? 'arXiv', 100)];
  if (o.votable || r.communityVotes !== 0) numbers.push(`${signed(r.communityVotes)} here`);
  if (p.comments > 0) numbers.push(`💬 ${compactNumber(p.comments)}`);
  if (o.rank !== undefined && o.rank !== o.position) numbers.push(`#${o.rank}`);
  if (r.why?.length) numbers.push(`${r.whyLabel ?? 'matched'}: ${escapedWithin(r.why.join('; '), 200)}`);
  const head = [title, numbers.join(' · '), authorLine(r, o.detail.authors)].filter(Boolean).join('\n');
  const room = SECTION_TEXT_MAX - head.length - 1;
  const summaryMax = Math.min(o.detail.summary, room);
  const summary = summaryMax > 20 ? escapedWithin(p.aiSummary ?? p.summary, summaryMax) : '';
  const text = summary ? `${head}\n${summary}` : head;
  return text.length <= SECTION_TEXT_MAX ? text : `${marker}*${link(paperPage(p), p.id, 40)}*`;
}

/** The context line of links: arXiv, PDF, GitHub (with stars), project page. */
export function paperLinksText(r: RankedPaper, detail: Detail): string {
  const p = r.paper;
  const links = [link(p.links.arxiv, 'arXiv'), link(p.links.pdf, 'PDF')];
  if (detail.extraLinks && safeUrl(p.githubRepo))
    links.push(link(p.githubRepo, p.githubStars ? `GitHub ★ ${compactNumber(p.githubStars)}` : 'GitHub'));
  if (detail.extraLinks && safeUrl(p.projectPage)) links.push(link(p.projectPage, 'Project'));
  return links.join(' · ');
}

/** A section (with the thumbnail as accessory) and a context line of links. */
export function paperBlocks(r: RankedPaper, o: PaperBlockOptions): KnownBlock[] {
  const section: KnownBlock = { type: 'section', text: { type: 'mrkdwn', text: paperSectionText(r, o) } };
  const image = o.detail.image ? safeUrl(r.paper.thumbnail) : undefined;
  if (image) section.accessory = { type: 'image', image_url: image, alt_text: truncate(r.paper.title, 200) || 'thumbnail' };
  return [section, { type: 'context', elements: [{ type: 'mrkdwn', text: paperLinksText(r, o.detail) }] }];
}
