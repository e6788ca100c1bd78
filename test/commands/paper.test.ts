import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderText } from '../../adapters/console/render-text.ts';
import { fixturePapers, startCommandWorld, type CommandWorld } from '../helpers/command-world.ts';

let w: CommandWorld;
beforeEach(async () => {
  w = await startCommandWorld();
});
afterEach(async () => w.close());

describe('/papers paper', () => {
  it.each(['paper 2405.15738', 'paper arxiv.org/abs/2405.15738v2', 'paper https://huggingface.co/papers/2405.15738/?x=1', 'paper id:hf.co/papers/2405.15738'])(
    '"%s" shows the paper as a card to vote on with 👍/👎',
    async (text) => {
      const expected = fixturePapers(w.hf, '2024-05-27').find((p) => p.id === '2405.15738')!;
      const reply = await w.run(text);
      expect(reply.kind).toBe('paper');
      if (reply.kind !== 'paper') return;
      expect([reply.paper.paper.id, reply.paper.paper.title, reply.paper.paper.upvotes, reply.votable]).toEqual([
        expected.id,
        expected.title,
        expected.upvotes,
        true,
      ]);
    },
  );

  it("shows the community's net votes on the card", async () => {
    const id = '2405.15738';
    await w.vote(id, 'a', 1, '2026-08-20T08:00:00Z');
    await w.vote(id, 'b', 1, '2026-08-20T08:00:00Z');
    await w.vote(id, 'c', -1, '2026-08-20T08:00:00Z');
    const reply = await w.run(`paper ${id}`);
    expect(reply.kind === 'paper' && reply.paper.communityVotes).toBe(1);
    expect(renderText(reply)).toContain('· +1 community ·');
  });

  it.each([
    ['paper banana', /"banana" is not an arXiv id or a paper link/],
    ['paper hep-th/9901001', /old-style arXiv id/],
    ['paper https://example.com/2405.15738', /not an arXiv or Hugging Face link/],
    ['paper', /id: .*\nUsage: \/papers paper <id> \[--private\]/],
    ['paper 2608.99999', /Hugging Face has no page for arXiv 2608.99999/],
  ])('answers "%s" with a clear error', async (text, message) => {
    const reply = await w.run(text);
    expect(reply.kind).toBe('error');
    expect(reply.kind === 'error' && reply.message).toMatch(message);
  });
});
