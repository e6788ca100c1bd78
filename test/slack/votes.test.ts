/** Reactions on the bot's paper messages → neutral VoteEvents, through the real Bolt app. */
import { afterEach, describe, expect, it } from 'vitest';
import { neutralEmoji } from '../../adapters/slack/emoji.ts';
import { voteFromReaction, type SlackReaction } from '../../adapters/slack/votes.ts';
import { eventCallback, reactionAddedEvent } from '../fakes/slack-payloads.ts';
import { postEvent, postSignedJson, postSlashCommand } from '../fakes/slack-signing.ts';
import { SIGNING_SECRET, startSlackRig, type SlackRig } from '../helpers/slack-rig.ts';

const BOT = 'U0FAKEBOT1';

describe('Slack reaction names → neutral emoji', () => {
  it.each([
    ['one', '1'],
    ['nine', '9'],
    ['keycap_ten', '10'],
    ['+1', 'up'],
    ['thumbsup', 'up'],
    ['+1::skin-tone-4', 'up'],
    ['-1', 'down'],
    ['thumbsdown::skin-tone-2', 'down'],
    ['tada', 'tada'],
    ['up', 'raw:up'],
    ['10', 'raw:10'],
    ['constructor', 'constructor'],
  ])('%s → %s', (slack, neutral) => expect(neutralEmoji(slack)).toBe(neutral));
});

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
  await postSlashCommand(r.url, SIGNING_SECRET, { text: 'today', response_url: r.slack.responseUrl('t') });
  await r.adapter.idle();
  const [msg] = r.slack.messagesIn('C0PAPERS01');
  const record = await r.posts.find({ platform: 'slack', community: r.slack.teamId, channel: 'C0PAPERS01' }, msg!.ts);
  return { ts: msg!.ts, paperIds: record!.paperIds };
}

async function react(r: SlackRig, ts: string, reaction: string, eventId: string, type = 'reaction_added', user = 'U0HUMAN001') {
  const ev = { ...reactionAddedEvent({ user, reaction, channel: 'C0PAPERS01', ts }), type };
  const res = await postEvent(r.url, SIGNING_SECRET, ev, { eventId, teamId: r.slack.teamId });
  await r.adapter.idle();
  expect(res.status).toBe(200);
}

describe('Slack reaction votes end to end (HTTP mode)', () => {
  it('turns reaction_added and reaction_removed on a digest into VoteEvents for that message', async () => {
    const r = (rig = await startSlackRig());
    const { ts } = await postDigest(r);
    await react(r, ts, 'two', 'Ev0A');
    await react(r, ts, 'two', 'Ev0B', 'reaction_removed');
    expect(r.votes.map((v) => [v.emoji, v.added, v.messageId, v.eventId, v.where.channel, v.where.community])).toEqual([
      ['2', true, ts, 'Ev0A', 'C0PAPERS01', r.slack.teamId],
      ['2', false, ts, 'Ev0B', 'C0PAPERS01', r.slack.teamId],
    ]);
  });

  it('never passes on the bot’s own keycaps', async () => {
    const r = (rig = await startSlackRig());
    const { ts } = await postDigest(r);
    await react(r, ts, 'one', 'Ev0C', 'reaction_added', BOT);
    expect(r.votes).toEqual([]);
  });

  it('passes the envelope event id through, so a redelivered event can be dropped', async () => {
    const r = (rig = await startSlackRig());
    const { ts } = await postDigest(r);
    const body = eventCallback(reactionAddedEvent({ user: 'U0HUMAN001', reaction: 'three', channel: 'C0PAPERS01', ts }), {
      eventId: 'Ev0SAME',
      teamId: r.slack.teamId,
    });
    await postSignedJson(r.url, SIGNING_SECRET, body);
    await postSignedJson(r.url, SIGNING_SECRET, body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    await r.adapter.idle();
    expect(r.votes.map((v) => v.eventId)).toEqual(['Ev0SAME', 'Ev0SAME']);
  });
});
