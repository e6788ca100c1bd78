import type { Paper } from '../model.ts';
import { seenOnHf } from '../papers/paper-source.ts';

/** Everything the Details action shows about a paper, decided once for every platform; adapters only format it. */
export interface PaperDetails {
  id: string;
  title: string;
  /** The title's link: the HF page when HF lists it, else the arXiv abstract. */
  url: string;
  /** Every author, in order. */
  authors: string[];
  organization?: string;
  abstract: string;
  aiSummary?: string;
  keywords: string[];
  /** arXiv, PDF, Hugging Face, code (with its stars), project page: those the paper has. */
  links: Array<{ label: string; url: string }>;
  /** Comments on the paper's HF page, when HF lists it. */
  discussion?: number;
  /** Where and when it was listed, e.g. `Daily Papers · 2026-08-20 · ▲ 42`. */
  listed: string;
}

const stars = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

export function paperDetails(p: Paper): PaperDetails {
  const onHf = seenOnHf(p);
  const links: PaperDetails['links'] = [
    { label: 'arXiv', url: p.links.arxiv },
    { label: 'PDF', url: p.links.pdf },
  ];
  if (onHf) links.push({ label: 'Hugging Face', url: p.links.hf });
  if (p.githubRepo) links.push({ label: p.githubStars !== undefined ? `Code ★ ${stars.format(p.githubStars)}` : 'Code', url: p.githubRepo });
  if (p.projectPage) links.push({ label: 'Project page', url: p.projectPage });
  return {
    id: p.id,
    title: p.title,
    url: onHf ? p.links.hf : p.links.arxiv,
    authors: [...p.authors],
    ...(p.organization ? { organization: p.organization } : {}),
    abstract: p.summary,
    ...(p.aiSummary ? { aiSummary: p.aiSummary } : {}),
    keywords: [...p.keywords],
    links,
    ...(onHf ? { discussion: p.comments } : {}),
    listed: onHf ? `Daily Papers · ${p.day} · ▲ ${p.upvotes}` : `arXiv · ${p.arxivDay ?? p.day}${p.categories?.length ? ` · ${p.categories.join(', ')}` : ''}`,
  };
}
