import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import type { Paper } from '../model.ts';
import { paperSchema } from '../papers/paper-schema.ts';

/** The raw Hugging Face shape (as in `hf-papers-corpus.ndjson.gz`): accepted beside the project's own Paper shape. */
const hfLineSchema = z.object({
  id: z.string().min(1),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  title: z.string(),
  summary: z.string().default(''),
  authors: z.array(z.union([z.string(), z.object({ name: z.string() }).transform((a) => a.name)])).default([]),
  upvotes: z.number().default(0),
  ai_keywords: z.array(z.string()).nullish(),
  githubRepo: z.string().nullish(),
  numComments: z.number().nullish(),
});

/** One NDJSON line as a Paper: the project's shape first, else HF's raw one; undefined when it is neither. */
export function lineToPaper(line: string): Paper | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const own = paperSchema.safeParse(raw);
  if (own.success) return own.data;
  const hf = hfLineSchema.safeParse(raw);
  if (!hf.success) return undefined;
  const p = hf.data;
  return {
    id: p.id,
    title: p.title.replace(/\s+/g, ' ').trim(),
    summary: p.summary.replace(/\s+/g, ' ').trim(),
    keywords: p.ai_keywords ?? [],
    authors: p.authors,
    upvotes: p.upvotes,
    comments: p.numComments ?? 0,
    day: p.day,
    ...(p.githubRepo ? { githubRepo: p.githubRepo } : {}),
    links: { hf: `https://huggingface.co/papers/${p.id}`, arxiv: `https://arxiv.org/abs/${p.id}`, pdf: `https://arxiv.org/pdf/${p.id}` },
  };
}

/** Reads NDJSON papers (gzip when the name ends in .gz), in batches; counts lines that were not papers. */
export async function* readPaperBatches(file: string, batchSize = 500): AsyncGenerator<{ papers: Paper[]; skipped: number }> {
  const input = createReadStream(file);
  const lines = createInterface({ input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input, crlfDelay: Infinity });
  let papers: Paper[] = [];
  let skipped = 0;
  for await (const line of lines) {
    if (!line.trim()) continue;
    const paper = lineToPaper(line);
    if (paper) papers.push(paper);
    else skipped++;
    if (papers.length >= batchSize) {
      yield { papers, skipped };
      papers = [];
      skipped = 0;
    }
  }
  if (papers.length || skipped) yield { papers, skipped };
}
