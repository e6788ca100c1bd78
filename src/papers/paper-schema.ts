import { z } from 'zod';
import type { Paper } from '../model.ts';

/** The stored form of a Paper, checked whenever it is read back. */
export const paperSchema: z.ZodType<Paper> = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  aiSummary: z.string().optional(),
  keywords: z.array(z.string()),
  authors: z.array(z.string()),
  upvotes: z.number(),
  comments: z.number(),
  day: z.string(),
  organization: z.string().optional(),
  githubRepo: z.string().optional(),
  githubStars: z.number().optional(),
  projectPage: z.string().optional(),
  thumbnail: z.string().optional(),
  links: z.object({ hf: z.string(), arxiv: z.string(), pdf: z.string() }),
  // Where the paper was seen and what arXiv said of it: kept, or a stored arXiv-only paper would read back as an HF one.
  seenOn: z.array(z.enum(['hf', 'arxiv'])).optional(),
  categories: z.array(z.string()).optional(),
  announceType: z.enum(['new', 'cross', 'replace', 'replace-cross']).optional(),
  arxivDay: z.string().optional(),
});
