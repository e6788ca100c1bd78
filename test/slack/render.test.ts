import { describe, expect, it } from 'vitest';
import { SLACK_LIMITS, blocksSize, renderReply, type SlackMessage } from '../../adapters/slack/render.ts';
import type { Paper, RankedPaper, Reply } from '../../src/model.ts';
import { validateBlocks } from '../fakes/slack-methods.ts';
import { allFixturePapers, fixturePapersByDay, ranked } from '../helpers/fixture-papers.ts';

type Block = { type: string; text?: { type: string; text: string }; elements?: Array<{ text: unknown }>; accessory?: unknown };

/** The mrkdwn of a message: section texts and context elements (an actions block's buttons and menus are plain text). */
const textsOf = (m: SlackMessage): string[] =>
  (m.blocks as Block[])
    .flatMap((b) => [b.text?.text ?? '', ...(b.type === 'context' ? (b.elements ?? []).map((e) => e.text as string) : [])])
    .filter(Boolean);

/** Every Block Kit limit paperboy promises, checked on one message. */
function expectWithinLimits(m: SlackMessage) {
  expect(validateBlocks(m.blocks)).toBeUndefined();
  expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(blocksSize(m.blocks)).toBeLessThanOrEqual(SLACK_LIMITS.blocksJson);
  expect(m.paperIds.length).toBeLessThanOrEqual(SLACK_LIMITS.papersPerMessage);
  expect(m.text.trim().length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  for (const b of m.blocks as Block[]) {
    if (b.type === 'header') {
      expect(b.text?.type).toBe('plain_text');
      expect(b.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
    }
    if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  }
  for (const t of textsOf(m)) {
    for (const l of t.match(/<[^>]*>/g) ?? []) expect(l).toMatch(/^<https?:\/\/[^\s|<>]+\|[^|<>]+>$/);
    expect(t.replace(/<https?:\/\/[^\s|<>]+\|[^|<>]+>/g, '')).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
  }
}

const digest = (papers: RankedPaper[], extra: Partial<Extract<Reply, { kind: 'digest' }>> = {}): Reply => ({
  kind: 'digest',
  title: 'Trending papers · 2026-08-20',
  day: '2026-08-20',
  papers,
  votable: true,
  ...extra,
});

const extreme = (i: number): Paper => ({
  id: `2608.${String(90000 + i)}`,
  title: `${'Attention & <Diffusion> | *Scaling* > '.repeat(130)} #${i}`,
  summary: '&<>| '.repeat(20_000),
  aiSummary: undefined,
  keywords: [],
  authors: Array.from({ length: 3_000 }, (_, a) => `Author <${a}> & Co | Ltd`),
  upvotes: 1_234_567,
  comments: 99_999,
  day: '2026-08-20',
  organization: 'Org & <Partners> |'.repeat(50),
  githubRepo: `https://github.com/a/b?q=x|y>z&w=${'v'.repeat(1_500)}`,
  githubStars: 123_456,
  projectPage: 'javascript:alert(1)',
  thumbnail: `https://cdn.example/${'t'.repeat(2_500)}.png`,
  links: { hf: `https://huggingface.co/papers/2608.${90000 + i}`, arxiv: 'https://arxiv.org/abs/x', pdf: 'https://arxiv.org/pdf/x' },
});

describe('Slack rendering of real fixture days', () => {
  it.each([...fixturePapersByDay().entries()])('keeps %s (every paper of the day) within every limit and in order', (day, papers) => {
    const messages = renderReply(digest(papers.map((p) => ranked(p, 2)), { title: `Trending papers · ${day}` }));
    messages.forEach(expectWithinLimits);
    expect(messages.flatMap((m) => m.paperIds)).toEqual(papers.map((p) => p.id));
    expect(messages.length).toBe(Math.ceil(papers.length / 10));
  });

  it('renders the longest real papers (title, abstract, authors) as full cards', () => {
    const all = allFixturePapers();
    const longest = (f: (p: Paper) => number) => [...all].sort((a, b) => f(b) - f(a))[0]!;
    for (const p of [longest((p) => p.title.length), longest((p) => p.summary.length), longest((p) => p.authors.join().length)]) {
      const [card] = renderReply({ kind: 'paper', paper: ranked(p), votable: true });
      expectWithinLimits(card!);
      expect(card!.kind).toBe('single');
      expect(card!.text).toContain(p.title.slice(0, 40));
    }
  });

  it('shows a paper with its linked title, upvotes, community votes, authors, summary, thumbnail and links', () => {
    const p = allFixturePapers().find((x) => x.githubRepo && x.projectPage && x.aiSummary)!;
    const [m] = renderReply(digest([ranked(p, 3)]));
    const section = (m!.blocks as Block[]).find((b) => b.type === 'section')!;
    expect(section.text!.text).toContain(`:one: *<${p.links.hf}|`);
    expect(section.text!.text).toContain(`▲ ${p.upvotes} on HF · +3 here`);
    expect(section.text!.text).toContain(p.authors[0]!);
    expect(section.text!.text).toContain(p.aiSummary!.slice(0, 30));
    expect(section.accessory).toMatchObject({ type: 'image', image_url: p.thumbnail });
    const links = (m!.blocks as Block[]).find((b) => b.type === 'context')!.elements![0]!.text;
    expect(links).toContain(`<${p.links.arxiv}|arXiv>`);
    expect(links).toContain(`<${p.links.pdf}|PDF>`);
    expect(links).toContain(`<${p.githubRepo}|GitHub`);
    expect(links).toContain(`|Project>`);
    expect((m!.blocks as Block[])[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'Trending papers · 2026-08-20' } });
  });
});

describe('Slack rendering of extreme papers', () => {
  const papers = Array.from({ length: 25 }, (_, i) => ranked(extreme(i), -4));

  it('splits 25 papers into messages of at most 10, keycaps restarting at 1 in each', () => {
    const messages = renderReply(digest(papers, { note: 'Hugging Face is not answering & <cached>' }));
    messages.forEach(expectWithinLimits);
    expect(messages.flatMap((m) => m.paperIds)).toEqual(papers.map((r) => r.paper.id));
    for (const m of messages) {
      const keycaps = textsOf(m).join('\n').match(/^:(one|two|three|four|five|six|seven|eight|nine|keycap_ten): /gm) ?? [];
      expect(keycaps).toHaveLength(m.paperIds.length);
      expect(keycaps[0]).toBe(':one: ');
    }
    const headers = messages.map((m) => (m.blocks[0] as Block).text!.text);
    expect(headers.at(-1)).toMatch(new RegExp(`\\(${messages.length}/${messages.length}\\)$`));
    expect(textsOf(messages.at(-1)!).join()).toContain('Hugging Face is not answering &amp; &lt;cached&gt;');
  });

  it('escapes &, < and > and keeps | and > out of link text and URLs', () => {
    const [card] = renderReply({ kind: 'paper', paper: papers[0]!, votable: false });
    expectWithinLimits(card!);
    const text = textsOf(card!).join('\n');
    expect(text).toContain('Attention &amp; &lt;Diffusion&gt; ¦ *Scaling* &gt;');
    expect(text).toContain('https://github.com/a/b?q=x%7Cy%3Ez&w=');
    expect(text).not.toContain('javascript:');
    expect(card!.kind).toBeUndefined();
  });

  it('drops an unusable thumbnail and, on request, every image', () => {
    const [tooLong] = renderReply({ kind: 'paper', paper: papers[0]!, votable: true });
    expect((tooLong!.blocks as Block[])[0]!.accessory).toBeUndefined();
    const real = ranked(allFixturePapers()[0]!);
    const [withImage] = renderReply({ kind: 'paper', paper: real, votable: true });
    const [without] = renderReply({ kind: 'paper', paper: real, votable: true }, { images: false });
    expect((withImage!.blocks as Block[])[0]!.accessory).toBeDefined();
    expect((without!.blocks as Block[])[0]!.accessory).toBeUndefined();
  });
});

describe('Slack rendering of text and errors', () => {
  it('splits a very long text into sections of at most 3,000 characters and several messages', () => {
    const line = 'x & y <z> '.repeat(40);
    const messages = renderReply({ kind: 'text', text: Array.from({ length: 200 }, () => line).join('\n') });
    messages.forEach(expectWithinLimits);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.every((m) => !m.ephemeral && m.kind === undefined)).toBe(true);
  });

  it('cuts one huge line without breaking an escaped entity', () => {
    const messages = renderReply({ kind: 'text', text: '&'.repeat(10_000) });
    messages.forEach(expectWithinLimits);
    expect(textsOf(messages[0]!).join('')).toMatch(/^(&amp;)+$/);
  });

  it('shows an error as an ephemeral warning, escaped', () => {
    const [m] = renderReply({ kind: 'error', message: 'Usage: /papers today [<limit>]' });
    expect(m!.ephemeral).toBe(true);
    expect(textsOf(m!)[0]).toBe('⚠️ Usage: /papers today [&lt;limit&gt;]');
  });

  it('marks an empty digest and a private digest as not votable', () => {
    expect(renderReply(digest([]))[0]!.kind).toBeUndefined();
    const [priv] = renderReply(digest([ranked(allFixturePapers()[0]!)], { ephemeral: true }));
    expect(priv!.kind).toBeUndefined();
    expect(priv!.ephemeral).toBe(true);
  });
});
