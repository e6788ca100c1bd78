import { z } from 'zod';

/**
 * A tolerant schema for Hugging Face Daily Papers items, built from real captures of four schema generations (2024-05 to
 * 2026-08). Only paper.id, title, summary, authors[].name, upvotes and publishedAt are required; nulls count as missing;
 * unknown fields are ignored.
 */
const optional = <T extends z.ZodType>(t: T) => t.nullish().transform((v) => v ?? undefined);

const author = z.looseObject({ name: z.string() });

export const hfPaperSchema = z.looseObject({
  id: z.string().min(1),
  title: z.string(),
  summary: z.string(),
  authors: z.array(author),
  upvotes: z.number(),
  publishedAt: z.string(),
  submittedOnDailyAt: optional(z.string()),
  ai_summary: optional(z.string()),
  ai_keywords: optional(z.array(z.string())),
  githubRepo: optional(z.string()),
  githubStars: optional(z.number()),
  projectPage: optional(z.string()),
  organization: optional(z.looseObject({ name: optional(z.string()), fullname: optional(z.string()) })),
});

export const hfDailyItemSchema = z.looseObject({
  paper: hfPaperSchema,
  title: optional(z.string()),
  summary: optional(z.string()),
  numComments: optional(z.number()),
  thumbnail: optional(z.string()),
  mediaUrl: optional(z.string()),
  organization: optional(z.looseObject({ name: optional(z.string()), fullname: optional(z.string()) })),
});

export const hfDailyListSchema = z.array(hfDailyItemSchema);

export type HfPaper = z.infer<typeof hfPaperSchema>;
export type HfDailyItem = z.infer<typeof hfDailyItemSchema>;

/** Describes the first few schema problems in one line, e.g. `item 0: expected object, received string`. */
export function describeIssues(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((i) => `${i.path.length ? i.path.join('.') : 'response'}: ${i.message}`);
  const more = error.issues.length > max ? ` (+${error.issues.length - max} more)` : '';
  return parts.join('; ') + more;
}
