import type { Paper } from '../model.ts';
import type { HfDailyItem, HfPaper } from './hf-schema.ts';

export const paperLinks = (id: string) => ({
  hf: `https://huggingface.co/papers/${id}`,
  arxiv: `https://arxiv.org/abs/${id}`,
  pdf: `https://arxiv.org/pdf/${id}`,
});

export const thumbnailFor = (id: string) => `https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/${id}.png`;

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
const dayOf = (iso: string | undefined) => (iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : undefined);

/**
 * One HF paper as paperboy's Paper. The day is `submittedOnDailyAt` when present, else the day it was listed under;
 * never the top-level `publishedAt`, whose meaning changed in March 2025.
 */
export function normalisePaper(p: HfPaper, listedDay: string | undefined, item?: HfDailyItem): Paper {
  const org = item?.organization ?? p.organization;
  const thumbnail = item?.thumbnail ?? (item?.mediaUrl?.startsWith('http') ? item.mediaUrl : undefined);
  const paper: Paper = {
    id: p.id,
    title: clean(p.title),
    summary: clean(p.summary),
    keywords: p.ai_keywords ?? [],
    authors: p.authors.map((a) => clean(a.name)).filter(Boolean),
    upvotes: p.upvotes,
    comments: item?.numComments ?? 0,
    day: dayOf(p.submittedOnDailyAt) ?? listedDay ?? dayOf(p.publishedAt) ?? '1970-01-01',
    links: paperLinks(p.id),
    thumbnail: thumbnail ?? thumbnailFor(p.id),
  };
  if (p.ai_summary) paper.aiSummary = clean(p.ai_summary);
  if (org?.fullname || org?.name) paper.organization = org.fullname ?? org.name;
  if (p.githubRepo) paper.githubRepo = p.githubRepo;
  if (p.githubStars !== undefined) paper.githubStars = p.githubStars;
  if (p.projectPage) paper.projectPage = p.projectPage;
  return paper;
}

export const normaliseDailyItem = (item: HfDailyItem, requestedDay: string | undefined): Paper =>
  normalisePaper(item.paper, requestedDay, item);
