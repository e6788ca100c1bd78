import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { fixturePapers, startCommandWorld, type CommandWorld } from '../helpers/command-world.ts';

let w: CommandWorld;
beforeEach(async () => {
  w = await startCommandWorld();
});
afterEach(async () => w.close());

async function consoleSession(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString()));
  const done = startConsoleAdapter({ deps: w.deps, input, output, banner: 'test console', now: () => new Date('2026-08-20T12:00:00Z') });
  input.end(`${lines.join('\n')}\n`);
  await done;
  return out;
}

describe('details and cite from the console', () => {
  it('shows the details of paper 3 of the last list: all authors, abstract, AI summary, keywords, links', async () => {
    const out = await consoleSession(['/papers today 5', 'details 3']);
    const today = await w.run('today 5');
    const third = today.kind === 'digest' ? today.papers[2]!.paper : undefined;
    expect(out).toContain('(details <1-5> · cite <1-5>)');
    const details = out.split('(details <1-5> · cite <1-5>)')[1]!;
    expect(details).toContain(third!.title);
    expect(details).toContain(`Authors (${third!.authors.length}): ${third!.authors.join(', ')}`);
    expect(details).toContain(third!.summary.replace(/\s+/g, ' ').trim());
    expect(details).toContain(`arXiv: ${third!.links.arxiv}`);
    expect(details).toContain(`Discussion on HF: ${third!.comments}`);
    if (third!.aiSummary) expect(details).toContain(`AI summary: ${third!.aiSummary}`);
    if (third!.keywords.length) expect(details).toContain(`Keywords: ${third!.keywords.join(', ')}`);
  });

  it('cites paper 3 as BibTeX and refuses an index beyond the list', async () => {
    const out = await consoleSession(['/papers today 3', 'cite 3', 'cite 4']);
    const papers = fixturePapers(w.hf, '2026-08-20');
    const today = await w.run('today 3');
    const third = today.kind === 'digest' ? today.papers[2]!.paper : undefined;
    expect(papers.length).toBeGreaterThan(3);
    expect(out).toMatch(new RegExp(`@misc\\{[a-z0-9]+,\\n  title         = \\{`));
    expect(out).toContain(`  eprint        = {${third!.id}},`);
    expect(out).toContain('⚠ The last list has 3 papers; pick 1–3.');
  });

  it('says to show a list first, and acts on a single paper card as paper 1', async () => {
    const out = await consoleSession(['cite 1', '/papers paper 2405.15738', 'cite 1']);
    expect(out).toContain('⚠ Nothing to cite yet: show a list or a paper first.');
    expect(out).toContain('(details 1 · cite 1)');
    expect(out).toContain('  eprint        = {2405.15738},');
  });
});
