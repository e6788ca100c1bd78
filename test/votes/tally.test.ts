import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { eventKey, voteValueSchema, type ReactionEvent, type VoteValue } from '../../src/votes/keys.ts';
import { createTally } from '../../src/votes/tally.ts';
import { parsePeriod } from '../../src/votes/top.ts';
import { add, at, nets, remove, votesOn, where, type VotesWorld } from './helpers.ts';

let store: Store;
let w: VotesWorld;
beforeEach(async () => {
  store = await openStore('memory://', silentLogger());
  w = votesOn(store);
  await w.posts.record(where(), 'd', ['A', 'B', 'C'], 'digest');
  await w.posts.record(where(), 'sA', ['A'], 'single');
  await w.posts.record(where(), 'sB', ['B'], 'single');
});
afterEach(async () => store.close());

/** What a person looking at the messages would count: replay in time order, removal after add in the same instant. */
function referenceNets(events: ReactionEvent[]): Record<string, number> {
  const live = new Map<string, { paperId: string; userId: string; value: number; at: number; reaction: string }>();
  const ordered = [...events].sort((a, b) => a.at - b.at || Number(b.added) - Number(a.added));
  for (const e of ordered) {
    const reaction = `${e.paperId}|${e.userId}|${e.channel}|${e.messageId}|${e.emoji}`;
    if (e.added) {
      if (!live.has(reaction)) live.set(reaction, { paperId: e.paperId, userId: e.userId, value: e.emoji === 'down' ? -1 : 1, at: e.at, reaction });
    } else live.delete(reaction);
  }
  const latestPerUser = new Map<string, { paperId: string; value: number; at: number; reaction: string }>();
  for (const r of live.values()) {
    const k = `${r.paperId}|${r.userId}`;
    const cur = latestPerUser.get(k);
    if (!cur || r.at > cur.at || (r.at === cur.at && r.reaction > cur.reaction)) latestPerUser.set(k, r);
  }
  const out: Record<string, number> = {};
  for (const v of latestPerUser.values()) out[v.paperId] = (out[v.paperId] ?? 0) + v.value;
  return Object.fromEntries(Object.entries(out).filter(([, n]) => n !== 0));
}

const arbEvent = fc.record({
  msg: fc.constantFrom('d', 'sA', 'sB'),
  user: fc.constantFrom('u1', 'u2', 'u3'),
  slot: fc.nat(4),
  added: fc.boolean(),
  at: fc.nat(20),
});
const emojiFor = (msg: string, slot: number) => (msg === 'd' ? String(1 + (slot % 3)) : slot % 2 ? 'down' : 'up');
const paperFor = (msg: string, emoji: string) => (msg === 'd' ? ['A', 'B', 'C'][Number(emoji) - 1]! : msg === 'sA' ? 'A' : 'B');

describe('the tally', () => {
  it('matches a time-ordered replay of the reactions, whatever order and however often they arrive, across compactions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbEvent, { maxLength: 25 }), fc.nat(), async (raw, seed) => {
        const community = `prop${seed}-${Math.random()}`;
        const here = where(community);
        await Promise.all(['d', 'sA', 'sB'].map((m) => w.posts.record(here, m, m === 'd' ? ['A', 'B', 'C'] : [m.slice(1)], m === 'd' ? 'digest' : 'single')));
        const events = raw.map((r) => ({ ...r, emoji: emojiFor(r.msg, r.slot) }));
        const delivered = [...events, ...events.filter((_, i) => i % 3 === seed % 3)].reverse();
        for (const [i, e] of delivered.entries()) {
          if (i === seed % (delivered.length + 1)) await w.votes.rebuild(community);
          await w.votes.handle({ where: here, messageId: e.msg, userId: e.user, emoji: e.emoji, added: e.added, at: at(e.at) });
        }
        const reference = referenceNets(
          events.map((e) => ({ paperId: paperFor(e.msg, e.emoji), userId: e.user, channel: 'c1', messageId: e.msg, emoji: e.emoji, at: e.at, added: e.added })),
        );
        expect(await nets(w.votes, ['A', 'B', 'C'], community)).toEqual(reference);
        await w.votes.rebuild(community);
        expect(await nets(w.votes, ['A', 'B', 'C'], community)).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });

  it('depends only on the set of keys, not their order, repeats or batching', () => {
    const key = (paperId: string, userId: string, emoji: string, t: number, added: boolean): [string, VoteValue] => [
      eventKey({ paperId, userId, channel: 'c', messageId: 'm', emoji, at: t, added }),
      { value: added ? (emoji === 'down' ? -1 : 1) : 0, at: t },
    ];
    const entries = [key('A', 'u1', 'up', 1, true), key('A', 'u1', 'up', 2, false), key('A', 'u2', 'down', 3, true), key('B', 'u1', '1', 4, true)];
    const summary = (es: Array<[string, VoteValue]>) => [...createTally(es).papers.values()].map((p) => [p.paperId, p.up, p.down, p.lastAt]).sort();
    expect(summary([...entries].reverse())).toEqual(summary(entries));
    expect(summary([...entries, ...entries])).toEqual(summary(entries));
    const oneByOne = createTally();
    for (const e of [...entries].reverse()) oneByOne.add([e, e]);
    expect([...oneByOne.papers.values()].map((p) => [p.paperId, p.up, p.down, p.lastAt]).sort()).toEqual(summary(entries));
    expect(summary(entries)).toEqual([['A', 0, 1, 3], ['B', 1, 0, 4]]);
  });

  it('drops the keys a later removal made irrelevant, and keeps the numbers', async () => {
    await w.votes.handle(add('sA', 'u1', 'up', 0));
    await w.votes.handle(remove('sA', 'u1', 'up', 1));
    await w.votes.handle(add('sA', 'u1', 'up', 2));
    await w.votes.handle(add('sB', 'u2', 'up', 3));
    const first = await w.votes.rebuild('g1');
    expect(first.superseded()).toEqual([eventKey({ paperId: 'A', userId: 'u1', channel: 'c1', messageId: 'sA', emoji: 'up', at: at(0).getTime(), added: true })]);
    const keys = [];
    for await (const [k] of store.collection('votes:g1', voteValueSchema).entries()) keys.push(k);
    expect(keys).toHaveLength(3);
    expect((await w.votes.rebuild('g1')).superseded()).toEqual([]);
    expect(await nets(w.votes, ['A', 'B'])).toEqual({ A: 1, B: 1 });
  });
});

describe('top', () => {
  const HOUR = 3600;
  beforeEach(async () => {
    await w.votes.handle(add('sA', 'u1', 'up', -2 * HOUR));
    await w.votes.handle(add('sA', 'u2', 'up', -3 * 24 * HOUR));
    await w.votes.handle(add('sB', 'u1', 'up', -1 * HOUR));
    await w.votes.handle(add('sB', 'u3', 'down', -20 * 24 * HOUR));
    await w.votes.handle(add('d', 'u4', '3', -40 * 24 * HOUR));
  });

  it.each([
    ['day', [['B', 1, 1, 0], ['A', 1, 1, 0]]],
    ['week', [['A', 2, 2, 0], ['B', 1, 1, 0]]],
    ['month', [['A', 2, 2, 0], ['B', 0, 1, 1]]],
  ] as const)('counts the votes cast in the last %s', async (period, expected) => {
    const rows = await w.votes.top('g1', period, at(0), 10);
    expect(rows.map((r) => [r.paperId, r.net, r.up, r.down])).toEqual(expected);
  });

  it('breaks ties by the most recent vote and says when it was cast', async () => {
    const rows = await w.votes.top('g1', 'day', at(0), 10);
    expect(rows.map((r) => [r.paperId, r.lastAt.toISOString()])).toEqual([
      ['B', at(-HOUR).toISOString()],
      ['A', at(-2 * HOUR).toISOString()],
    ]);
  });

  it('leaves out votes cast after "now" and respects the limit', async () => {
    await w.votes.handle(add('d', 'u9', '3', HOUR));
    expect((await w.votes.top('g1', 'week', at(0), 1)).map((r) => r.paperId)).toEqual(['A']);
    expect((await w.votes.top('g1', 'week', at(0), 10)).map((r) => r.paperId)).not.toContain('C');
  });

  it.each([
    ['week', 'week'],
    [' Monthly ', 'month'],
    ['DAY', 'day'],
    ['daily', 'day'],
    ['year', undefined],
    ['', undefined],
  ])('parses the period "%s"', (text, period) => {
    expect(parsePeriod(text)).toBe(period);
  });
});
