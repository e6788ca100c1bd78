import { z } from 'zod';
import type { Destination, RankedPaper, Reply } from '../model.ts';
import { paperSchema } from '../papers/paper-schema.ts';

/** The stored form of a Destination. */
export const destinationSchema: z.ZodType<Destination> = z.object({
  platform: z.enum(['discord', 'slack', 'console']),
  community: z.string(),
  channel: z.string(),
  user: z.string().optional(),
});

const rankedPaperSchema: z.ZodType<RankedPaper> = z.object({
  paper: paperSchema,
  communityVotes: z.number(),
  score: z.number(),
  why: z.array(z.string()).optional(),
});

/** The stored form of a Reply, so a queued message survives a restart intact. */
export const replySchema: z.ZodType<Reply> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string(), ephemeral: z.boolean().optional(), code: z.boolean().optional() }),
  z.object({
    kind: z.literal('digest'),
    title: z.string(),
    day: z.string(),
    papers: z.array(rankedPaperSchema),
    note: z.string().optional(),
    ephemeral: z.boolean().optional(),
    votable: z.boolean(),
  }),
  z.object({ kind: z.literal('paper'), paper: rankedPaperSchema, votable: z.boolean(), ephemeral: z.boolean().optional() }),
  z.object({ kind: z.literal('error'), message: z.string() }),
]);
