import { DateTime } from 'luxon';
import type { AnnounceType, Paper } from '../model.ts';
import { describeIssues } from '../papers/hf-schema.ts';
import { paperLinks } from '../papers/normalise.ts';
import { arxivIdOf } from './arxiv-id.ts';
import { cleanText, splitAuthors } from './arxiv-text.ts';
import { ArxivFormatError, parseXml } from './arxiv-xml.ts';
import { rssChannelSchema, rssItemSchema, type RssItem } from './rss-schema.ts';

/** One RSS document of rss.arxiv.org. */
export interface ArxivRssFeed {
  /** The announcement day, YYYY-MM-DD: the channel's `pubDate` (midnight US Eastern) in its own offset. */
  day?: string;
  /** The channel's `pubDate`, when it has one. */
  published?: Date;
  /** Weekdays without announcements, from `skipDays` (e.g. `['Saturday', 'Sunday']`). */
  skipDays: string[];
  papers: Paper[];
  /** Items left out, each with why (no id, bad schema), so a caller can log them once. */
  skipped: string[];
}

const ANNOUNCE_TYPES: readonly AnnounceType[] = ['new', 'cross', 'replace', 'replace-cross'];
/** `arXiv:2609.26811v1 Announce Type: new \nAbstract: …`: the description's head. */
const DESCRIPTION_HEAD = /^\s*arXiv:(\S+)\s+Announce Type:\s*([\w-]+)\s*(?:Abstract:\s*)?/;

const asType = (t: string | undefined): AnnounceType | undefined => ANNOUNCE_TYPES.find((a) => a === t?.trim());

/** An RFC 822 date as arXiv writes it (`Thu, 24 Sep 2026 00:00:00 -0400`), kept in its own offset. */
export function rfc822(text: string | undefined): DateTime | undefined {
  if (!text) return undefined;
  const d = DateTime.fromRFC2822(text.trim(), { setZone: true });
  return d.isValid ? d : undefined;
}

function itemPaper(item: RssItem, feedDay: string | undefined): Paper | string {
  const head = DESCRIPTION_HEAD.exec(item.description);
  const link = Array.isArray(item.link) ? item.link[0] : item.link;
  const id = arxivIdOf(item.guid) ?? arxivIdOf(head?.[1]) ?? arxivIdOf(link);
  if (!id) return `no arXiv id in guid ${JSON.stringify(item.guid ?? '')}`;
  const announceType = asType(item['arxiv:announce_type']) ?? asType(head?.[2]);
  const day = rfc822(item.pubDate)?.toISODate() ?? feedDay;
  if (!day) return `${id.id}: no announcement date`;
  const paper: Paper = {
    id: id.id,
    title: cleanText(item.title),
    summary: cleanText(head ? item.description.slice(head[0].length) : item.description),
    keywords: [],
    authors: splitAuthors(item['dc:creator'] ?? ''),
    upvotes: 0,
    comments: 0,
    day,
    seenOn: ['arxiv'],
    arxivDay: day,
    links: paperLinks(id.id),
  };
  if (item.category?.length) paper.categories = item.category.map((c) => c.trim()).filter(Boolean);
  if (announceType) paper.announceType = announceType;
  return paper;
}

/**
 * Parses an RSS document of rss.arxiv.org into papers (every announce type; the caller chooses). Throws
 * {@link ArxivFormatError} when it is not well-formed or not an arXiv RSS channel; an item it cannot read is skipped
 * and named in `skipped`.
 */
export function parseArxivRss(xml: string): ArxivRssFeed {
  const rss = parseXml(xml, 'rss');
  const channel = rssChannelSchema.safeParse(rss.channel);
  if (!channel.success) throw new ArxivFormatError(`not an arXiv RSS channel (${describeIssues(channel.error)})`);
  const c = channel.data;
  const published = rfc822(c.pubDate);
  const day = published?.toISODate() ?? undefined;
  const skipDays = c.skipDays && typeof c.skipDays === 'object' ? (c.skipDays.day ?? []).map((d) => d.trim()) : [];
  const papers: Paper[] = [];
  const skipped: string[] = [];
  (c.item ?? []).forEach((raw, i) => {
    const item = rssItemSchema.safeParse(raw);
    const paper = item.success ? itemPaper(item.data, day) : `item ${i}: ${describeIssues(item.error)}`;
    if (typeof paper === 'string') skipped.push(paper);
    else papers.push(paper);
  });
  return { ...(day ? { day } : {}), ...(published ? { published: published.toJSDate() } : {}), skipDays, papers, skipped };
}
