import { describe, expect, it } from 'vitest';
import { ArxivApiError, parseArxivAtom } from '../../src/arxiv/parse-atom.ts';
import { readFixture } from '../fakes/arxiv-data.ts';

describe('parseArxivAtom on a real API answer', () => {
  it('reads 20 entries with totals, primary category first, ids without version, entities decoded', () => {
    const page = parseArxivAtom(readFixture('brevio-cs_lg.xml'));
    expect(page.total).toBe(364218);
    expect(page.start).toBe(0);
    expect(page.papers).toHaveLength(20);
    const first = page.papers[0]!;
    expect(first).toMatchObject({ id: '2604.26951', categories: ['cs.CL', 'cs.AI', 'cs.LG'], authors: ['Gongbo Zhang', 'Wen Wang', 'Ye Tian', 'Li Yuan'], day: '2026-04-29', seenOn: ['arxiv'] });
    expect(first.announceType).toBeUndefined();
    expect(page.submitted.get('2604.26951')?.toISOString()).toBe('2026-04-29T17:59:01.000Z');
    expect(page.papers.some((p) => p.summary.includes('(p < 0.0001'))).toBe(true);
    expect(page.papers.every((p) => /^\d{4}\.\d{5}$/.test(p.id))).toBe(true);
  });

  it('turns an API error entry into an ArxivApiError', () => {
    const xml = readFixture('brevio-cs_lg.xml').replace('<id>http://arxiv.org/abs/2604.26951v1</id>', '<id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>');
    expect(() => parseArxivAtom(xml)).toThrow(ArxivApiError);
  });
});
