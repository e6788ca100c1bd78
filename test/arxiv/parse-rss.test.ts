import { describe, expect, it } from 'vitest';
import { ArxivFormatError } from '../../src/arxiv/arxiv-xml.ts';
import { parseArxivRss } from '../../src/arxiv/parse-rss.ts';
import { fromFeedparserDump, readFixture } from '../fakes/arxiv-data.ts';
import { buildRss } from '../fakes/arxiv-xml-build.ts';

describe('parseArxivRss on real captures', () => {
  it('reads the combined feed: day, skipDays, ids without version, announce types, cross-list categories primary first', () => {
    const feed = parseArxivRss(readFixture('laya-reader-arxiv_rss.xml'));
    expect(feed.day).toBe('2026-09-24');
    expect(feed.skipDays.sort()).toEqual(['Saturday', 'Sunday']);
    expect(feed.papers.map((p) => [p.id, p.announceType])).toEqual([
      ['2609.26811', 'new'],
      ['2609.26820', 'new'],
      ['2205.06398', 'cross'],
      ['2009.13987', 'replace'],
    ]);
    const cross = feed.papers[2]!;
    expect(cross.categories).toEqual(['stat.ME', 'stat.AP', 'stat.ML']);
    expect(cross.authors).toEqual(['Pritam Dey', 'Zhengwu Zhang', 'David B. Dunson']);
    expect(cross).toMatchObject({ day: '2026-09-24', arxivDay: '2026-09-24', seenOn: ['arxiv'], upvotes: 0, comments: 0, keywords: [] });
    expect(cross.links).toEqual({ hf: 'https://huggingface.co/papers/2205.06398', arxiv: 'https://arxiv.org/abs/2205.06398', pdf: 'https://arxiv.org/pdf/2205.06398' });
    expect(cross.summary.startsWith('It has become routine')).toBe(true);
    expect(cross.summary).not.toContain('Announce Type');
  });

  it('reads a file without an XML declaration, long author lists and an entity in an abstract', () => {
    const ai = parseArxivRss(readFixture('distill-arxiv_cs_ai.xml'));
    expect(ai.papers.map((p) => p.authors.length)).toEqual([2, 18, 17]);
    const lg = parseArxivRss(readFixture('distill-arxiv_cs_lg.xml'));
    expect(lg.papers.some((p) => p.summary.includes('visual resolution & stride'))).toBe(true);
    expect(lg.papers.every((p) => !p.summary.includes('&amp;'))).toBe(true);
  });

  it('reads a weekend feed as an empty announcement', () => {
    const feed = parseArxivRss(readFixture('albatros-weekend-empty.xml'));
    expect(feed).toMatchObject({ day: '2026-03-29', papers: [], skipped: [] });
  });

  it('reads a complete day rebuilt from the feedparser dump: counts by type, LaTeX kept, LaTeX accents in names resolved', () => {
    const day = fromFeedparserDump('rss_cache.2025-08-05.json.gz', 'https://rss.arxiv.org/rss/cs.CL+cs.CV+cs.MM+cs.LG+cs.SI');
    const feed = parseArxivRss(buildRss(day, ['cs.CL', 'cs.CV', 'cs.MM', 'cs.LG', 'cs.SI'], day.papers));
    expect(feed.papers).toHaveLength(1098);
    const count = (t: string) => feed.papers.filter((p) => p.announceType === t).length;
    expect([count('new'), count('cross'), count('replace'), count('replace-cross')]).toEqual([532, 146, 323, 97]);
    expect(new Set(feed.papers.map((p) => p.id)).size).toBe(1098);
    expect(feed.papers.every((p) => /^\d{4}\.\d{5}$/.test(p.id))).toBe(true);
    expect(feed.papers.some((p) => p.summary.includes('$\\mathbb{R}^{k-1}$'))).toBe(true);
    expect(feed.papers.find((p) => p.title.includes('Human Motion Q&A'))).toBeDefined();
    expect(feed.papers.some((p) => p.summary.includes('H&E'))).toBe(true);
    const authors = feed.papers.flatMap((p) => p.authors);
    expect(authors).toContain('Muhammed Gürbüz');
    expect(authors).toContain('Yoan Gutiérrez');
    expect(authors.some((a) => a.includes('\\'))).toBe(false);
    expect(Math.max(...feed.papers.map((p) => p.authors.length))).toBeGreaterThanOrEqual(30);
  });

  it('says clearly what is wrong with a document that is not a feed', () => {
    expect(() => parseArxivRss('<html><body>Service temporarily unavailable</body>')).toThrow(ArxivFormatError);
    expect(() => parseArxivRss('<?xml version="1.0"?><feed></feed>')).toThrow(/expected a <rss> document/);
    const cut = readFixture('laya-reader-arxiv_rss.xml').slice(0, 6000);
    try {
      parseArxivRss(cut);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ArxivFormatError);
      expect((err as ArxivFormatError).truncated).toBe(true);
    }
  });
});
