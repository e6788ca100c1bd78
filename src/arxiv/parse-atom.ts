import type { Paper } from '../model.ts';
import { describeIssues } from '../papers/hf-schema.ts';
import { paperLinks } from '../papers/normalise.ts';
import { arxivIdOf } from './arxiv-id.ts';
import { authorName, cleanText } from './arxiv-text.ts';
import { ArxivFormatError, parseXml } from './arxiv-xml.ts';
import { atomEntrySchema, atomFeedSchema, type AtomEntry } from './atom-schema.ts';

/** One page of an arXiv API answer. */
export interface ArxivApiPage {
  /** How many entries the query matches in all (`opensearch:totalResults`). */
  total: number;
  /** The offset of this page (`opensearch:startIndex`). */
  start: number;
  papers: Paper[];
  /** When each paper's first version was submitted (`published`), by id: the announcement window is judged on it. */
  submitted: Map<string, Date>;
  skipped: string[];
}

/** The API reports a bad query as a feed with one entry whose id is under /api/errors. */
export class ArxivApiError extends Error {
  override name = 'ArxivApiError';
}

const dayOf = (iso: string | undefined) => (iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : undefined);

function entryPaper(e: AtomEntry): Paper | string {
  const id = arxivIdOf(e.id);
  if (!id) return `no arXiv id in ${JSON.stringify(e.id)}`;
  const primary = e['arxiv:primary_category']?.['@term'];
  const others = (e.category ?? []).map((c) => c['@term']).filter((t) => t && t !== primary);
  const categories = [...(primary ? [primary] : []), ...others];
  const paper: Paper = {
    id: id.id,
    title: cleanText(e.title),
    summary: cleanText(e.summary),
    keywords: [],
    authors: (e.author ?? []).map((a) => authorName(a.name)).filter(Boolean),
    upvotes: 0,
    comments: 0,
    /** Without an announcement day (the API does not say), the day its first version was submitted. */
    day: dayOf(e.published) ?? dayOf(e.updated) ?? '1970-01-01',
    seenOn: ['arxiv'],
    links: paperLinks(id.id),
  };
  if (categories.length) paper.categories = categories;
  return paper;
}

/** Parses one API answer. Throws {@link ArxivFormatError} on a malformed document, {@link ArxivApiError} on an API error. */
export function parseArxivAtom(xml: string): ArxivApiPage {
  const feed = atomFeedSchema.safeParse(parseXml(xml, 'feed'));
  if (!feed.success) throw new ArxivFormatError(`not an arXiv API feed (${describeIssues(feed.error)})`);
  const papers: Paper[] = [];
  const submitted = new Map<string, Date>();
  const skipped: string[] = [];
  for (const [i, raw] of (feed.data.entry ?? []).entries()) {
    const entry = atomEntrySchema.safeParse(raw);
    if (entry.success && entry.data.id.includes('/api/errors')) throw new ArxivApiError(`arXiv API: ${cleanText(entry.data.summary)}`);
    const paper = entry.success ? entryPaper(entry.data) : `entry ${i}: ${describeIssues(entry.error)}`;
    if (typeof paper === 'string') {
      skipped.push(paper);
      continue;
    }
    papers.push(paper);
    const published = entry.success && entry.data.published ? new Date(entry.data.published) : undefined;
    if (published && !Number.isNaN(published.getTime())) submitted.set(paper.id, published);
  }
  const total = Number(feed.data['opensearch:totalResults'] ?? papers.length);
  const start = Number(feed.data['opensearch:startIndex'] ?? 0);
  return { total: Number.isFinite(total) ? total : papers.length, start: Number.isFinite(start) ? start : 0, papers, submitted, skipped };
}
