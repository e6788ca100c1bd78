import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hfDailyListSchema } from '../../src/papers/hf-schema.ts';
import { normaliseDailyItem } from '../../src/papers/normalise.ts';
import { FIXTURE_DIR } from '../fakes/hf-server.ts';

const fixtures = readdirSync(FIXTURE_DIR).filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f));
const read = (f: string) => JSON.parse(readFileSync(join(FIXTURE_DIR, f), 'utf8')) as unknown;

describe('HF daily papers schema', () => {
  it.each(fixtures)('parses every item of the real capture %s', (f) => {
    const raw = read(f) as unknown[];
    const parsed = hfDailyListSchema.parse(raw);
    expect(parsed.length).toBe(raw.length);
    expect(parsed.length).toBeGreaterThan(0);
  });

  it('rejects the malformed capture (a list of Python repr strings) with a readable error', () => {
    const result = hfDailyListSchema.safeParse(read('malformed-2024-12-11.json'));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([0]);
  });

  it('ignores unknown fields and treats nulls as missing', () => {
    const [item] = hfDailyListSchema.parse([
      {
        paper: { id: '1', title: 't', summary: 's', authors: [{ name: 'A' }], upvotes: 1, publishedAt: 'x', ai_summary: null, brandNew: 1 },
        thumbnail: null,
        somethingElse: { deep: true },
      },
    ]);
    expect(item?.paper.ai_summary).toBeUndefined();
    expect(item?.thumbnail).toBeUndefined();
  });

  it.each([
    ['paper.id', { title: 't', summary: 's', authors: [], upvotes: 1, publishedAt: 'x' }],
    ['paper.upvotes', { id: '1', title: 't', summary: 's', authors: [], publishedAt: 'x' }],
    ['paper.authors', { id: '1', title: 't', summary: 's', upvotes: 1, publishedAt: 'x' }],
  ])('requires %s', (field, paper) => {
    const result = hfDailyListSchema.safeParse([{ paper }]);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.slice(1).join('.'))).toContain(field);
  });
});

describe('normalisation', () => {
  const items = hfDailyListSchema.parse(read('2026-08-20.json'));
  const papers = items.map((i) => normaliseDailyItem(i, '2026-08-20'));

  it('takes upvotes from paper.upvotes and the day from submittedOnDailyAt, not the top-level publishedAt', () => {
    const first = papers[0]!;
    expect(first.upvotes).toBe(items[0]!.paper.upvotes);
    expect(first.day).toBe('2026-08-20');
    expect((items[0] as { publishedAt?: string }).publishedAt?.startsWith('2026-08-16')).toBe(true);
  });

  it('builds the HF, arXiv and PDF links, AI fields, code links and a thumbnail', () => {
    const p = papers.find((x) => x.githubRepo)!;
    expect(p.links).toEqual({
      hf: `https://huggingface.co/papers/${p.id}`,
      arxiv: `https://arxiv.org/abs/${p.id}`,
      pdf: `https://arxiv.org/pdf/${p.id}`,
    });
    expect(p.aiSummary).toBeTruthy();
    expect(p.keywords.length).toBeGreaterThan(0);
    expect(p.thumbnail).toMatch(/^https:\/\//);
    expect(typeof p.githubStars).toBe('number');
    expect(p.authors.every((a) => a.length > 0)).toBe(true);
  });

  it('uses the requested date for the oldest schema, which has no submittedOnDailyAt', () => {
    const old = hfDailyListSchema.parse(read('2024-05-27.json')).map((i) => normaliseDailyItem(i, '2024-05-27'));
    expect(new Set(old.map((p) => p.day))).toEqual(new Set(['2024-05-27']));
    expect(old.every((p) => p.keywords.length === 0 && p.aiSummary === undefined)).toBe(true);
  });

  it('reads the organisation where the capture has one', () => {
    const withOrg = hfDailyListSchema.parse(read('2025-10-15.json')).map((i) => normaliseDailyItem(i, '2025-10-15'));
    expect(withOrg.some((p) => p.organization === 'AMAP-ML')).toBe(true);
  });
});
