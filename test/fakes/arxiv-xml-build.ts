import { DateTime } from 'luxon';
import type { FakeArxivDay, FakeArxivPaper } from './arxiv-data.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** The feed's pubDate: midnight US Eastern of the announcement day, as arXiv writes it (`Thu, 24 Sep 2026 00:00:00 -0400`). */
export const feedPubDate = (day: string) => DateTime.fromISO(day, { zone: 'America/New_York' }).toRFC2822()!;

function rssItem(p: FakeArxivPaper, pubDate: string): string {
  return [
    '    <item>',
    `      <title>${esc(p.title)}</title>`,
    `      <link>https://arxiv.org/abs/${p.id}</link>`,
    `      <description>${esc(p.description)}</description>`,
    `      <guid isPermaLink="false">oai:arXiv.org:${p.id}v${p.version}</guid>`,
    ...p.categories.map((c) => `      <category>${esc(c)}</category>`),
    `      <pubDate>${pubDate}</pubDate>`,
    `      <arxiv:announce_type>${p.announceType}</arxiv:announce_type>`,
    `      <dc:creator>${esc(p.creator)}</dc:creator>`,
    '    </item>',
  ].join('\n');
}

/**
 * RSS 2.0 in the exact shape of the raw captures (laya-reader-arxiv_rss.xml): the same declaration, namespaces,
 * channel elements in the same order, skipDays, and items with title, link, description, guid, category, pubDate,
 * arxiv:announce_type and dc:creator. `dc:rights` is left out: no capture of a whole day kept it.
 */
export function buildRss(day: FakeArxivDay, feedCats: readonly string[], papers: readonly FakeArxivPaper[]): string {
  const joined = feedCats.join('+');
  const pubDate = feedPubDate(day.day);
  return `<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
  <channel>
    <title>${feedCats.join(', ')} updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/${joined}</link>
    <description>${feedCats.join(', ')} updates on the arXiv.org e-print archive.</description>
    <atom:link href="http://rss.arxiv.org/rss/${joined}" rel="self" type="application/rss+xml"/>
    <docs>http://www.rssboard.org/rss-specification</docs>
    <language>en-us</language>
    <lastBuildDate>${day.lastBuildDate}</lastBuildDate>
    <managingEditor>rss-help@arxiv.org</managingEditor>
    <pubDate>${pubDate}</pubDate>
    <skipDays>
      <day>Sunday</day>
      <day>Saturday</day>
    </skipDays>
${papers.map((p) => rssItem(p, pubDate)).join('\n')}
  </channel>
</rss>
`;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function atomEntry(p: FakeArxivPaper): string {
  const at = iso(p.submitted ?? new Date(0));
  return [
    '  <entry>',
    `    <id>http://arxiv.org/abs/${p.id}v${p.version}</id>`,
    `    <title>${esc(p.title)}</title>`,
    `    <updated>${at}</updated>`,
    `    <link href="https://arxiv.org/abs/${p.id}v${p.version}" rel="alternate" type="text/html"/>`,
    `    <link href="https://arxiv.org/pdf/${p.id}v${p.version}" rel="related" type="application/pdf" title="pdf"/>`,
    `    <summary>${esc(p.abstract)}</summary>`,
    ...p.categories.map((c) => `    <category term="${esc(c)}" scheme="http://arxiv.org/schemas/atom"/>`),
    `    <published>${at}</published>`,
    ...(p.categories[0] ? [`    <arxiv:primary_category term="${esc(p.categories[0])}"/>`] : []),
    ...p.creator.split(', ').map((a) => `    <author>\n      <name>${esc(a)}</name>\n    </author>`),
    '  </entry>',
  ].join('\n');
}

/** An API answer in the shape of the real one (brevio-cs_lg.xml): feed header, opensearch counts, entries. */
export function buildAtom(query: string, total: number, start: number, entries: readonly FakeArxivPaper[]): string {
  return `<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/fake</id>
  <title>arXiv Query: ${esc(query)}</title>
  <updated>${iso(new Date())}</updated>
  <link href="https://arxiv.org/api/query?${esc(query)}" type="application/atom+xml"/>
  <opensearch:itemsPerPage>${entries.length}</opensearch:itemsPerPage>
  <opensearch:totalResults>${total}</opensearch:totalResults>
  <opensearch:startIndex>${start}</opensearch:startIndex>
${entries.map(atomEntry).join('\n')}
</feed>
`;
}
