import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISCORD_LIMITS, embedLength, truncate } from '../../adapters/discord/limits.ts';
import { renderReply, type DiscordMessage } from '../../adapters/discord/render.ts';
import type { Paper, RankedPaper, Reply } from '../../src/model.ts';
import { hfDailyListSchema } from '../../src/papers/hf-schema.ts';
import { normaliseDailyItem, paperLinks } from '../../src/papers/normalise.ts';
import { rankPapers } from '../../src/trending/rank.ts';
import { validateMessage } from '../fakes/discord-limits.ts';
import { loadFixtureDays } from '../fakes/hf-server.ts';

const fixtureDays = [...loadFixtureDays()].map(([day, raw]) => ({
  day,
  ranked: rankPapers(hfDailyListSchema.parse(raw).map((i) => normaliseDailyItem(i, day))),
}));
const allPapers = fixtureDays.flatMap((d) => d.ranked);
const digest = (papers: RankedPaper[], votable = true): Reply => ({ kind: 'digest', title: 'Trending papers', day: '2026-08-20', papers, votable });
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every Discord limit, checked two ways: the fake Discord's own validator, and the limits spelled out here. */
function expectWithinLimits(messages: DiscordMessage[]) {
  for (const m of messages) {
    const body = { content: m.content, embeds: m.embeds };
    expect(validateMessage(body)).toBeNull();
    expect(m.embeds.length).toBeLessThanOrEqual(10);
    expect(m.embeds.reduce((n, e) => n + embedLength(e as Parameters<typeof embedLength>[0]), 0)).toBeLessThanOrEqual(6000);
    expect(m.content?.length ?? 0).toBeLessThanOrEqual(2000);
    for (const e of m.embeds) {
      expect(e.title?.length ?? 0).toBeLessThanOrEqual(256);
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
      expect(e.fields?.length ?? 0).toBeLessThanOrEqual(25);
      for (const f of e.fields ?? []) {
        expect(f.name.length).toBeLessThanOrEqual(256);
        expect(f.value.length).toBeLessThanOrEqual(1024);
      }
      expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
    }
    expect(JSON.stringify(body)).not.toMatch(LONE_SURROGATE);
  }
}

function extremePaper(n: number, size = 1): RankedPaper {
  const word = (w: string, times: number) => Array.from({ length: times }, () => w).join(' ');
  const paper: Paper = {
    id: `2608.${String(10000 + n)}`,
    title: word('Transformers', 90 * size),
    summary: word('attention😀is all you need', 800 * size),
    aiSummary: size > 1 ? undefined : word('summary', 1500),
    keywords: [],
    authors: Array.from({ length: 500 }, (_, i) => `${'Author'.repeat(20)} ${i}`),
    upvotes: 1000 - n,
    comments: 3,
    day: '2026-08-20',
    organization: 'O'.repeat(700),
    githubRepo: `https://github.com/${'org'.repeat(150)}/repo`,
    githubStars: 123456,
    projectPage: `https://example.org/${'p'.repeat(3000)}`,
    thumbnail: `https://cdn.example.org/${n}.png`,
    links: paperLinks(`2608.${String(10000 + n)}`),
  };
  return { paper, communityVotes: -7, score: 1, why: Array.from({ length: 60 }, (_, i) => `"diffusion model ${i}" in abstract`) };
}

describe('Discord rendering keeps every limit', () => {
  it.each(fixtureDays.map((d) => [d.day, d.ranked] as const))('the whole %s list, split into valid messages in order', (_day, ranked) => {
    const messages = renderReply(digest(ranked), { votable: true });
    expectWithinLimits(messages);
    expect(messages.flatMap((m) => m.papers?.paperIds ?? [])).toEqual(ranked.map((r) => r.paper.id));
    expect(messages.every((m) => m.papers?.kind === 'digest')).toBe(true);
    const titles = messages.flatMap((m) => m.embeds.map((e) => e.title));
    expect(titles).toHaveLength(ranked.length);
  });

  it('fits ten real papers in one message, each title prefixed with the keycap that votes for it', () => {
    const ranked = fixtureDays.find((d) => d.day === '2026-08-20')!.ranked.slice(0, 10);
    const [message, ...rest] = renderReply(digest(ranked), { votable: true });
    expect(rest).toEqual([]);
    expect(message!.embeds.map((e) => e.title)).toEqual(ranked.map((r, i) => `${['1️⃣', '2️⃣', '3️⃣', '4️⃣', '5️⃣', '6️⃣', '7️⃣', '8️⃣', '9️⃣', '🔟'][i]} ${r.paper.title}`));
    expect(message!.embeds.every((e) => e.url?.startsWith('https://huggingface.co/papers/'))).toBe(true);
  });

  it('shows the longest real abstract whole on a single-paper card', () => {
    const longest = [...allPapers].sort((a, b) => b.paper.summary.length - a.paper.summary.length)[0]!;
    const noAi = { ...longest, paper: { ...longest.paper, aiSummary: undefined } };
    const [card] = renderReply({ kind: 'paper', paper: noAi, votable: true }, { votable: true });
    expectWithinLimits([card!]);
    expect(card!.embeds[0]!.description!.length).toBeGreaterThanOrEqual(longest.paper.summary.length);
    expect(card!.papers).toEqual({ kind: 'single', paperIds: [longest.paper.id] });
  });

  it('shows the first three authors and how many more, HF upvotes, community votes and the links', () => {
    const r = allPapers.find((p) => p.paper.authors.length > 5 && p.paper.githubRepo && p.paper.githubStars)!;
    const [card] = renderReply({ kind: 'paper', paper: { ...r, communityVotes: 4 }, votable: false }, { votable: false });
    const fields = Object.fromEntries(card!.embeds[0]!.fields!.map((f) => [f.name, f.value]));
    expect(fields.Authors).toContain(`+${r.paper.authors.length - 3} more`);
    expect(fields.Votes).toBe(`▲ ${r.paper.upvotes} on HF · +4 here`);
    expect(fields.Links).toContain(`[arXiv](${r.paper.links.arxiv})`);
    expect(fields.Links).toContain(`[PDF](${r.paper.links.pdf})`);
    expect(fields.Links).toMatch(/\[GitHub ★ [\d.]+K?\]\(https:\/\/github\.com\//);
    expect(card!.embeds[0]!.thumbnail?.url).toBe(r.paper.thumbnail);
  });

  it('escapes markdown in summaries and authors on every render, each text its own way', () => {
    const base = allPapers[0]!;
    const withText = (summary: string, author: string): RankedPaper => ({ ...base, paper: { ...base.paper, aiSummary: undefined, summary, authors: [author] } });
    const render = (r: RankedPaper) => renderReply({ kind: 'paper', paper: r, votable: false }, { votable: false })[0]!.embeds[0]!;
    const a = withText('Uses **bold** claims and snake_case_names.', 'A_B');
    const b = withText('Plain words, *one* star.', 'C*D');
    for (const round of [1, 2]) {
      expect(render(a).description, `round ${round}`).toBe('Uses \\*\\*bold\\*\\* claims and snake\\_case\\_names.');
      expect(render(b).description, `round ${round}`).toBe('Plain words, \\*one\\* star.');
      expect(render(a).fields!.find((f) => f.name === 'Authors')!.value).toBe('A\\_B');
      expect(render(b).fields!.find((f) => f.name === 'Authors')!.value).toBe('C\\*D');
    }
  });

  it.each([1, 3])('cuts synthetic extreme papers (size ×%i) cleanly and keeps 25 of them valid', (size) => {
    const papers = Array.from({ length: 25 }, (_, i) => extremePaper(i, size));
    const messages = renderReply(digest(papers), { votable: true });
    expectWithinLimits(messages);
    expect(messages.flatMap((m) => m.papers!.paperIds)).toEqual(papers.map((p) => p.paper.id));
    const title = messages[0]!.embeds[0]!.title!;
    expect(title).toMatch(/Transformers…$/);
    const [card] = renderReply({ kind: 'paper', paper: papers[0]!, votable: true }, { votable: true });
    expectWithinLimits([card!]);
    expect(card!.embeds[0]!.description!).toMatch(/\S…$/);
  });

  it('splits a long text on line breaks into messages of at most 2,000 characters', () => {
    const lines = Array.from({ length: 120 }, (_, i) => `line ${i} ${'x'.repeat(40)}`);
    const messages = renderReply({ kind: 'text', text: lines.join('\n') }, { votable: false });
    expect(messages.length).toBeGreaterThan(1);
    expectWithinLimits(messages);
    expect(messages.map((m) => m.content).join('\n')).toBe(lines.join('\n'));
  });

  it('stays within the limits for arbitrary papers (property)', () => {
    const text = (max: number) => fc.string({ unit: 'binary', maxLength: max });
    const rankedPaper = fc.record({
      title: text(400), summary: text(6000), aiSummary: fc.option(text(600), { nil: undefined }),
      authors: fc.array(text(200), { maxLength: 40 }), upvotes: fc.integer(), organization: fc.option(text(300), { nil: undefined }),
      projectPage: fc.option(fc.webUrl(), { nil: undefined }), why: fc.option(fc.array(text(200), { maxLength: 10 }), { nil: undefined }),
    }).map(({ why, ...p }, ): RankedPaper => ({
      paper: { ...p, id: '2608.00001', keywords: [], comments: 0, day: '2026-08-20', links: paperLinks('2608.00001') },
      communityVotes: 0, score: 0, ...(why ? { why } : {}),
    }));
    fc.assert(
      fc.property(fc.array(rankedPaper, { minLength: 1, maxLength: 25 }), fc.boolean(), (papers, votable) => {
        expectWithinLimits(renderReply(digest(papers, votable), { votable }));
        expectWithinLimits(renderReply({ kind: 'paper', paper: papers[0]!, votable }, { votable }));
      }),
      { numRuns: 60 },
    );
  });
});

describe('truncate', () => {
  it.each([
    ['short text', 20, 'short text'],
    ['the quick brown fox jumps', 20, 'the quick brown fox…'],
    ['supercalifragilistic', 10, 'supercali…'],
    ['ab😀cd', 4, 'ab…'],
    ['anything', 1, '…'],
  ])('truncate(%j, %i) is %j', (text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
    expect(truncate(text, max).length).toBeLessThanOrEqual(max);
  });

  it('knows the Discord limits it must keep', () => {
    expect(DISCORD_LIMITS).toMatchObject({ content: 2000, embedsPerMessage: 10, embedTotal: 6000, title: 256, description: 4096 });
  });
});
