/** Details and Cite on Slack: Block Kit actions under the bot's messages, signed block_actions to the real Bolt receiver. */
import { afterEach, describe, expect, it } from 'vitest';
import { blocksSize, SLACK_LIMITS } from '../../adapters/slack/render.ts';
import { DETAILS_ALREADY } from '../../src/actions/run-action.ts';
import { GENERIC_FAILURE } from '../../commands/dispatch.ts';
import { blockActionsPayload } from '../fakes/slack-payloads.ts';
import { postInteraction, postSlashCommand } from '../fakes/slack-signing.ts';
import { SIGNING_SECRET, startSlackRig, type SlackRig } from '../helpers/slack-rig.ts';

const CHANNEL = 'C0PAPERS01';
type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Array<{ type: string; action_id: string; value?: string; options?: Array<{ text: { text: string }; value: string }> }> };

let rig: SlackRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function postReply(r: SlackRig, text: string) {
  await postSlashCommand(r.url, SIGNING_SECRET, { text, response_url: r.slack.responseUrl(`cmd-${text}`) });
  await r.adapter.idle();
  const msg = r.slack.messagesIn(CHANNEL).filter((m) => !m.thread_ts).at(-1)!;
  const record = await r.posts.find({ platform: 'slack', community: r.slack.teamId, channel: CHANNEL }, msg.ts);
  return { ts: msg.ts, blocks: msg.blocks as Block[], paperIds: record!.paperIds, reactions: msg.reactions };
}

/** A signed press; resolves with the HTTP answer (the ack) once the listener has finished. */
async function press(r: SlackRig, id: string, action: Parameters<typeof blockActionsPayload>[0]) {
  const res = await postInteraction(r.url, SIGNING_SECRET, blockActionsPayload({ channel: CHANNEL, responseUrl: r.slack.responseUrl(id), ...action }));
  await r.adapter.idle();
  return { status: res.status, answers: r.slack.responsesTo(id).map((c) => c.parsed as { text: string; response_type: string; replace_original?: unknown; blocks?: Block[] }) };
}

const threadReplies = (r: SlackRig, ts: string) => r.slack.messagesIn(CHANNEL).filter((m) => m.thread_ts === ts);

describe('Details and Cite on Slack (HTTP mode, real Bolt)', () => {
  it('a 10-paper digest has one actions block with three menus, within 50 blocks and the size budget; its keycaps stay', async () => {
    const r = (rig = await startSlackRig());
    const { blocks, paperIds, reactions } = await postReply(r, 'today 10');
    expect(paperIds).toHaveLength(10);
    const actions = blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(1);
    expect(actions[0]!.elements!.map((e) => [e.type, e.action_id])).toEqual([['static_select', 'pb:details'], ['static_select', 'pb:cite'], ['static_select', 'pb:similar']]);
    for (const e of actions[0]!.elements!) expect(e.options!.map((o) => o.value)).toEqual(paperIds);
    expect(actions[0]!.elements![0]!.options![2]!.text.text).toMatch(/^3\. /);
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(blocksSize(blocks as never)).toBeLessThanOrEqual(SLACK_LIMITS.blocksJson);
    expect(reactions).toHaveLength(10);
  });

  it('Details posts once in the message thread; a later press, two racing presses and a fresh instance (a restart) do not post again', async () => {
    const r = (rig = await startSlackRig());
    const { ts, paperIds } = await postReply(r, 'today 10');
    const id = paperIds[2]!;
    const paper = await r.core.papers.getPaper(id);
    const first = await press(r, 'p1', { actionId: 'pb:details', selectedValue: id, messageTs: ts });
    expect(first.status).toBe(200);
    expect(first.answers).toEqual([expect.objectContaining({ response_type: 'ephemeral', text: 'Details posted in the thread under this message.' })]);
    const [details, ...more] = threadReplies(r, ts);
    expect(more).toEqual([]);
    const text = (details!.blocks as Block[]).map((b) => b.text?.text ?? '').join('\n').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    expect(text).toContain(`*Authors (${paper.authors.length})*`);
    expect(text).toContain(paper.authors.join(', '));
    expect(text).toContain(paper.summary.replace(/\s+/g, ' ').trim().slice(0, 200));
    expect(text).toContain(`💬 ${paper.comments} on HF`);

    const again = await press(r, 'p2', { actionId: 'pb:details', selectedValue: id, messageTs: ts, user: 'U0HUMAN002' });
    expect(again.answers.map((a) => a.text)).toEqual([DETAILS_ALREADY]);
    const other = paperIds[6]!;
    const racing = await Promise.all([
      press(r, 'p3', { actionId: 'pb:details', selectedValue: other, messageTs: ts }),
      press(r, 'p4', { actionId: 'pb:details', selectedValue: other, messageTs: ts, user: 'U0HUMAN002' }),
    ]);
    expect(racing.map((p) => p.status)).toEqual([200, 200]);
    expect(threadReplies(r, ts)).toHaveLength(2);

    // A second instance started afresh (as after a restart) shares only the store with the first.
    const { startSlackAdapter } = await import('../../adapters/slack/slack-adapter.ts');
    const restarted = await startSlackAdapter({
      botToken: 'xoxb-test', signingSecret: SIGNING_SECRET, apiUrl: r.slack.apiUrl, adminUsers: [], adminCacheMs: 60_000, port: 0, host: '127.0.0.1',
      deps: r.deps, posts: r.core.posts, store: r.core.store, log: r.deps.log,
    });
    const url = `http://127.0.0.1:${restarted.port}/slack/events`;
    await postInteraction(url, SIGNING_SECRET, blockActionsPayload({ channel: CHANNEL, actionId: 'pb:details', selectedValue: id, messageTs: ts, responseUrl: r.slack.responseUrl('p5') }));
    await restarted.idle();
    await restarted.stop();
    expect(r.slack.responsesTo('p5').map((c) => (c.parsed as { text: string }).text)).toEqual([DETAILS_ALREADY]);
    expect(threadReplies(r, ts)).toHaveLength(2);
  });

  it('a press whose post landed but whose answer was lost finds that post in the thread by its metadata and posts nothing', async () => {
    const r = (rig = await startSlackRig());
    const { ts, paperIds } = await postReply(r, 'today 3');
    const id = paperIds[1]!;
    r.slack.failNext({ method: 'chat.postMessage', kind: 'lost' }); // stored, then answered 500
    const lost = await press(r, 'l1', { actionId: 'pb:details', selectedValue: id, messageTs: ts });
    expect(lost.answers.map((a) => a.text)).toEqual([GENERIC_FAILURE]);
    expect(threadReplies(r, ts)).toHaveLength(1); // landed once: the post is never retried blindly
    const lookupsBefore = r.slack.callsTo('conversations.replies').length;

    const next = await press(r, 'l2', { actionId: 'pb:details', selectedValue: id, messageTs: ts, user: 'U0HUMAN002' });
    expect(next.answers.map((a) => a.text)).toEqual(['Details posted in the thread under this message.']);
    expect(threadReplies(r, ts)).toHaveLength(1);
    expect(r.slack.callsTo('conversations.replies').length).toBe(lookupsBefore + 1);
    const record = await r.deps.details!.find({ where: { platform: 'slack', community: r.slack.teamId, channel: CHANNEL }, messageId: ts, paperId: id });
    expect(record).toMatchObject({ threadId: ts, postId: threadReplies(r, ts)[0]!.ts });
    const third = await press(r, 'l3', { actionId: 'pb:details', selectedValue: id, messageTs: ts });
    expect(third.answers.map((a) => a.text)).toEqual([DETAILS_ALREADY]);
    expect(r.slack.callsTo('conversations.replies').length).toBe(lookupsBefore + 1); // the record answers from now on
  });

  it('a card has Details, Cite and Similar buttons; Cite answers the presser alone with BibTeX and posts nothing', async () => {
    const r = (rig = await startSlackRig());
    const { ts, blocks, paperIds } = await postReply(r, 'today 1');
    const id = paperIds[0]!;
    const card = await postReply(r, `paper ${id}`);
    expect(card.blocks.at(-1)!.elements!.map((e) => [e.type, e.action_id, e.value])).toEqual([['button', `pb:details:${id}`, id], ['button', `pb:cite:${id}`, id], ['button', `pb:similar:${id}`, id]]);
    expect(blocks.at(-1)!.type).toBe('actions');
    const posted = r.slack.messagesIn(CHANNEL).length;
    const cite = await press(r, 'c1', { actionId: `pb:cite:${id}`, value: id, messageTs: card.ts });
    expect(cite.answers).toHaveLength(1);
    expect(cite.answers[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const code = cite.answers[0]!.blocks![0]!.text!.text;
    expect(code).toMatch(/^```@misc\{[a-z0-9]+,\n/);
    expect(code).toContain(`  eprint        = {${id}},`);
    expect(code).toMatch(/\n\}```$/);
    expect(r.slack.messagesIn(CHANNEL)).toHaveLength(posted);
    expect(threadReplies(r, ts)).toEqual([]);
  });

  it('Similar answers the presser alone with the archive list of /papers similar, the pressed paper left out; nothing is posted', async () => {
    const r = (rig = await startSlackRig());
    const { ts, paperIds } = await postReply(r, 'today 10');
    await r.core.archive.start();
    const id = paperIds[0]!;
    const paper = await r.core.papers.getPaper(id);
    const posted = r.slack.messagesIn(CHANNEL).length;
    const { status, answers } = await press(r, 's1', { actionId: 'pb:similar', selectedValue: id, messageTs: ts });
    expect(status).toBe(200);
    expect(answers.length).toBeGreaterThan(0);
    for (const a of answers) expect(a).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const text = answers.flatMap((a) => (a.blocks ?? []).map((b) => b.text?.text ?? '')).join('\n');
    expect(answers[0]!.text).toContain(`Similar to · ${paper.title.replace(/\s+/g, ' ')}`.slice(0, 40));
    expect(text).toContain('shared terms');
    const listed = [...text.matchAll(/huggingface\.co\/papers\/(\d{4}\.\d{4,5})/g)].map((m) => m[1]);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed).not.toContain(id);
    expect(r.slack.messagesIn(CHANNEL)).toHaveLength(posted);
    expect(threadReplies(r, ts)).toEqual([]);
  });

  it('on an ephemeral list, Details answers the presser privately (no thread to post in)', async () => {
    const r = (rig = await startSlackRig());
    const { paperIds } = await postReply(r, 'today 2');
    const { answers } = await press(r, 'e1', { actionId: 'pb:details', selectedValue: paperIds[1]!, isEphemeral: true });
    expect(answers).toHaveLength(1);
    expect(answers[0]!.response_type).toBe('ephemeral');
    expect(answers[0]!.blocks!.some((b) => b.text?.text.startsWith('*Abstract*'))).toBe(true);
    expect(r.slack.messagesIn(CHANNEL).filter((m) => m.thread_ts)).toEqual([]);
  });

  it('ignores a forged press: nothing posted, nothing answered', async () => {
    const r = (rig = await startSlackRig());
    const { ts, paperIds } = await postReply(r, 'today 3');
    const forged = await postInteraction(r.url, 'wrong-secret', blockActionsPayload({ channel: CHANNEL, actionId: 'pb:details', selectedValue: paperIds[0]!, messageTs: ts, responseUrl: r.slack.responseUrl('f1') }));
    await r.adapter.idle();
    expect(forged.status).toBe(401);
    expect(r.slack.responsesTo('f1')).toEqual([]);
    expect(threadReplies(r, ts)).toEqual([]);
  });
});
