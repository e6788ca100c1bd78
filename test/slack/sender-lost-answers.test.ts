/**
 * Exactly once on Slack when an answer is lost: every post carries its delivery key as metadata, and a retry told
 * the outcome is unknown reads the channel's history first, with the real WebClient against the fake Slack. Also the
 * fence: `mayPost` is asked before each post.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackSender, createStrictSlackClient, HISTORY_SCOPE_NOTE } from '../../adapters/slack/sender.ts';
import { createPlatformStatus, type PlatformStatus } from '../../src/delivery/platform-status.ts';
import { silentLogger } from '../../src/log.ts';
import type { Destination, Reply, SendContext, Sender } from '../../src/model.ts';
import { createPostsRegistry, type PostsRegistry } from '../../src/posts/posts.ts';
import type { Store } from '../../src/store/store.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../fakes/slack-server.ts';
import { openTestStore } from '../helpers/backends.ts';
import { allFixturePapers, ranked } from '../helpers/fixture-papers.ts';
import { SLACK_KEYCAPS } from '../helpers/slack-rig.ts';

let slack: FakeSlack;
let store: Store;
let posts: PostsRegistry;
let status: PlatformStatus;
let sender: Sender;
afterEach(async () => {
  await slack.close();
  await store.close();
});

async function setup(opts: FakeSlackOptions = {}) {
  slack = await startFakeSlack(opts);
  store = await openTestStore('memory://');
  posts = createPostsRegistry(store);
  status = createPlatformStatus(store);
  const client = createStrictSlackClient('xoxb-test', slack.apiUrl, undefined, { timeoutMs: 200 });
  sender = createSlackSender({ client, posts, store, log: silentLogger(), platformStatus: status, sleep: async () => {} });
}

const to: Destination = { platform: 'slack', community: 'T0FAKE0001', channel: 'C0PAPERS01' };
const digestOf = (n: number): Reply => ({
  kind: 'digest', title: 'Daily papers', day: '2026-08-20', papers: allFixturePapers().slice(0, n).map((p) => ranked(p)), votable: true,
});
const KEY = 'daily:slack:T0FAKE0001:C0PAPERS01:2026-08-20';
const first: SendContext = { idempotencyKey: KEY, attempt: 1 };
const retry: SendContext = { idempotencyKey: KEY, attempt: 2, outcomeUnknown: true };
const metadataOf = (part: number) => ({ event_type: 'paperboy_delivery', event_payload: { key: KEY, part } });

describe('Slack sender: a lost answer is looked up before posting again', () => {
  it('attaches the delivery key and part to every post', async () => {
    await setup();
    expect((await sender.send(to, digestOf(25), first)).ok).toBe(true);
    expect(slack.callsTo('chat.postMessage').map((c) => c.parsed.metadata)).toEqual([metadataOf(1), metadataOf(2), metadataOf(3)]);
    expect(slack.callsTo('conversations.history')).toHaveLength(0); // no lookup unless the outcome is unknown
  });

  it('a post whose answer was dropped is found by its metadata: not posted again, its ts reported, recorded and reacted to', async () => {
    await setup();
    slack.failNext({ method: 'chat.postMessage', kind: 'dropped' });
    slack.failNext({ method: 'reactions.add', kind: 'error', error: 'internal_error', times: 50 });
    expect(await sender.send(to, digestOf(3), first)).toMatchObject({ ok: false, unknown: expect.any(String) });
    slack.clearFaults();
    const [landed] = slack.messagesIn(to.channel);
    const outcome = await sender.send(to, digestOf(3), retry);
    expect(outcome).toEqual({ ok: true, messageId: landed!.ts, recordedPosts: true });
    expect(slack.messagesIn(to.channel)).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(slack.callsTo('conversations.history')[0]!.parsed).toMatchObject({ channel: to.channel, include_all_metadata: 'true' });
    expect((await posts.find(to, landed!.ts))?.paperIds).toHaveLength(3);
    expect(landed!.reactions).toEqual(SLACK_KEYCAPS.slice(0, 3));
  });

  it('a split digest: the part found is kept, the parts not found are posted', async () => {
    await setup();
    slack.failNext({ method: 'chat.postMessage', kind: 'slow', slowMs: 600 }); // the header lands
    expect(await sender.send(to, digestOf(25), first)).toMatchObject({ ok: false, unknown: 'ECONNABORTED' });
    expect(await sender.send(to, digestOf(25), retry)).toMatchObject({ ok: true });
    const shown = slack.messagesIn(to.channel).map((m) => (m.metadata as { event_payload: { part: number } }).event_payload.part);
    expect(shown).toEqual([1, 2, 3]);
  });

  it('a part the first attempt never posted is posted once the lookup finds nothing', async () => {
    await setup();
    slack.failNext({ method: 'chat.postMessage', kind: '500' });
    expect(await sender.send(to, digestOf(3), first)).toMatchObject({ ok: false, unknown: 'http 500' });
    expect((await sender.send(to, digestOf(3), retry)).ok).toBe(true);
    expect(slack.callsTo('conversations.history')).toHaveLength(1);
    expect(slack.messagesIn(to.channel)).toHaveLength(1);
  });

  it('without the history scope it posts again, as before, and says so for channel show until the scope is back', async () => {
    await setup({ revokedScopes: ['channels:history'] });
    slack.failNext({ method: 'chat.postMessage', kind: 'dropped' });
    await sender.send(to, digestOf(3), first);
    expect((await sender.send(to, digestOf(3), retry)).ok).toBe(true);
    expect(slack.messagesIn(to.channel)).toHaveLength(2);
    expect(await status.notes('slack')).toEqual([{ topic: 'history-scope', text: HISTORY_SCOPE_NOTE, since: expect.any(Number) }]);
    slack.setScope('channels:history', true);
    expect((await sender.send(to, digestOf(3), { ...retry, idempotencyKey: 'alert:2' })).ok).toBe(true);
    expect(await status.notes('slack')).toEqual([]);
  });

  it.each([
    ['rate limited', { method: 'conversations.history', kind: '429', retryAfterSec: 3 }],
    ['a 500', { method: 'conversations.history', kind: '500' }],
    ['timed out', { method: 'conversations.history', kind: 'slow', slowMs: 600 }],
    ['an error answer', { method: 'conversations.history', kind: 'error', error: 'service_unavailable' }],
  ] as const)('a lookup that fails (%s) is unknown again: never a blind post', async (_what, fault) => {
    await setup();
    slack.failNext(fault);
    expect(await sender.send(to, digestOf(3), retry)).toMatchObject({ ok: false, unknown: expect.any(String) });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('after an unknown attempt, a later failure before any post stays unknown (the first post may still be out there)', async () => {
    await setup();
    slack.failNext({ method: 'conversations.open', kind: 'error', error: 'service_unavailable' });
    expect(await sender.send({ ...to, channel: '', user: 'U0HUMAN001' }, digestOf(3), retry)).toEqual({ ok: false, unknown: 'service_unavailable' });
  });
});

describe('Slack sender: mayPost before each post', () => {
  it('false before the first post: nothing is posted, fenced', async () => {
    await setup();
    const outcome = await sender.send(to, digestOf(3), { ...first, mayPost: async () => false });
    expect(outcome).toEqual({ ok: false, fenced: 'lost the claim before posting' });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('asked before every part; false mid-way keeps the parts posted, and the next holder continues after them', async () => {
    await setup();
    let asked = 0;
    let accepted = 0;
    const ctx: SendContext = { ...first, mayPost: async () => ++asked <= 1, accepted: async () => void accepted++ };
    expect(await sender.send(to, digestOf(25), ctx)).toMatchObject({ fenced: expect.any(String) });
    expect(asked).toBe(2);
    expect(slack.messagesIn(to.channel)).toHaveLength(1);
    expect(accepted).toBe(0);
    const next: SendContext = { ...first, attempt: 2, mayPost: async () => true, accepted: async () => void accepted++ };
    expect((await sender.send(to, digestOf(25), next)).ok).toBe(true);
    expect(slack.messagesIn(to.channel)).toHaveLength(3);
    expect(accepted).toBe(1);
  });

  it('asked again before the post without thumbnails', async () => {
    await setup();
    let asked = 0;
    slack.failNext({ method: 'chat.postMessage', kind: 'error', error: 'invalid_blocks' });
    expect(await sender.send(to, digestOf(2), { ...first, mayPost: async () => ++asked === 1 })).toMatchObject({ fenced: expect.any(String) });
    expect(asked).toBe(2);
    expect(slack.messagesIn(to.channel)).toHaveLength(0);
  });
});
