import type { Paper } from '../model.ts';

/** Whether Hugging Face lists the paper (every paper stored before the arXiv source is an HF paper). */
export const seenOnHf = (p: Paper): boolean => (p.seenOn ?? ['hf']).includes('hf');

const ANNOUNCED_AS: Record<NonNullable<Paper['announceType']>, string | undefined> = {
  new: undefined,
  cross: 'cross-list',
  replace: 'revised',
  'replace-cross': 'revised cross-list',
};

/** Where arXiv lists the paper, for cards and alerts: `arXiv cs.CL, cs.LG · cross-list`; undefined without arXiv data. */
export function arxivLabel(p: Paper): string | undefined {
  if (!p.categories?.length && !p.announceType) return undefined;
  const how = p.announceType ? ANNOUNCED_AS[p.announceType] : undefined;
  return [`arXiv ${(p.categories ?? []).slice(0, 3).join(', ')}`.trim(), how].filter(Boolean).join(' · ');
}

/** The page a paper's title links to: its Hugging Face page when HF lists it, else its arXiv abstract. */
export const paperPage = (p: Paper): string => (seenOnHf(p) ? p.links.hf : p.links.arxiv);
