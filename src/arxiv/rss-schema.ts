import { z } from 'zod';

/**
 * arXiv's RSS 2.0 (rss.arxiv.org, since 2024) as fast-xml-parser hands it over, built from real captures (see
 * test/fixtures/arxiv/README.md). Tolerant: only an item's guid or link, title and description are required; unknown
 * elements are ignored; an empty element is an empty string.
 */
const text = z.union([z.string(), z.number()]).transform(String);
/** An element that may carry attributes (`<guid isPermaLink="false">…</guid>`) or be empty. */
const textish = z.union([text, z.looseObject({ '#text': text.optional() }).transform((o) => o['#text'] ?? '')]);
const optionalText = textish.optional();

export const rssItemSchema = z.looseObject({
  title: textish,
  link: z.union([z.array(textish), textish]).optional(),
  description: textish,
  guid: optionalText,
  category: z.array(textish).optional(),
  pubDate: optionalText,
  'arxiv:announce_type': optionalText,
  'dc:creator': optionalText,
  'arxiv:DOI': optionalText,
});

export const rssChannelSchema = z.looseObject({
  title: optionalText,
  link: z.union([z.array(textish), textish]).optional(),
  pubDate: optionalText,
  lastBuildDate: optionalText,
  skipDays: z.union([z.looseObject({ day: z.array(textish).optional() }), z.literal('')]).optional(),
  item: z.array(z.unknown()).optional(),
});

export type RssItem = z.infer<typeof rssItemSchema>;
