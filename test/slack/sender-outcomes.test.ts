/**
 * What the Slack sender answers the queue for each way a post can fail, with the real WebClient against the fake
 * Slack: closed destination, bad token, refused content, certainly-not-posted errors, and answers that may hide a post.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackSender, createStrictSlackClient } from '../../adapters/slack/sender.ts';
import { silentLogger } from '../../src/log.ts';
import type { Destination, Reply, Sender } from '../../src/model.ts';
import { createPostsRegistry } from '../../src/posts/posts.ts';
import type { Store } from '../../src/store/store.ts';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../fakes/slack-server.ts';
import { openTestStore } from '../helpers/backends.ts';
import { allFixturePapers, ranked } from '../helpers/fixture-papers.ts';

let slack: FakeSlack | undefined;
let store: Store | undefined;
afterEach(async () => {
  await slack?.close();
  await store?.close();
  slack = store = undefined;
});

async function senderFor(opts: FakeSlackOptions = {}, apiUrl?: string): Promise<Sender> {
  slack = await startFakeSlack(opts);
  store = await openTestStore('memory://');
  const client = createStrictSlackClient('xoxb-test', apiUrl ?? slack.apiUrl, undefined, { timeoutMs: 200 });
  return createSlackSender({ client, posts: createPostsRegistry(store), store, log: silentLogger(), sleep: async () => {} });
}

const to: Destination = { platform: 'slack', community: 'T0FAKE0001', channel: 'C0PAPERS01' };
const digest: Reply = { kind: 'digest', title: 'Daily papers', day: '2026-08-20', papers: allFixturePapers().slice(0, 2).map((p) => ranked(p)), votable: true };
const TOKEN_WIDE = ['invalid_auth', 'not_authed', 'not_allowed_token_type', 'token_revoked', 'token_expired', 'account_inactive', 'missing_scope', 'team_access_not_granted', 'ekm_access_denied', 'org_login_required', 'accesslimited'];
const CONTENT = ['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'msg_blocks_too_long', 'no_text', 'invalid_metadata_format', 'metadata_too_large'];
const CLOSED = ['channel_not_found', 'not_in_channel', 'is_archived', 'channel_is_archived', 'no_permission', 'restricted_action', 'cannot_dm_bot', 'user_disabled'];

describe('Slack send outcomes', () => {
  it.each(TOKEN_WIDE)('%s is a token problem, never a closed destination', async (error) => {
    const sender = await senderFor();
    slack!.failNext({ method: 'chat.postMessage', kind: 'error', error });
    expect(await sender.send(to, digest)).toEqual({ ok: false, tokenProblem: error });
  });

  it.each(CONTENT)('%s (again without thumbnails) is refused content', async (error) => {
    const sender = await senderFor();
    slack!.failNext({ method: 'chat.postMessage', kind: 'error', error, times: 2 });
    expect(await sender.send(to, digest)).toEqual({ ok: false, refused: error });
    expect(slack!.messagesIn(to.channel)).toHaveLength(0);
  });

  it.each(CLOSED)('%s closes this destination', async (error) => {
    const sender = await senderFor();
    slack!.failNext({ method: 'chat.postMessage', kind: 'error', error });
    expect(await sender.send(to, digest)).toEqual({ ok: false, permanent: error });
  });

  it.each(['service_unavailable', 'request_timeout', 'team_added_to_org', 'some_new_error'])('an error answer (%s) is transient: certainly not posted', async (error) => {
    const sender = await senderFor();
    slack!.failNext({ method: 'chat.postMessage', kind: 'error', error });
    expect(await sender.send(to, digest)).toEqual({ ok: false, transient: error });
  });

  it.each([
    ['a 500', { method: 'chat.postMessage', kind: '500' }, 'http 500', 0],
    ['a 500 after posting', { method: 'chat.postMessage', kind: 'lost' }, 'http 500', 1],
    ['internal_error', { method: 'chat.postMessage', kind: 'error', error: 'internal_error' }, 'internal_error', 0],
    ['a dropped connection', { method: 'chat.postMessage', kind: 'dropped' }, 'ECONNRESET', 1],
    ['a timeout (slow but accepted)', { method: 'chat.postMessage', kind: 'slow', slowMs: 800 }, 'ECONNABORTED', 1],
  ] as const)('%s is unknown: the post may have landed', async (_what, fault, reason, stored) => {
    const sender = await senderFor();
    slack!.failNext(fault);
    expect(await sender.send(to, digest)).toEqual({ ok: false, unknown: reason });
    expect(slack!.messagesIn(to.channel)).toHaveLength(stored);
  });

  it('a 429 waits out Retry-After, and ratelimited without the header waits a second', async () => {
    const sender = await senderFor();
    slack!.failNext({ method: 'chat.postMessage', kind: '429', retryAfterSec: 7 });
    expect(await sender.send(to, digest)).toEqual({ ok: false, retryAfterMs: 7000, reason: 'ratelimited' });
    slack!.failNext({ method: 'chat.postMessage', kind: 'error', error: 'ratelimited' });
    expect(await sender.send(to, digest)).toEqual({ ok: false, retryAfterMs: 1000, reason: 'ratelimited' });
  });

  it('a connection that never opens is transient (nothing can have been posted)', async () => {
    const closed = await startFakeSlack();
    const url = closed.apiUrl;
    await closed.close();
    const sender = await senderFor({}, url);
    expect(await sender.send(to, digest)).toEqual({ ok: false, transient: 'ECONNREFUSED' });
  });

  it('a failure before any post (opening a DM timed out) is transient, not unknown', async () => {
    const sender = await senderFor();
    slack!.failNext({ method: 'conversations.open', kind: 'slow', slowMs: 800 });
    expect(await sender.send({ ...to, channel: '', user: 'U0HUMAN001' }, digest)).toEqual({ ok: false, transient: 'ECONNABORTED' });
    expect(slack!.callsTo('chat.postMessage')).toHaveLength(0);
  });
});
