import { renderText } from '../adapters/console/render-text.ts';
import { blocksSize, renderReply } from '../adapters/slack/render.ts';
import type { Reply } from '../src/model.ts';
import { fixturePapersByDay, ranked } from '../test/helpers/fixture-papers.ts';

/** Mean ms per call of `fn` over `iterations`, after a warm-up. */
function time(fn: () => unknown, iterations: number): number {
  for (let i = 0; i < Math.min(50, iterations); i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  return (performance.now() - t0) / iterations;
}

/**
 * Slack Block Kit rendering (with the size fitting: detail levels, then splitting) of every fixture day as one digest,
 * against the console text renderer of the same replies as the baseline.
 */
export async function run(): Promise<void> {
  const replies: Reply[] = [...fixturePapersByDay()].map(([day, papers]) => ({
    kind: 'digest',
    title: `Trending papers · ${day}`,
    day,
    papers: papers.map((p) => ranked(p, 1)),
    votable: true,
  }));
  const papers = replies.reduce((n, r) => n + (r.kind === 'digest' ? r.papers.length : 0), 0);
  const iterations = 200;
  const baseline = time(() => replies.map(renderText), iterations);
  const slack = time(() => replies.map((r) => renderReply(r)), iterations);
  const messages = replies.flatMap((r) => renderReply(r));
  const sizes = messages.map((m) => blocksSize(m.blocks));
  console.log(`| what (${replies.length} days, ${papers} papers) | ms per pass | × baseline |`);
  console.log('|---|---|---|');
  console.log(`| console renderText (baseline) | ${baseline.toFixed(3)} | 1.0 |`);
  console.log(`| Slack renderReply | ${slack.toFixed(3)} | ${(slack / baseline).toFixed(1)} |`);
  console.log(`\n${messages.length} Slack messages; blocks JSON ${Math.min(...sizes)}–${Math.max(...sizes)} characters (budget 12,000).`);
}
