/** A daily post end to end on Slack: /papers channel set → scheduler tick → delivery queue → Slack sender → votes. */
import { afterEach, describe, expect, it } from 'vitest';
import { reactionAddedEvent } from '../fakes/slack-payloads.ts';
import { postEvent, postSlashCommand } from '../fakes/slack-signing.ts';
import { SLACK_KEYCAPS, SIGNING_SECRET, fixtureOrder, startSlackRig, titlesIn, type SlackRig } from '../helpers/slack-rig.ts';
import { waitFor } from '../helpers/wait.ts';

let rig: SlackRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const ADMIN = 'U0ADMIN001';

async function turnOn(r: SlackRig, channel: string) {
  await postSlashCommand(r.url, SIGNING_SECRET, { text: 'channel set 13:00 UTC count:5', user_id: ADMIN, channel_id: channel, response_url: r.slack.responseUrl(channel) });
  await r.adapter.idle();
  expect(r.slack.responsesTo(channel)[0]?.parsed.text).toMatch(/Daily papers here: 13:00 UTC/);
}

async function tickAt(r: SlackRig, iso: string) {
  const report = await r.core.scheduler.tick(new Date(iso));
  await waitFor(async () => (await r.core.delivery.pendingItems()).length === 0, 'the queue to drain');
  return report;
}

describe('Slack daily posts', () => {
  it('posts the day’s top papers at the chosen time, with keycaps, and reactions on it become votes', async () => {
    const r = (rig = await startSlackRig({ fake: { users: { [ADMIN]: { is_admin: true } } } }));
    await turnOn(r, 'C0PAPERS01');
    expect((await tickAt(r, '2026-08-20T13:00:00Z')).queued).toBe(1);
    const [post] = r.slack.messagesIn('C0PAPERS01');
    expect(titlesIn(post!.blocks)).toEqual(fixtureOrder(r.hf, '2026-08-20').slice(0, 5));
    expect(post!.reactions).toEqual(SLACK_KEYCAPS.slice(0, 5));
    const where = { platform: 'slack' as const, community: r.slack.teamId, channel: 'C0PAPERS01' };
    expect((await r.posts.find(where, post!.ts))?.kind).toBe('digest');

    const ev = reactionAddedEvent({ user: 'U0HUMAN001', reaction: 'four', channel: 'C0PAPERS01', ts: post!.ts });
    await postEvent(r.url, SIGNING_SECRET, ev, { eventId: 'EvDaily1', teamId: r.slack.teamId });
    await r.adapter.idle();
    expect(r.votes).toMatchObject([{ emoji: '4', messageId: post!.ts, where }]);
    const fourth = (await r.posts.find(where, post!.ts))!.paperIds[3]!;
    expect((await r.core.votes.netVotes(r.slack.teamId, [fourth])).get(fourth)).toBe(1);
  });

  it('stops posting to a channel Slack says does not exist, and says so in /papers channel show', async () => {
    const r = (rig = await startSlackRig({ fake: { users: { [ADMIN]: { is_admin: true } }, channels: ['C0PAPERS01'] } }));
    await turnOn(r, 'C0DELETED1');
    await tickAt(r, '2026-08-20T13:00:00Z');
    const gone = { platform: 'slack' as const, community: r.slack.teamId, channel: 'C0DELETED1' };
    expect(await r.core.delivery.destinations.failureOf(gone)).toMatchObject({ reason: 'channel_not_found' });
    expect(await tickAt(r, '2026-08-21T13:00:00Z')).toMatchObject({ due: 1, queued: 0, paused: 1 });
    expect(r.slack.callsTo('chat.postMessage')).toHaveLength(1);
    await postSlashCommand(r.url, SIGNING_SECRET, { text: 'channel show', user_id: ADMIN, channel_id: 'C0DELETED1', response_url: r.slack.responseUrl('show') });
    await r.adapter.idle();
    expect(r.slack.responsesTo('show')[0]?.parsed.text).toMatch(/channel_not_found/);
  });
});
