import { describe, expect, it } from 'vitest';
import { nextAnnouncementAfter, submissionWindow } from '../../src/arxiv/announcement-schedule.ts';
import { loadConfig } from '../../src/config.ts';
import { parseArxivRss } from '../../src/arxiv/parse-rss.ts';
import { readFixture } from '../fakes/arxiv-data.ts';

describe("arXiv's announcement schedule", () => {
  it('after a Thursday feed the next is Friday at midnight US Eastern; after a Friday, Monday (the feed’s skipDays)', () => {
    const thu = parseArxivRss(readFixture('laya-reader-arxiv_rss.xml'));
    expect(nextAnnouncementAfter(thu.day!, thu.skipDays).toISOString()).toBe('2026-09-25T04:00:00.000Z');
    expect(nextAnnouncementAfter('2026-09-25', thu.skipDays).toISOString()).toBe('2026-09-28T04:00:00.000Z');
    expect(nextAnnouncementAfter('2026-12-31', []).toISOString()).toBe('2027-01-01T05:00:00.000Z'); // EST in winter
  });

  it("a Monday feed holds Thursday 14:00 to Friday 14:00 (Eastern) submissions; a Tuesday feed Friday to Monday", () => {
    expect(submissionWindow('2026-09-28')).toEqual({ from: new Date('2026-09-24T18:00:00Z'), to: new Date('2026-09-25T18:00:00Z') });
    expect(submissionWindow('2026-09-29')).toEqual({ from: new Date('2026-09-25T18:00:00Z'), to: new Date('2026-09-28T18:00:00Z') });
  });
});

describe('arXiv configuration', () => {
  it('defaults to the five ML categories and the real endpoints; empty turns the source off; a bad category is refused', () => {
    const c = loadConfig({});
    expect(c.ARXIV_CATEGORIES).toEqual(['cs.AI', 'cs.CL', 'cs.CV', 'cs.LG', 'stat.ML']);
    expect([c.ARXIV_RSS_URL, c.ARXIV_API_URL, c.ARXIV_CONTACT]).toEqual(['https://rss.arxiv.org', 'http://export.arxiv.org/api/query', undefined]);
    expect(loadConfig({ ARXIV_CATEGORIES: '' }).ARXIV_CATEGORIES).toEqual([]);
    expect(loadConfig({ ARXIV_CATEGORIES: ' cs.CL , math.AG ' }).ARXIV_CATEGORIES).toEqual(['cs.CL', 'math.AG']);
    expect(() => loadConfig({ ARXIV_CATEGORIES: 'cs.CL;rm -rf' })).toThrow(/ARXIV_CATEGORIES: use arXiv category names/);
  });
});

describe('arXiv source from config', () => {
  it('is off (undefined) when ARXIV_CATEGORIES is empty, a client otherwise', async () => {
    const { arxivClientFromConfig } = await import('../../src/arxiv/arxiv-from-config.ts');
    const { captureLogs } = await import('../helpers/log-capture.ts');
    const { log, lines } = captureLogs();
    expect(arxivClientFromConfig(loadConfig({ ARXIV_CATEGORIES: '' }), log)).toBeUndefined();
    expect(lines).toHaveLength(0);
    const client = arxivClientFromConfig(loadConfig({}), log);
    expect(typeof client?.latestAnnouncement).toBe('function');
    client?.close();
    expect(lines.map((l) => l.msg)).toEqual([expect.stringContaining('ARXIV_CONTACT is not set')]);
    arxivClientFromConfig(loadConfig({ ARXIV_CONTACT: 'ops@example.org' }), log)?.close();
    expect(lines).toHaveLength(1);
  });
});
