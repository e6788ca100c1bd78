import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderText } from '../../adapters/console/render-text.ts';
import type { Reply } from '../../src/model.ts';
import { fixturePapers, startCommandWorld, type CommandWorld } from '../helpers/command-world.ts';

let w: CommandWorld;
beforeEach(async () => {
  w = await startCommandWorld();
});
afterEach(async () => w.close());

const NOW = '2026-08-20T12:00:00Z';
const rows = (reply: Reply) =>
  reply.kind === 'digest' ? reply.papers.map((r) => [r.paper.id, r.communityVotes, r.paper.upvotes]) : reply;
const paperRequests = () => w.hf.requests.filter((r) => r.path.startsWith('/api/papers/')).map((r) => r.path);

describe('/papers top', () => {
  it("lists the community's most up-voted papers of the week, with net votes and HF upvotes", async () => {
    const [p1, p2, p3] = fixturePapers(w.hf, '2026-08-20');
    await w.run('today');
    for (const u of ['a', 'b']) await w.vote(p3!.id, u, 1, '2026-08-19T10:00:00Z');
    await w.vote(p1!.id, 'a', 1, '2026-08-18T10:00:00Z');
    for (const u of ['a', 'b', 'c']) await w.vote(p2!.id, u, u === 'c' ? -1 : 1, '2026-08-20T09:00:00Z');
    const reply = await w.run('top');
    expect(reply.kind === 'digest' && reply.title).toBe('Community top papers · last 7 days');
    expect(rows(reply)).toEqual([
      [p3!.id, 2, p3!.upvotes],
      [p2!.id, 1, p2!.upvotes],
      [p1!.id, 1, p1!.upvotes],
    ]);
    expect(reply.kind === 'digest' && reply.votable).toBe(true);
    expect(paperRequests()).toEqual([]);
    expect(renderText(reply)).toContain(`▲ ${p3!.upvotes} · +2 community · https://huggingface.co/papers/${p3!.id}`);
  });

  it('fetches a voted paper missing from the cache through /api/papers/{id}, once', async () => {
    const old = fixturePapers(w.hf, '2024-05-27')[0]!;
    await w.vote(old.id, 'a', 1, '2026-08-20T08:00:00Z');
    const reply = await w.run('top');
    expect(reply.kind === 'digest' && reply.papers.map((r) => [r.paper.title, r.communityVotes])).toEqual([[old.title, 1]]);
    await w.run('top');
    expect(paperRequests()).toEqual([`/api/papers/${old.id}`]);
  });

  it.each([
    ['top day', []],
    ['top', ['recent']],
    ['top week', ['recent']],
    ['top month', ['recent', 'old']],
    ['top period:month limit:1', ['recent']],
  ])('"%s" counts only the votes cast in that period', async (text, expected) => {
    const [recent, old] = fixturePapers(w.hf, '2026-08-20');
    await w.vote(recent!.id, 'a', 1, '2026-08-17T12:00:00Z');
    await w.vote(recent!.id, 'b', 1, '2026-08-17T12:00:00Z');
    await w.vote(old!.id, 'a', 1, '2026-08-01T12:00:00Z');
    const reply = await w.run(text);
    const names: Record<string, string> = { [recent!.id]: 'recent', [old!.id]: 'old' };
    if (expected.length === 0) expect(reply.kind).toBe('text');
    else expect(reply.kind === 'digest' && reply.papers.map((r) => names[r.paper.id])).toEqual(expected);
  });

  it('says kindly that a period has no votes yet, and how to vote', async () => {
    const reply = await w.run('top day');
    expect(reply).toEqual({
      kind: 'text',
      text: 'No community votes in the last 24 hours yet. Vote with 1️⃣…🔟 under a digest, or 👍/👎 under a single paper.',
      ephemeral: true,
    });
  });

  it('says so when every paper of the period got more 👎 than 👍', async () => {
    await w.vote(fixturePapers(w.hf, '2026-08-20')[0]!.id, 'a', -1, '2026-08-20T08:00:00Z');
    const reply = await w.run('top');
    expect(reply.kind === 'text' && reply.text).toMatch(/^No paper got more 👍 than 👎 in the last 7 days yet/);
  });

  it('shows only the asking community', async () => {
    await w.vote(fixturePapers(w.hf, '2026-08-20')[0]!.id, 'a', 1, '2026-08-20T08:00:00Z', 'other-guild');
    expect((await w.run('top')).kind).toBe('text');
    expect((await w.run('top', NOW, 'other-guild')).kind).toBe('digest');
  });

  it('leaves out a voted paper Hugging Face does not know, and says which', async () => {
    const known = fixturePapers(w.hf, '2026-08-20')[0]!;
    await w.vote(known.id, 'a', 1, '2026-08-20T08:00:00Z');
    await w.vote('2608.99999', 'a', 1, '2026-08-20T08:00:00Z');
    const reply = await w.run('top');
    expect(rows(reply)).toEqual([[known.id, 1, known.upvotes]]);
    expect(reply.kind === 'digest' && reply.note).toContain('1 voted paper(s) could not be loaded from Hugging Face: 2608.99999.');
  });

  it('answers with the source error when Hugging Face is down and nothing is cached', async () => {
    await w.vote(fixturePapers(w.hf, '2026-08-20')[0]!.id, 'a', 1, '2026-08-20T08:00:00Z');
    w.hf.failAlways({ kind: 'status', status: 503 });
    const reply = await w.run('top');
    expect(reply.kind === 'error' && reply.message).toMatch(/Hugging Face is not answering/);
  });

  it.each([
    ['top year', /did not understand "year"/],
    ['top 0', /limit must be between 1 and 25/],
  ])('answers "%s" with a clear error', async (text, message) => {
    const reply = await w.run(text);
    expect(reply.kind === 'error' && reply.message).toMatch(message);
  });

  it('explains when votes are not wired in', async () => {
    w.deps.votes = undefined;
    const reply = await w.run('top');
    expect(reply).toEqual({ kind: 'error', message: 'Community votes are not enabled on this bot.' });
  });
});
