import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoteEvent } from '../../src/model.ts';
import type { Store } from '../../src/store/store.ts';
import type { VoteOutcome } from '../../src/votes/votes.ts';
import { backendCases, openTestStore } from '../helpers/backends.ts';
import { add, at, nets, reaction, remove, votesOn, where, type VotesWorld } from './helpers.ts';

const BOT = 'bot-user';

/**
 * Posts on record for every row: digest-1 shows [A, B, C], digest-2 shows [C, A], single-A and single-B one paper each.
 * Each row plays its events in the order given (arrival order), then checks every paper's net votes.
 */
const rules: Array<[string, VoteEvent[], Record<string, number>, VoteOutcome['status'] | string]> = [
  ['keycap n on a digest is +1 for paper n', [add('digest-1', 'u1', '2')], { B: 1 }, 'applied'],
  ['removing the reaction removes the vote', [add('digest-1', 'u1', '2', 0), remove('digest-1', 'u1', '2', 1)], {}, 'applied'],
  [
    're-adding after removing counts again, once',
    [add('digest-1', 'u1', '2', 0), remove('digest-1', 'u1', '2', 1), add('digest-1', 'u1', '2', 2)],
    { B: 1 },
    'applied',
  ],
  ['reacting twice with the same emoji counts once', [add('digest-1', 'u1', '2', 0), add('digest-1', 'u1', '2', 5)], { B: 1 }, 'applied'],
  ['the same paper on two messages counts once', [add('digest-1', 'u1', '1', 0), add('digest-2', 'u1', '2', 1)], { A: 1 }, 'applied'],
  ['a keycap on a digest and 👍 on the paper alone count once', [add('digest-1', 'u1', '1', 0), add('single-A', 'u1', 'up', 1)], { A: 1 }, 'applied'],
  ['👍 is +1 and 👎 is −1 on a single-paper message', [add('single-A', 'u1', 'up'), add('single-B', 'u1', 'down')], { A: 1, B: -1 }, 'applied'],
  ['👍 then 👎 on the same paper: the later one wins', [add('single-A', 'u1', 'up', 0), add('single-A', 'u1', 'down', 1)], { A: -1 }, 'applied'],
  [
    '👍 and 👎 arriving out of order: the later by event time still wins',
    [add('single-A', 'u1', 'up', 9), add('single-A', 'u1', 'down', 3)],
    { A: 1 },
    'applied',
  ],
  [
    'removing the later of 👍/👎 brings back the earlier, still shown',
    [add('single-A', 'u1', 'up', 0), add('single-A', 'u1', 'down', 1), remove('single-A', 'u1', 'down', 2)],
    { A: 1 },
    'applied',
  ],
  ['a removal that arrives before its add leaves no vote', [remove('digest-1', 'u1', '2', 5), add('digest-1', 'u1', '2', 1)], {}, 'applied'],
  [
    'the same event delivered three times counts once',
    [add('digest-1', 'u1', '3', 0), add('digest-1', 'u1', '3', 0), add('digest-1', 'u1', '3', 0), add('digest-1', 'u2', '3', 0)],
    { C: 2 },
    'applied',
  ],
  [
    'a redelivered event id is dropped, even stamped with a new time',
    [add('digest-1', 'u1', '3', 0, { eventId: 'e1' }), remove('digest-1', 'u1', '3', 1, { eventId: 'e2' }), add('digest-1', 'u1', '3', 7, { eventId: 'e1' })],
    {},
    'duplicate',
  ],
  ['votes of different users add up', [add('single-A', 'u1', 'up'), add('single-A', 'u2', 'up'), add('single-A', 'u3', 'down')], { A: 1 }, 'applied'],
  ["the bot's own reaction never counts", [add('digest-1', BOT, '1')], {}, 'own-reaction'],
  ['a message with no post record is ignored', [add('unknown-msg', 'u1', '1')], {}, 'unknown-message'],
  ['an unrelated emoji is ignored', [add('digest-1', 'u1', '🎉')], {}, 'not-a-vote-emoji'],
  ["a platform emoji that spells a neutral name is ignored (Slack's 🆙)", [add('single-A', 'u1', 'raw:up')], {}, 'not-a-vote-emoji'],
  ['keycap 4 on a digest of 3 papers is ignored', [add('digest-1', 'u1', '4')], {}, 'no-such-paper'],
  ['👍/👎 on a digest are ignored', [add('digest-1', 'u1', 'up'), add('digest-1', 'u1', 'down')], {}, 'thumbs-on-digest'],
  ['a keycap on a single-paper message is ignored', [add('single-A', 'u1', '1')], {}, 'keycap-on-single'],
  ['an event with no user is ignored', [add('single-A', '', 'up')], {}, 'invalid-event'],
  ['an event with an invalid time is ignored', [{ ...add('single-A', 'u1', 'up'), at: new Date(NaN) }], {}, 'invalid-event'],
];

describe.each(backendCases())('voting rules on $name', ({ url }) => {
  let store: Store;
  let n = 0;
  beforeAll(async () => {
    if (url) store = await openTestStore(url);
  });
  afterAll(async () => store?.close());

  /** Each row gets its own community so rows cannot see each other's votes. */
  async function world(): Promise<VotesWorld & { community: string }> {
    const community = `g${++n}`;
    const w = votesOn(store);
    const here = where(community);
    await w.posts.record(here, 'digest-1', ['A', 'B', 'C'], 'digest', at(-60));
    await w.posts.record(here, 'digest-2', ['C', 'A'], 'digest', at(-60));
    await w.posts.record(here, 'single-A', ['A'], 'single', at(-60));
    await w.posts.record(here, 'single-B', ['B'], 'single', at(-60));
    return { ...w, community };
  }

  it.skipIf(!url).each(rules)('%s', async (_name, events, expected, lastOutcome) => {
    const { votes, community } = await world();
    let last: VoteOutcome | undefined;
    for (const e of events) last = await votes.handle({ ...e, where: where(community) }, { botUserId: BOT });
    expect(await nets(votes, ['A', 'B', 'C'], community)).toEqual(expected);
    expect(last?.status === 'applied' ? 'applied' : last?.reason).toBe(lastOutcome);
  });

  it.skipIf(!url)('keeps communities apart: a vote in one is not seen in another', async () => {
    const { votes, community } = await world();
    await votes.handle({ ...add('single-A', 'u1', 'up'), where: where(community) });
    expect(await nets(votes, ['A'], community)).toEqual({ A: 1 });
    expect(await nets(votes, ['A'], 'elsewhere')).toEqual({});
  });

  it.skipIf(!url)('ignores bot ids given at creation as well as per event', async () => {
    const { community } = await world();
    const { votes } = votesOn(store, { botUserIds: ['other-bot'] });
    const outcome = await votes.handle({ ...add('single-A', 'other-bot', 'up'), where: where(community) });
    expect(outcome).toEqual({ status: 'ignored', reason: 'own-reaction' });
  });

  it.skipIf(!url)('reports what an applied event did', async () => {
    const { votes, community } = await world();
    const e = reaction('single-B', 'u1', 'down', true, 0);
    expect(await votes.handle({ ...e, where: where(community) })).toEqual({ status: 'applied', paperId: 'B', value: -1, added: true });
  });
});
