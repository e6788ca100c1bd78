/** The real Bolt app in HTTP mode, driven by signed requests, against the fake Slack and fake Hugging Face. */
import { afterEach, describe, expect, it } from 'vitest';
import { reactionAddedEvent } from '../fakes/slack-payloads.ts';
import { postEvent, postSlashCommand } from '../fakes/slack-signing.ts';
import { backendCases } from '../helpers/backends.ts';
import { SLACK_KEYCAPS, SIGNING_SECRET, fixtureOrder, startSlackRig, titlesIn, type SlackRig } from '../helpers/slack-rig.ts';

type Block = { type: string; text?: { text: string } };

let rig: SlackRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function command(r: SlackRig, text: string, fields: Record<string, string> = {}) {
  const res = await postSlashCommand(r.url, SIGNING_SECRET, { text, response_url: r.slack.responseUrl(text), ...fields });
  await r.adapter.idle();
  return res;
}

describe.each(backendCases())('Slack HTTP mode ($name store)', ({ url }) => {
  it.skipIf(!url)('answers /papers today with a public Block Kit digest in upvote order, recorded for votes, with keycaps added', async () => {
    const r = (rig = await startSlackRig({ storeUrl: url }));
    const res = await command(r, 'today');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const [post] = r.slack.callsTo('chat.postMessage');
    expect(post?.parsed).toMatchObject({ channel: 'C0PAPERS01', unfurl_links: 'false', unfurl_media: 'false' });
    const [msg] = r.slack.messagesIn('C0PAPERS01');
    const expected = fixtureOrder(r.hf, '2026-08-20').slice(0, 10);
    expect(titlesIn(msg!.blocks)).toEqual(expected);
    expect((msg!.blocks as Block[])[0]).toMatchObject({ type: 'header', text: { text: 'Trending papers · 2026-08-20' } });
    expect(msg!.text).toContain(expected[0]!.slice(0, 30));
    expect(msg!.reactions).toEqual([...SLACK_KEYCAPS]);
    const record = await r.posts.find({ platform: 'slack', community: r.slack.teamId, channel: 'C0PAPERS01' }, msg!.ts);
    expect(record?.kind).toBe('digest');
    expect(record?.paperIds).toHaveLength(10);
    expect(r.slack.responsesTo('today')).toHaveLength(0);
  });

  it.skipIf(!url)('answers privately through response_url for --private, help and errors, posting nothing', async () => {
    const r = (rig = await startSlackRig({ storeUrl: url }));
    await command(r, 'today 3 --private');
    await command(r, 'help');
    await command(r, 'today banana');
    const [priv] = r.slack.responsesTo('today 3 --private');
    expect(priv?.parsed.response_type).toBe('ephemeral');
    expect(titlesIn(priv?.parsed.blocks)).toHaveLength(3);
    expect(r.slack.responsesTo('help')[0]?.parsed.text).toContain('/papers today [&lt;limit&gt;]');
    expect(r.slack.responsesTo('today banana')[0]?.parsed).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/did not understand "banana"/) });
    expect(r.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it.skipIf(!url)('tries response_url once more when it fails', async () => {
    const r = (rig = await startSlackRig({ storeUrl: url }));
    r.slack.failNext({ method: 'response_url', kind: '500' });
    await command(r, 'help');
    expect(r.slack.responsesTo('help').map((c) => c.status)).toEqual([500, 200]);
  });

  it.skipIf(!url)('answers privately, and says why, where it cannot post publicly', async () => {
    const r = (rig = await startSlackRig({ storeUrl: url, fake: { channels: ['C0PAPERS01'] } }));
    await command(r, 'today 2', { channel_id: 'C0PRIVATE1' });
    const answers = r.slack.responsesTo('today 2');
    expect(answers[0]?.parsed.text).toMatch(/can't post in this channel/);
    expect(answers[1]?.parsed.response_type).toBe('ephemeral');
    expect(titlesIn(answers[1]?.parsed.blocks)).toHaveLength(2);
  });
});

describe('Slack HTTP mode request verification', () => {
  it.each([
    ['a forged signature', { forgeWithSecret: 'wrong-secret' }],
    ['a garbage signature', { forgeSignature: true }],
    ['a timestamp 6 minutes old', { staleBySec: 6 * 60 }],
    ['no signing headers', { omitHeaders: true as const }],
    ['no timestamp header', { omitHeaders: 'timestamp' as const }],
    ['a body altered after signing', { alterBodyAfterSigning: (b: string) => b.replace('today', 'help') }],
  ])('rejects %s with 401 and runs nothing', async (_, spoil) => {
    const r = (rig = await startSlackRig());
    const res = await postSlashCommand(r.url, SIGNING_SECRET, { text: 'today', response_url: r.slack.responseUrl('x') }, spoil);
    await r.adapter.idle();
    expect(res.status).toBe(401);
    expect(r.slack.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('accepts a request signed 4 minutes ago', async () => {
    const r = (rig = await startSlackRig());
    const res = await postSlashCommand(r.url, SIGNING_SECRET, { text: 'help', response_url: r.slack.responseUrl('h') }, { staleBySec: 240 });
    await r.adapter.idle();
    expect(res.status).toBe(200);
    expect(r.slack.responsesTo('h')).toHaveLength(1);
  });

  it('rejects a forged reaction event', async () => {
    const r = (rig = await startSlackRig());
    const ev = reactionAddedEvent({ user: 'U0HUMAN001', reaction: 'one', channel: 'C0PAPERS01', ts: '1700000000.000100' });
    const res = await postEvent(r.url, SIGNING_SECRET, ev, {}, { forgeWithSecret: 'nope' });
    expect(res.status).toBe(401);
    expect(r.votes).toEqual([]);
  });
});
