import { afterEach, describe, expect, it } from 'vitest';
import { renderText } from '../../adapters/console/render-text.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore } from '../helpers/backends.ts';
import { fixturePapers, startCommandWorld, type CommandWorld } from '../helpers/command-world.ts';

let w: CommandWorld;
afterEach(async () => w.close());

const ids = (reply: Awaited<ReturnType<CommandWorld['run']>>) => (reply.kind === 'digest' ? reply.papers.map((r) => r.paper.id) : reply);

describe('/papers today with community votes', () => {
  it('ranks by HF upvotes + 3 × net community votes by default, and shows both numbers', async () => {
    w = await startCommandWorld();
    const [first, second, third] = fixturePapers(w.hf, '2026-08-20');
    expect([first!.upvotes, second!.upvotes, third!.upvotes]).toEqual([92, 74, 59]);
    for (let i = 0; i < 12; i++) await w.vote(third!.id, `u${i}`, 1, '2026-08-20T08:00:00Z');
    await w.vote(first!.id, 'x', -1, '2026-08-20T08:00:00Z');
    const reply = await w.run('today 3');
    expect(reply.kind === 'digest' && reply.papers.map((r) => [r.paper.id, r.paper.upvotes, r.communityVotes, r.score])).toEqual([
      [third!.id, 59, 12, 59 + 3 * 12],
      [first!.id, 92, -1, 92 - 3],
      [second!.id, 74, 0, 74],
    ]);
    expect(renderText(reply)).toContain(`▲ 59 · +12 community`);
    expect(renderText(reply)).toContain(`▲ 92 · -1 community`);
  });

  it('uses VOTE_WEIGHT as the blend weight (0 keeps the HF order)', async () => {
    w = await startCommandWorld({ voteWeight: 0 });
    const papers = fixturePapers(w.hf, '2026-08-20');
    for (let i = 0; i < 50; i++) await w.vote(papers[4]!.id, `u${i}`, 1, '2026-08-20T08:00:00Z');
    expect(ids(await w.run('today 5'))).toEqual(papers.slice(0, 5).map((p) => p.id));
  });

  it('keeps the HF order in a community without votes, even when another community voted', async () => {
    w = await startCommandWorld();
    const papers = fixturePapers(w.hf, '2026-08-20');
    for (let i = 0; i < 50; i++) await w.vote(papers[4]!.id, `u${i}`, 1, '2026-08-20T08:00:00Z', 'other-guild');
    expect(ids(await w.run('today 5'))).toEqual(papers.slice(0, 5).map((p) => p.id));
    expect(ids(await w.run('today 1', undefined, 'other-guild'))).toEqual([papers[4]!.id]);
  });

  it('still lists the day, in HF order with a note, when the votes store fails', async () => {
    const votesStore = await openTestStore(`sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-votes-')), 'v.sqlite')}`);
    w = await startCommandWorld({ votesStore });
    const papers = fixturePapers(w.hf, '2026-08-20');
    await w.vote(papers[4]!.id, 'u1', 1, '2026-08-20T08:00:00Z');
    await votesStore.close();
    const reply = await w.run('today 3');
    expect(ids(reply)).toEqual(papers.slice(0, 3).map((p) => p.id));
    expect(reply.kind === 'digest' && reply.note).toContain('Community votes are unavailable right now');
  });
});
