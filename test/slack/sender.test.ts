/** The Slack Sender (daily posts, DM alerts) with a real WebClient against the fake Slack. */
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackSender, createStrictSlackClient } from '../../adapters/slack/sender.ts';
import { createDeliveryQueue, type DeliveryQueue } from '../../src/delivery/delivery-queue.ts';
import { createDestinationHealth } from '../../src/delivery/destination-health.ts';
import { silentLogger } from '../../src/log.ts';
import type { Destination, Reply, Sender } from '../../src/model.ts';
import { createPostsRegistry, type PostsRegistry } from '../../src/posts/posts.ts';
import type { Store } from '../../src/store/store.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../fakes/slack-server.ts';
import { openTestStore } from '../helpers/backends.ts';
import { allFixturePapers, ranked } from '../helpers/fixture-papers.ts';
import { SLACK_KEYCAPS } from '../helpers/slack-rig.ts';
import { waitFor } from '../helpers/wait.ts';

let slack: FakeSlack;
let store: Store;
let posts: PostsRegistry;
let sender: Sender;
let queue: DeliveryQueue | undefined;

async function setup(opts: FakeSlackOptions = {}) {
  slack = await startFakeSlack(opts);
  store = await openTestStore('memory://');
  posts = createPostsRegistry(store);
  sender = createSlackSender({ client: createStrictSlackClient('xoxb-test', slack.apiUrl), posts, store, log: silentLogger(), sleep: async () => {} });
}
afterEach(async () => {
  await queue?.close();
  queue = undefined;
  await slack.close();
  await store.close();
});

/** The real delivery queue with the Slack sender registered, polling fast. */
function startQueue(): DeliveryQueue {
  const log = silentLogger();
  queue = createDeliveryQueue({ store, posts, health: createDestinationHealth(store, log), log, pollMs: 20, backoff: { baseMs: 40, capMs: 400 } });
  queue.registerSender(sender);
  queue.start();
  return queue;
}

const to = (channel: string, user?: string): Destination => ({ platform: 'slack', community: 'T0FAKE0001', channel, ...(user ? { user } : {}) });
const digestOf = (n: number): Reply => ({
  kind: 'digest',
  title: 'Daily papers · 2026-08-20',
  day: '2026-08-20',
  papers: allFixturePapers().slice(0, n).map((p) => ranked(p)),
  votable: true,
});

describe('Slack sender', () => {
  it('posts a digest, records it for votes and adds the keycaps', async () => {
    await setup();
    const outcome = await sender.send(to('C0PAPERS01'), digestOf(4));
    const [msg] = slack.messagesIn('C0PAPERS01');
    expect(outcome).toEqual({ ok: true, messageId: msg!.ts, recordedPosts: true });
    expect(msg!.reactions).toEqual(SLACK_KEYCAPS.slice(0, 4));
    expect((await posts.find(to('C0PAPERS01'), msg!.ts))?.paperIds).toEqual(allFixturePapers().slice(0, 4).map((p) => p.id));
  });

  it('through the delivery queue: a 429 is retried after Retry-After and lands exactly once', async () => {
    await setup();
    const q = startQueue();
    slack.failNext({ method: 'chat.postMessage', kind: '429', retryAfterSec: 1 });
    await q.enqueue({ key: 'daily:slack:T0FAKE0001:C0PAPERS01:2026-08-20', kind: 'daily', to: to('C0PAPERS01'), reply: digestOf(3) });
    await waitFor(async () => (await q.delivered('daily:slack:T0FAKE0001:C0PAPERS01:2026-08-20')) !== undefined, 'delivery');
    await waitFor(async () => (await q.pendingItems()).length === 0, 'the reactions after the ledger write');
    const calls = slack.callsTo('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(slack.messagesIn('C0PAPERS01')).toHaveLength(1);
    expect(slack.messagesIn('C0PAPERS01')[0]!.reactions).toEqual(SLACK_KEYCAPS.slice(0, 3));
  });

  it('through the delivery queue: channel_not_found stops delivery to that channel, and only that one', async () => {
    await setup({ channels: ['C0PAPERS01'] });
    const q = startQueue();
    await q.enqueue({ key: 'alert:gone:1', kind: 'alert', to: to('C0GONE0001'), reply: digestOf(2) });
    await waitFor(async () => (await q.failure('alert:gone:1')) !== undefined, 'the failure');
    expect(await q.failure('alert:gone:1')).toMatchObject({ reason: 'channel_not_found', permanent: true });
    expect(await q.destinations.failureOf(to('C0GONE0001'))).toMatchObject({ reason: 'channel_not_found' });
    expect(await q.enqueue({ key: 'alert:gone:2', kind: 'alert', to: to('C0GONE0001'), reply: digestOf(2) })).toBe('destination-failing');
    await q.enqueue({ key: 'alert:ok:1', kind: 'alert', to: to('C0PAPERS01'), reply: digestOf(2) });
    await waitFor(async () => (await q.delivered('alert:ok:1')) !== undefined, 'the other channel');
    expect(slack.callsTo('chat.postMessage').map((c) => c.parsed.channel)).toEqual(['C0GONE0001', 'C0PAPERS01']);
  });

  it('through the delivery queue: a long digest stopped by a rate limit continues, never posting a part twice', async () => {
    await setup({ rateLimit: { perSecond: 1, burst: 1 } });
    const q = startQueue();
    await q.enqueue({ key: 'daily:long', kind: 'daily', to: to('C0PAPERS01'), reply: digestOf(25) });
    await waitFor(async () => (await q.delivered('daily:long')) !== undefined, 'delivery', 15_000);
    expect(slack.counters.count429).toBeGreaterThan(0);
    const shown = await Promise.all(slack.messagesIn('C0PAPERS01').map(async (m) => (await posts.find(to('C0PAPERS01'), m.ts))!.paperIds));
    expect(shown.slice(1).map((ids) => ids.length)).toEqual([10, 5]);
    expect(shown.flatMap((ids, i) => (i === 0 ? ids.slice(0, 10) : ids))).toEqual(allFixturePapers().slice(0, 25).map((p) => p.id));
  });

  it('opens a DM once per user and records the alert under the DM channel', async () => {
    await setup();
    const card: Reply = { kind: 'paper', paper: ranked(allFixturePapers()[0]!), votable: true };
    const first = await sender.send(to('', 'U0HUMAN001'), card);
    const second = await sender.send(to('', 'U0HUMAN001'), card);
    expect(first.ok && second.ok).toBe(true);
    expect(slack.callsTo('conversations.open')).toHaveLength(1);
    const dm = slack.callsTo('chat.postMessage')[0]!.parsed.channel as string;
    expect(dm).toMatch(/^D/);
    expect(slack.messagesIn(dm).map((m) => m.reactions)).toEqual([['thumbsup'], ['thumbsup']]);
    expect(await posts.find(to(dm), slack.messagesIn(dm)[0]!.ts)).toMatchObject({ kind: 'single' });
  });

  it('still reports success when adding reactions fails', async () => {
    await setup();
    slack.failNext({ method: 'reactions.add', kind: 'error', error: 'internal_error', times: 50 });
    const outcome = await sender.send(to('C0PAPERS01'), digestOf(3));
    expect(outcome.ok).toBe(true);
    expect(slack.messagesIn('C0PAPERS01')).toHaveLength(1);
    expect(slack.messagesIn('C0PAPERS01')[0]!.reactions).toEqual([]);
  });

  it('sends once more without thumbnails when Slack refuses the blocks', async () => {
    await setup();
    slack.failNext({ method: 'chat.postMessage', kind: 'error', error: 'invalid_blocks' });
    expect((await sender.send(to('C0PAPERS01'), digestOf(2))).ok).toBe(true);
    const [first, second] = slack.callsTo('chat.postMessage');
    expect(JSON.stringify(first!.parsed.blocks)).toContain('"image"');
    expect(JSON.stringify(second!.parsed.blocks)).not.toContain('"image"');
  });
});
