/** `/papers paper` (a single card voted with 👍/👎) and `/papers top` on Slack, with the real votes core. */
import { afterEach, describe, expect, it } from 'vitest';
import { reactionAddedEvent } from '../fakes/slack-payloads.ts';
import { postEvent, postSlashCommand } from '../fakes/slack-signing.ts';
import { NOW, SIGNING_SECRET, startSlackRig, titlesIn, type SlackRig } from '../helpers/slack-rig.ts';

let rig: SlackRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function command(r: SlackRig, text: string) {
  await postSlashCommand(r.url, SIGNING_SECRET, { text, response_url: r.slack.responseUrl(text) });
  await r.adapter.idle();
}

describe('Slack /papers paper and /papers top', () => {
  it('posts a paper given as a Slack-wrapped link as a card with 👍, and a 👍 (any skin tone) votes for it', async () => {
    const r = (rig = await startSlackRig());
    const items = r.hf.days.get('2026-08-20') as Array<{ paper: { id: string; title: string } }>;
    const { id, title } = items[3]!.paper;
    await command(r, `paper <https://huggingface.co/papers/${id}|huggingface.co/papers/${id}>`);
    const [card] = r.slack.messagesIn('C0PAPERS01');
    expect(titlesIn(card!.blocks)).toEqual([title.replace(/\s+/g, ' ').trim()]);
    expect(card!.reactions).toEqual(['thumbsup']);
    const where = { platform: 'slack' as const, community: r.slack.teamId, channel: 'C0PAPERS01' };
    expect(await r.posts.find(where, card!.ts)).toMatchObject({ kind: 'single', paperIds: [id] });

    const up = reactionAddedEvent({ user: 'U0HUMAN001', reaction: '+1::skin-tone-3', channel: 'C0PAPERS01', ts: card!.ts });
    await postEvent(r.url, SIGNING_SECRET, up, { eventId: 'EvUp1', teamId: r.slack.teamId, eventTime: NOW.getTime() / 1000 - 60 });
    await r.adapter.idle();
    expect((await r.core.votes.netVotes(r.slack.teamId, [id])).get(id)).toBe(1);

    await command(r, 'top week');
    const top = r.slack.messagesIn('C0PAPERS01').at(-1)!;
    expect(top.ts).not.toBe(card!.ts);
    expect(titlesIn(top.blocks)[0]).toBe(title.replace(/\s+/g, ' ').trim());
    expect(JSON.stringify(top.blocks)).toContain('+1 here');
  });

  it('answers an unknown paper privately with a clear message', async () => {
    const r = (rig = await startSlackRig());
    await command(r, 'paper 2608.99999');
    expect(r.slack.responsesTo('paper 2608.99999')[0]?.parsed).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/no page for arXiv 2608.99999/) });
    expect(r.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });
});
