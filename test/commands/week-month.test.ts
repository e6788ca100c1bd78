import { afterEach, describe, expect, it } from 'vitest';
import { renderText } from '../../adapters/console/render-text.ts';
import type { Reply } from '../../src/model.ts';
import { startCommandWorld, type CommandWorld } from '../helpers/command-world.ts';
import { periodOrder } from '../helpers/period-fixtures.ts';

let w: CommandWorld;
afterEach(async () => w.close());

const ids = (reply: Reply) => (reply.kind === 'digest' ? reply.papers.map((r) => r.paper.id) : reply);
const THURSDAY = '2026-08-20T12:00:00Z';

describe('/papers week and /papers month', () => {
  it("lists a past week from HF's weekly list, most upvoted first, limited", async () => {
    w = await startCommandWorld();
    const reply = await w.run('week 2026-W33 5', THURSDAY);
    expect(ids(reply)).toEqual(periodOrder(w.hf, 'week', '2026-W33').slice(0, 5).map((p) => p.id));
    expect(reply).toMatchObject({ kind: 'digest', title: 'Trending papers · week 2026-W33 (Aug 10–16)', votable: true, ephemeral: false });
    expect(reply.kind === 'digest' && reply.note).toBeUndefined();
    expect(w.hf.requests.some((r) => r.query.week === '2026-W33')).toBe(true);
  });

  it('defaults to the current ISO week in UTC and says so', async () => {
    w = await startCommandWorld();
    const reply = await w.run('week', THURSDAY);
    expect(ids(reply)).toEqual(periodOrder(w.hf, 'week', '2026-W34').slice(0, 10).map((p) => p.id));
    expect(reply).toMatchObject({ title: 'Trending papers · week 2026-W34 (Aug 17–23)', note: 'This week so far. ISO weeks run Monday to Sunday, UTC.' });
  });

  it('early on a Monday, before the new week has papers, shows the previous week and says so', async () => {
    w = await startCommandWorld();
    const reply = await w.run('week 3', '2026-08-24T00:30:00Z');
    expect(ids(reply)).toEqual(periodOrder(w.hf, 'week', '2026-W34').slice(0, 3).map((p) => p.id));
    expect(reply.kind === 'digest' && reply.note).toBe('No papers yet for this week (2026-W35); showing the previous one.');
  });

  it('lists a month, each paper once, and defaults to the current month', async () => {
    w = await startCommandWorld();
    const expected = periodOrder(w.hf, 'month', '2026-08');
    expect(expected).toHaveLength(195);
    const all = await w.run('month 2026-08 25', THURSDAY);
    expect(ids(all)).toEqual(expected.slice(0, 25).map((p) => p.id));
    expect(all).toMatchObject({ title: 'Trending papers · August 2026', note: 'This month so far. Months are counted in UTC.' });
    expect(ids(await w.run('month', THURSDAY))).toEqual(expected.slice(0, 10).map((p) => p.id));
  });

  it('blends community votes into the ranking like today: HF upvotes + 3 × net votes', async () => {
    w = await startCommandWorld();
    const [first, second, , , fifth] = periodOrder(w.hf, 'week', '2026-W33');
    for (let i = 0; i < 10; i++) await w.vote(fifth!.id, `u${i}`, 1, '2026-08-19T08:00:00Z');
    await w.vote(first!.id, 'x', -1, '2026-08-19T08:00:00Z');
    const reply = await w.run('week 2026-W33 3', THURSDAY);
    const rows = reply.kind === 'digest' ? reply.papers.map((r) => [r.paper.id, r.paper.upvotes, r.communityVotes, r.score]) : reply;
    const expected = [
      [fifth!.id, fifth!.upvotes, 10, fifth!.upvotes + 30],
      [first!.id, first!.upvotes, -1, first!.upvotes - 3],
      [second!.id, second!.upvotes, 0, second!.upvotes],
    ].sort((a, b) => (b[3] as number) - (a[3] as number));
    expect(rows).toEqual(expected);
    expect(renderText(reply)).toContain(`▲ ${fifth!.upvotes} · +10 community`);
    // Another community's votes do not move this one's list.
    expect(ids(await w.run('week 2026-W33 3', THURSDAY, 'other-guild'))).toEqual(periodOrder(w.hf, 'week', '2026-W33').slice(0, 3).map((p) => p.id));
  });

  it('keeps the HF order with VOTE_WEIGHT 0', async () => {
    w = await startCommandWorld({ voteWeight: 0 });
    const papers = periodOrder(w.hf, 'month', '2026-08');
    for (let i = 0; i < 40; i++) await w.vote(papers[6]!.id, `u${i}`, 1, '2026-08-19T08:00:00Z');
    expect(ids(await w.run('month 2026-08 5', THURSDAY))).toEqual(papers.slice(0, 5).map((p) => p.id));
  });

  it.each([
    ['week 2026-W60', 'week: 2026 has weeks W01 to W53; there is no week 60\nUsage: /papers week [<week>] [<limit>] [--private]'],
    ['week 2025-W53', 'week: 2025 has weeks W01 to W52; there is no week 53\nUsage: /papers week [<week>] [<limit>] [--private]'],
    ['week 2026-34', 'week: week must be written YYYY-Www, e.g. 2026-W34\nUsage: /papers week [<week>] [<limit>] [--private]'],
    ['week last', 'week: week must be written YYYY-Www, e.g. 2026-W34\nUsage: /papers week [<week>] [<limit>] [--private]'],
    ['week 2026-W35', 'week 2026-W35 has not started yet; the current week (UTC) is 2026-W34.'],
    ['week 2027-W01', 'week 2027-W01 has not started yet; the current week (UTC) is 2026-W34.'],
    ['week 2026-W33 30', 'limit: limit must be between 1 and 25\nUsage: /papers week [<week>] [<limit>] [--private]'],
    ['month 2026-13', 'month: there is no month 13; months go from 01 to 12\nUsage: /papers month [<month>] [<limit>] [--private]'],
    ['month 2026-08-01', 'month: month must be written YYYY-MM, e.g. 2026-08\nUsage: /papers month [<month>] [<limit>] [--private]'],
    ['month 2026-09', 'month 2026-09 has not started yet; the current month (UTC) is 2026-08.'],
  ])('refuses %j with a clear message, asking HF nothing', async (text, message) => {
    w = await startCommandWorld();
    expect(await w.run(text, THURSDAY)).toEqual({ kind: 'error', message });
    expect(w.hf.requests).toEqual([]);
  });

  it('says when a past week or month had no papers', async () => {
    w = await startCommandWorld();
    expect(await w.run('week 2026-W30', THURSDAY)).toEqual({ kind: 'text', text: 'No Daily Papers were listed in week 2026-W30 (Jul 20–26).', ephemeral: true });
    expect(await w.run('month 2026-07', THURSDAY)).toEqual({ kind: 'text', text: 'No Daily Papers were listed in July 2026.', ephemeral: true });
  });

  it('answers with the cached list and a note when HF is down', async () => {
    w = await startCommandWorld();
    await w.run('week', '2026-08-20T09:12:00Z');
    w.hf.failAlways({ kind: 'status', status: 503 });
    const reply = await w.run('week', '2026-08-20T10:00:00Z');
    expect(ids(reply)).toEqual(periodOrder(w.hf, 'week', '2026-W34').slice(0, 10).map((p) => p.id));
    expect(reply.kind === 'digest' && reply.note).toContain('Hugging Face is not answering; showing the list cached at 09:12 UTC');
    const uncached = await w.run('month 2026-08', '2026-08-20T10:00:00Z');
    expect(uncached).toMatchObject({ kind: 'error', message: expect.stringMatching(/^Hugging Face is not answering \(HTTP 503\) for the papers of month 2026-08\. Please try again/) });
  });
});
