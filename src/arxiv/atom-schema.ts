import { z } from 'zod';

/**
 * The arXiv API's Atom (export.arxiv.org/api/query) as fast-xml-parser hands it over (attributes as `@name`), built
 * from a real response (test/fixtures/arxiv/README.md). Only an entry's id, title and summary are required.
 */
const text = z.union([z.string(), z.number()]).transform(String);
const textish = z.union([text, z.looseObject({ '#text': text.optional() }).transform((o) => o['#text'] ?? '')]);
const term = z.looseObject({ '@term': z.string() });

export const atomEntrySchema = z.looseObject({
  id: textish,
  title: textish,
  summary: textish,
  published: textish.optional(),
  updated: textish.optional(),
  author: z.array(z.looseObject({ name: textish })).optional(),
  category: z.array(term).optional(),
  'arxiv:primary_category': term.optional(),
  'arxiv:comment': textish.optional(),
});

export const atomFeedSchema = z.looseObject({
  'opensearch:totalResults': text.optional(),
  'opensearch:startIndex': text.optional(),
  'opensearch:itemsPerPage': text.optional(),
  entry: z.array(z.unknown()).optional(),
});

export type AtomEntry = z.infer<typeof atomEntrySchema>;
