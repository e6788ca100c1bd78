/** Reactions on the bot's paper messages → neutral VoteEvents → the real votes core, through the real Bolt app. */
import { afterEach, describe, expect, it } from 'vitest';
import { voteFromReaction, type SlackReaction } from '../../adapters/slack/votes.ts';
import { eventCallback, reactionAddedEvent } from '../fakes/slack-payloads.ts';
import { postEvent, postSignedJson, postSlashCommand } from '../fakes/slack-signing.ts';
import { SIGNING_SECRET, startSlackRig, type SlackRig } from '../helpers/slack-rig.ts';

const BOT = 'U0FAKEBOT1';

describe('voteFromReaction', () => {
  const base: SlackReaction = {
    type: 'reaction_added',
    user: 'U0HUMAN001',
    reaction: 'two',
    item_user: BOT,
    item: { type: 'message', channel: 'C0PAPERS01', ts: '1700000000.000100' },
    event_ts: '1787000000.000200',
  };
  const envelope = { teamId: 'T0FAKE0001', eventId: 'Ev01' };

  it('maps every field of a reaction on the bot’s message', () => {
    expect(voteFromReaction(base, envelope, BOT)).toEqual({
      where: { platform: 'slack', community: 'T0FAKE0001', channel: 'C0PAPERS01' },
      messageId: '1700000000.000100',
      userId: 'U0HUMAN001',
      emoji: '2',
      added: true,
      at: new Date(1787000000000.2),
      eventId: 'Ev01',
    });
    expect(voteFromReaction({ ...base, type: 'reaction_removed' }, envelope, BOT)?.added).toBe(false);
  });

  it.each([
    ['one', '1'],
    ['keycap_ten', '10'],
    ['+1', 'up'],
    ['thumbsup', 'up'],
    ['+1::skin-tone-4', 'up'],
    ['-1', 'down'],
    ['thumbsdown', 'down'],
    ['tada', 'tada'],
    ['up', 'raw:up'],
  ])('names the Slack reaction %s as %s (the votes core’s mapping)', (reaction, emoji) => {
    expect(voteFromReaction({ ...base, reaction }, envelope, BOT)?.emoji).toBe(emoji);
  });

  it.each([
    ['the bot’s own reaction', { user: BOT }],
    ['a reaction on someone else’s message', { item_user: 'U0HUMAN002' }],
    ['a reaction on a file', { item: { type: 'file' } }],
  ])('ignores %s', (_, patch) => {
    expect(voteFromReaction({ ...base, ...patch } as SlackReaction, envelope, BOT)).toBeUndefined();
  });
});

let rig: SlackRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function postDigest(r: SlackRig) {
  const id = `t${r.slack.messagesIn('C0PAPERS01').length}`;
  await postSlashCommand(r.url, SIGNING_SECRET, { text: 'today', response_url: r.slack.responseUrl(id) });
  await r.adapter.idle();
  const msg = r.slack.messagesIn('C0PAPERS01').at(-1)!;
  const record = await r.posts.find({ platform: 'slack', community: r.slack.teamId, channel: 'C0PAPERS01' }, msg.ts);
  return { ts: msg.ts, paperIds: record!.paperIds };
}

async function react(r: SlackRig, ts: string, reaction: string, eventId: string, type = 'reaction_added', user = 'U0HUMAN001') {
  const ev = { ...reactionAddedEvent({ user, reaction, channel: 'C0PAPERS01', ts }), type };
  const res = await postEvent(r.url, SIGNING_SECRET, ev, { eventId, teamId: r.slack.teamId });
  await r.adapter.idle();
  expect(res.status).toBe(200);
}

const net = async (r: SlackRig, ids: string[]) => [...(await r.core.votes.netVotes(r.slack.teamId, ids)).values()];

describe('Slack reaction votes end to end (HTTP mode, real votes core)', () => {
  it('a keycap votes for that paper of the digest; removing it removes the vote', async () => {
    const r = (rig = await startSlackRig());
    const { ts, paperIds } = await postDigest(r);
    await react(r, ts, 'two', 'Ev0A');
    expect(await net(r, paperIds.slice(0, 3))).toEqual([0, 1, 0]);
    await react(r, ts, 'two', 'Ev0B', 'reaction_removed');
    expect(await net(r, paperIds.slice(0, 3))).toEqual([0, 0, 0]);
    expect(r.votes.map((v) => [v.emoji, v.added, v.messageId, v.eventId])).toEqual([
      ['2', true, ts, 'Ev0A'],
      ['2', false, ts, 'Ev0B'],
    ]);
  });

  it('counts a redelivered event once, and one vote per user per paper across messages', async () => {
    const r = (rig = await startSlackRig());
    const first = await postDigest(r);
    const second = await postDigest(r);
    expect(second.paperIds[0]).toBe(first.paperIds[0]);
    const body = eventCallback(reactionAddedEvent({ user: 'U0HUMAN001', reaction: 'one', channel: 'C0PAPERS01', ts: first.ts }), {
      eventId: 'Ev0SAME',
      teamId: r.slack.teamId,
    });
    await postSignedJson(r.url, SIGNING_SECRET, body);
    await postSignedJson(r.url, SIGNING_SECRET, body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    await react(r, second.ts, 'one', 'Ev0OTHER');
    await r.adapter.idle();
    expect(await net(r, [first.paperIds[0]!])).toEqual([1]);
    await react(r, first.ts, 'one', 'Ev0BOB', 'reaction_added', 'U0HUMAN002');
    expect(await net(r, [first.paperIds[0]!])).toEqual([2]);
  });

  it('never counts the bot’s own keycaps, nor reactions on messages that are not paper posts', async () => {
    const r = (rig = await startSlackRig());
    const { ts, paperIds } = await postDigest(r);
    await react(r, ts, 'one', 'Ev0C', 'reaction_added', BOT);
    await react(r, '1699999999.000001', 'one', 'Ev0D');
    expect(r.votes.map((v) => v.eventId)).toEqual(['Ev0D']);
    expect(await net(r, paperIds.slice(0, 1))).toEqual([0]);
  });
});
