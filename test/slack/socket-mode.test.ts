/** The real Bolt app in Socket Mode, over the fake Slack's WebSocket. */
import { afterEach, describe, expect, it } from 'vitest';
import { eventCallback, reactionAddedEvent, slashCommandPayload } from '../fakes/slack-payloads.ts';
import { startFakeSlack } from '../fakes/slack-server.ts';
import { SLACK_KEYCAPS, fixtureOrder, startSlackRig, titlesIn, type SlackRig } from '../helpers/slack-rig.ts';

let rig: SlackRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('Slack Socket Mode', () => {
  it('connects with the app token and answers /papers today through the socket', async () => {
    const r = (rig = await startSlackRig({ mode: 'socket' }));
    expect(r.adapter.mode).toBe('socket');
    expect(r.slack.callsTo('apps.connections.open')[0]?.token).toBe('xapp-test');
    const ack = await r.slack.sendEnvelope('slash_commands', slashCommandPayload({ text: 'today 5', response_url: r.slack.responseUrl('s') }));
    expect(ack.payload ?? {}).toEqual({});
    await r.adapter.idle();
    const [msg] = r.slack.messagesIn('C0PAPERS01');
    expect(titlesIn(msg!.blocks)).toEqual(fixtureOrder(r.hf, '2026-08-20').slice(0, 5));
    expect(msg!.reactions).toEqual(SLACK_KEYCAPS.slice(0, 5));
  });

  it('turns a reaction envelope on the digest into a vote for the tenth paper', async () => {
    const r = (rig = await startSlackRig({ mode: 'socket' }));
    await r.slack.sendEnvelope('slash_commands', slashCommandPayload({ text: 'today', response_url: r.slack.responseUrl('s') }));
    await r.adapter.idle();
    const ts = r.slack.messagesIn('C0PAPERS01')[0]!.ts;
    const ev = reactionAddedEvent({ user: 'U0HUMAN001', reaction: 'keycap_ten', channel: 'C0PAPERS01', ts });
    await r.slack.sendEnvelope('events_api', eventCallback(ev, { eventId: 'EvSock1', teamId: r.slack.teamId }));
    await expect.poll(() => r.votes.length).toBe(1);
    await r.adapter.idle();
    expect(r.votes[0]).toMatchObject({ emoji: '10', messageId: ts, eventId: 'EvSock1', added: true });
    const tenth = (await r.posts.find({ platform: 'slack', community: r.slack.teamId, channel: 'C0PAPERS01' }, ts))!.paperIds[9]!;
    await expect.poll(async () => (await r.core.votes.netVotes(r.slack.teamId, [tenth])).get(tenth)).toBe(1);
  });

  it('fails fast with a clear message when the bot token is refused', async () => {
    const slack = await startFakeSlack();
    slack.failNext({ method: 'auth.test', kind: 'error', error: 'invalid_auth' });
    const failing = startSlackRig({ mode: 'socket', adapter: { apiUrl: slack.apiUrl } });
    await expect(failing).rejects.toThrow(/Slack rejected SLACK_BOT_TOKEN \(auth.test: invalid_auth\)/);
    await slack.close();
  });

  it('fails with a different message when Slack cannot be reached', async () => {
    const slack = await startFakeSlack();
    const apiUrl = slack.apiUrl;
    await slack.close();
    await expect(startSlackRig({ mode: 'socket', adapter: { apiUrl } })).rejects.toThrow(/Could not reach Slack at http:\/\/127\.0\.0\.1/);
  });
});
