/**
 * Proves test/fakes/slack-server.ts against the REAL @slack/bolt App (no mocks): HTTP receiver with signed
 * requests, Socket Mode over the fake's WebSocket, and Web API fault handling of the real WebClient.
 */
import type { AddressInfo } from 'node:net';
import { App, LogLevel, SocketModeReceiver, webApi, type Logger } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from './fakes/slack-server.ts';
import {
  blockActionsPayload,
  eventCallback,
  reactionAddedEvent,
  slashCommandPayload,
} from './fakes/slack-payloads.ts';
import { postEvent, postInteraction, postSignedJson, postSlashCommand, signSlackRequest } from './fakes/slack-signing.ts';

const SECRET = 'test-signing-secret';
const FAST_RETRY = { retries: 3, minTimeout: 10, maxTimeout: 50 };

/** A Bolt logger that records instead of printing. */
function quietLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const rec = (level: string) => (...msg: unknown[]) => {
    lines.push(`${level} ${msg.map(String).join(' ')}`);
  };
  let level = LogLevel.INFO;
  return {
    lines,
    debug: rec('debug'),
    info: rec('info'),
    warn: rec('warn'),
    error: rec('error'),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const BLOCKS = [
  { type: 'header', text: { type: 'plain_text', text: 'Daily Papers' } },
  { type: 'section', text: { type: 'mrkdwn', text: '*1.* <https://huggingface.co/papers/2401.00001|A paper>' } },
];

let fake: FakeSlack | undefined;
let cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
  await fake?.close();
  fake = undefined;
});

async function startHttpApp(f: FakeSlack, setup: (app: App) => void): Promise<{ app: App; url: string }> {
  const app = new App({
    token: 'xoxb-test',
    signingSecret: SECRET,
    processBeforeResponse: true,
    clientOptions: { slackApiUrl: f.apiUrl },
    logger: quietLogger(),
  });
  setup(app);
  // HTTPReceiver.start(listenOptions) resolves with the node http.Server once it is listening.
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => app.stop());
  const { port } = server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}/slack/events` };
}

describe('fake Slack + real Bolt HTTP receiver', () => {
  it('delivers a signed /papers slash command; respond() and chat.postMessage land on the fake', async () => {
    const f = (fake = await startFakeSlack());
    let seen: { text: string; user: string } | undefined;
    const { url } = await startHttpApp(f, (app) => {
      app.command('/papers', async ({ command, ack, respond, client }) => {
        await ack();
        seen = { text: command.text, user: command.user_id };
        await respond({ response_type: 'ephemeral', blocks: BLOCKS, text: 'Daily Papers' });
        await client.chat.postMessage({ channel: command.channel_id, blocks: BLOCKS, text: 'Daily Papers' });
      });
    });
    const res = await postSlashCommand(url, SECRET, { text: 'today', channel_id: 'C0PAPERS01', response_url: f.responseUrl('cmd-1') });
    expect(res.status).toBe(200);
    // processBeforeResponse: true → the listener has finished when the HTTP answer arrives.
    expect(seen).toEqual({ text: 'today', user: 'U0HUMAN001' });
    // auth.test is fired (not awaited) by the App constructor and cached for every event.
    expect(f.callsTo('auth.test')).toHaveLength(1);

    const [responded] = f.responsesTo('cmd-1');
    expect(responded?.parsed.blocks).toEqual(BLOCKS);
    expect(responded?.parsed.response_type).toBe('ephemeral');

    const [post] = f.callsTo('chat.postMessage');
    expect(post?.token).toBe('xoxb-test');
    expect(typeof post?.body.blocks).toBe('string'); // form-encoded, blocks as a JSON string
    expect(post?.parsed.blocks).toEqual(BLOCKS);
    expect(post?.response).toMatchObject({ ok: true, channel: 'C0PAPERS01' });
    const [msg] = f.messagesIn('C0PAPERS01');
    expect(msg?.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(msg?.blocks).toEqual(BLOCKS);
  });

  it('rejects forged, stale, unsigned and tampered requests with 401 before any listener runs', async () => {
    const f = (fake = await startFakeSlack());
    let handled = 0;
    const { url } = await startHttpApp(f, (app) => {
      app.command('/papers', async ({ ack }) => {
        handled += 1;
        await ack();
      });
    });
    const fields = { text: 'today', response_url: f.responseUrl('x') };
    const bad = [
      await postSlashCommand(url, SECRET, fields, { forgeWithSecret: 'wrong-secret' }),
      await postSlashCommand(url, SECRET, fields, { forgeSignature: true }),
      await postSlashCommand(url, SECRET, fields, { staleBySec: 6 * 60 }),
      await postSlashCommand(url, SECRET, fields, { omitHeaders: true }),
      await postSlashCommand(url, SECRET, fields, { omitHeaders: 'signature' }),
      await postSlashCommand(url, SECRET, fields, { alterBodyAfterSigning: (b) => b.replace('today', 'week') }),
    ];
    expect(bad.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(handled).toBe(0);
    // 4 minutes old is still inside Bolt's 5-minute window.
    const ok = await postSlashCommand(url, SECRET, fields, { staleBySec: 4 * 60 });
    expect(ok.status).toBe(200);
    expect(handled).toBe(1);
  });

  it('delivers a signed reaction_added event, drops the bot’s own reactions, and answers url_verification', async () => {
    const f = (fake = await startFakeSlack());
    const got: Array<{ user: string; reaction: string; ts: string }> = [];
    const { url } = await startHttpApp(f, (app) => {
      app.event('reaction_added', async ({ event }) => {
        got.push({ user: event.user, reaction: event.reaction, ts: event.item.ts ?? '' });
      });
    });
    const ev = reactionAddedEvent({ user: 'U0HUMAN001', reaction: 'two', channel: 'C0PAPERS01', ts: '1700000000.000100' });
    const res = await postEvent(url, SECRET, ev, { eventId: 'Ev0001', teamId: f.teamId });
    expect(res.status).toBe(200);
    expect(got).toEqual([{ user: 'U0HUMAN001', reaction: 'two', ts: '1700000000.000100' }]);

    // Bolt's ignoreSelf middleware filters events whose user is the bot itself (from auth.test).
    const own = reactionAddedEvent({ user: f.botUserId, reaction: 'two', channel: 'C0PAPERS01', ts: '1700000000.000100' });
    expect((await postEvent(url, SECRET, own, { eventId: 'Ev0002' })).status).toBe(200);
    expect(got).toHaveLength(1);

    const challenge = await postSignedJson(url, SECRET, { token: 'x', challenge: 'c-123', type: 'url_verification' });
    expect(challenge.status).toBe(200);
    expect(challenge.json).toEqual({ challenge: 'c-123' });
    const forgedChallenge = await postSignedJson(url, SECRET, { challenge: 'c', type: 'url_verification' }, { forgeSignature: true });
    expect(forgedChallenge.status).toBe(401);
  });

  it('delivers a signed block_actions interaction; a failing response_url makes respond() reject', async () => {
    const f = (fake = await startFakeSlack({ latencyMs: 20 }));
    const outcome: string[] = [];
    const { url } = await startHttpApp(f, (app) => {
      app.action('vote', async ({ ack, action, respond }) => {
        await ack();
        outcome.push(action.type === 'button' ? action.value ?? '' : '?');
        await respond({ text: 'thanks' }).then(
          () => outcome.push('responded'),
          (e: unknown) => outcome.push(`respond failed: ${(e as Error).message}`),
        );
      });
    });
    const payload = blockActionsPayload({ actionId: 'vote', value: '2401.00001', responseUrl: f.responseUrl('btn') });
    const t0 = Date.now();
    expect((await postInteraction(url, SECRET, payload)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(20); // latencyMs applies to response_url too
    f.failNext({ method: 'response_url', kind: '500' });
    expect((await postInteraction(url, SECRET, payload)).status).toBe(200);
    expect(outcome).toEqual(['2401.00001', 'responded', '2401.00001', 'respond failed: Request failed with status code 500']);
    expect(f.responsesTo('btn').map((c) => c.status)).toEqual([200, 500]);
  });

  it('signSlackRequest matches the documented v0 scheme', () => {
    const h = signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', 'token=xyz', 1531420618);
    expect(h['x-slack-request-timestamp']).toBe('1531420618');
    expect(h['x-slack-signature']).toMatch(/^v0=[0-9a-f]{64}$/);
  });
});

describe('fake Slack + real Bolt Socket Mode', () => {
  async function startSocketApp(f: FakeSlack, setup: (app: App) => void, receiver?: SocketModeReceiver): Promise<App> {
    const app = receiver
      ? new App({ token: 'xoxb-test', receiver, clientOptions: { slackApiUrl: f.apiUrl }, logger: quietLogger() })
      : new App({
          token: 'xoxb-test',
          appToken: 'xapp-test',
          socketMode: true,
          clientOptions: { slackApiUrl: f.apiUrl },
          logger: quietLogger(),
        });
    setup(app);
    await app.start(); // resolves when the fake sends `hello`
    cleanups.push(async () => {
      // SocketModeReceiver.stop() does not wait for the socket to close; wait on the fake's side.
      await app.stop();
      await f.waitForNoSocket(3000);
    });
    return app;
  }

  it('connects via apps.connections.open and acks a slash_commands envelope', async () => {
    const f = (fake = await startFakeSlack());
    let text = '';
    await startSocketApp(f, (app) => {
      app.command('/papers', async ({ command, ack }) => {
        text = command.text;
        await ack({ response_type: 'ephemeral', text: 'working on it' });
      });
    });
    const [open] = f.callsTo('apps.connections.open');
    expect(open?.token).toBe('xapp-test');
    expect(f.socketConnections()).toBe(1);

    const ack = await f.sendEnvelope('slash_commands', slashCommandPayload({ text: 'today 5' }));
    expect(text).toBe('today 5');
    expect(ack.payload).toEqual({ response_type: 'ephemeral', text: 'working on it' });
    expect(f.unackedEnvelopes()).toHaveLength(0);
  });

  it('acks an events_api reaction_added envelope and runs the listener', async () => {
    const f = (fake = await startFakeSlack());
    const reached = deferred<string>();
    await startSocketApp(f, (app) => {
      app.event('reaction_added', async ({ event }) => reached.resolve(event.reaction));
    });
    const ev = reactionAddedEvent({ user: 'U0HUMAN001', reaction: 'three', channel: 'C0PAPERS01', ts: '1700000000.000100' });
    const ack = await f.sendEnvelope('events_api', eventCallback(ev, { eventId: 'Ev0003' }));
    expect(ack.envelope_id).toBe(f.envelopes[0]?.envelope_id);
    expect(await reached.promise).toBe('three');
  });

  it('records an envelope the app never acks and rejects after the timeout', async () => {
    const f = (fake = await startFakeSlack());
    await startSocketApp(f, (app) => {
      app.command('/papers', async () => undefined); // forgets to ack
    });
    await expect(f.sendEnvelope('slash_commands', slashCommandPayload(), { timeoutMs: 300 })).rejects.toThrow(/not acked/);
    expect(f.unackedEnvelopes()).toHaveLength(1);
  });

  it('reconnects after a Slack `disconnect` message (custom receiver with a short clientPingTimeout)', async () => {
    const f = (fake = await startFakeSlack());
    const receiver = new SocketModeReceiver({
      appToken: 'xapp-test',
      clientPingTimeout: 300, // reconnect delay = clientPingTimeout × failures (default 5000 ms)
      installerOptions: { clientOptions: { slackApiUrl: f.apiUrl } },
      logger: quietLogger(),
    });
    let commands = 0;
    await startSocketApp(
      f,
      (app) =>
        app.command('/papers', async ({ ack }) => {
          commands += 1;
          await ack();
        }),
      receiver,
    );
    expect(f.socketConnectCount()).toBe(1);
    f.sendDisconnect('refresh_requested');
    await f.waitForNoSocket(2000);
    await f.waitForSocket(3000);
    expect(f.socketConnectCount()).toBe(2);
    expect(f.callsTo('apps.connections.open')).toHaveLength(2);
    // A round trip on the new socket proves the client is connected again. It also matters for shutdown:
    // stopping while the reconnect's start() is still waiting for `hello` leaves an unhandled
    // rejection (of `undefined`) inside @slack/socket-mode 2.0.7.
    await f.sendEnvelope('slash_commands', slashCommandPayload());
    expect(commands).toBe(1);
  });
});

describe('fake Slack Web API faults against the real WebClient', () => {
  /**
   * deferInitialization + init() makes auth.test an awaited start-up step: without it the constructor
   * fires auth.test in the background, and a failure there is retried under the client's retry policy
   * and only surfaces at the first incoming event.
   */
  async function appFor(f: FakeSlack, extra: Record<string, unknown> = {}): Promise<App> {
    const app = new App({
      token: 'xoxb-test',
      signingSecret: SECRET,
      deferInitialization: true,
      clientOptions: { slackApiUrl: f.apiUrl, retryConfig: FAST_RETRY, ...extra },
      logger: quietLogger(),
    });
    await app.init();
    return app;
  }

  it('auth.test failing at start-up makes app.init() reject', async () => {
    const f = (fake = await startFakeSlack());
    f.failNext({ method: 'auth.test', kind: 'error', error: 'invalid_auth' });
    await expect(appFor(f)).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    expect((await appFor(f)).client).toBeDefined();
    expect(f.callsTo('auth.test').map((c) => c.status)).toEqual([200, 200]);
    expect(f.counters.countError).toBe(1);
  });

  it('a 429 with Retry-After: 1 is waited out and retried; the message lands exactly once', async () => {
    const f = (fake = await startFakeSlack());
    const app = await appFor(f);
    f.failNext({ method: 'chat.postMessage', kind: '429', retryAfterSec: 1 });
    const t0 = Date.now();
    const res = await app.client.chat.postMessage({ channel: 'C0PAPERS01', text: 'hello' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(res.ok).toBe(true);
    expect(f.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(f.messagesIn('C0PAPERS01')).toHaveLength(1);
    expect(f.counters.count429).toBe(1);
  });

  it('ok:false errors reject with data.error and are not retried (channel_not_found, ratelimited)', async () => {
    const f = (fake = await startFakeSlack());
    const app = await appFor(f);
    f.failNext({ method: 'chat.postMessage', kind: 'error', error: 'channel_not_found' });
    await expect(app.client.chat.postMessage({ channel: 'C0GONE', text: 'x' })).rejects.toMatchObject({
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'channel_not_found' },
    });
    f.failNext({ method: 'chat.postMessage', kind: 'error', error: 'ratelimited' });
    await expect(app.client.chat.postMessage({ channel: 'C0PAPERS01', text: 'x' })).rejects.toMatchObject({
      data: { error: 'ratelimited' },
    });
    expect(f.callsTo('chat.postMessage')).toHaveLength(2);
    expect(f.messagesIn('C0PAPERS01')).toHaveLength(0);
  });

  it('a 500 is retried by the retry policy; rejectRateLimitedCalls makes a 429 throw', async () => {
    const f = (fake = await startFakeSlack());
    f.failNext({ method: 'chat.postMessage', kind: '500' });
    await (await appFor(f)).client.chat.postMessage({ channel: 'C0PAPERS01', text: 'x' });
    expect(f.callsTo('chat.postMessage').map((c) => c.status)).toEqual([500, 200]);

    f.failNext({ method: 'chat.postMessage', kind: '429', retryAfterSec: 30 });
    await expect(
      (await appFor(f, { rejectRateLimitedCalls: true })).client.chat.postMessage({ channel: 'C0PAPERS01', text: 'y' }),
    ).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 30 });
    expect(f.messagesIn('C0PAPERS01')).toHaveLength(1);
  });

  it('rate-limit mode: a burst to one channel gets 429 + Retry-After, the client waits, all land in order', async () => {
    const f = (fake = await startFakeSlack({ rateLimit: true }));
    const app = await appFor(f);
    await Promise.all([
      app.client.chat.postMessage({ channel: 'C0PAPERS01', text: 'one' }),
      app.client.chat.postMessage({ channel: 'C0PAPERS01', text: 'two' }),
      app.client.chat.postMessage({ channel: 'C0OTHER001', text: 'other' }),
    ]);
    expect(f.counters.count429).toBeGreaterThanOrEqual(1);
    expect(f.messagesIn('C0PAPERS01').map((m) => m.text).sort()).toEqual(['one', 'two']);
    expect(f.messagesIn('C0OTHER001')).toHaveLength(1);
  });
});

describe('fake Slack Web API surface', () => {
  it('users.info, conversations.open, chat.update, reactions, postEphemeral, unknown methods, tokens', async () => {
    const f = (fake = await startFakeSlack({ users: { U0ADMIN001: { is_admin: true }, U0OWNER001: { is_owner: true } } }));
    const { client } = new App({ token: 'xoxb-test', signingSecret: SECRET, clientOptions: { slackApiUrl: f.apiUrl }, logger: quietLogger() });
    await f.waitForCall('auth.test'); // the constructor's background auth.test must finish before close()

    expect((await client.users.info({ user: 'U0ADMIN001' })).user).toMatchObject({ is_admin: true, is_owner: false });
    expect((await client.users.info({ user: 'U0OWNER001' })).user).toMatchObject({ is_admin: false, is_owner: true });
    expect((await client.users.info({ user: 'U0HUMAN001' })).user).toMatchObject({ is_admin: false, is_owner: false });

    const dm = await client.conversations.open({ users: 'U0HUMAN001' });
    expect(dm.channel?.id).toMatch(/^D/);
    expect((await client.conversations.open({ users: 'U0HUMAN001' })).channel?.id).toBe(dm.channel?.id);

    const posted = await client.chat.postMessage({ channel: 'C0PAPERS01', text: 'v1', unfurl_links: false });
    const second = await client.chat.postMessage({ channel: 'C0PAPERS01', text: 'v2' });
    expect(Number(second.ts)).toBeGreaterThan(Number(posted.ts));
    await client.chat.update({ channel: 'C0PAPERS01', ts: posted.ts ?? '', text: 'v1 edited', blocks: BLOCKS });
    await client.reactions.add({ channel: 'C0PAPERS01', timestamp: posted.ts ?? '', name: 'one' });
    await client.reactions.add({ channel: 'C0PAPERS01', timestamp: posted.ts ?? '', name: 'two' });
    await client.reactions.remove({ channel: 'C0PAPERS01', timestamp: posted.ts ?? '', name: 'one' });
    expect(f.messagesIn('C0PAPERS01')[0]).toMatchObject({ text: 'v1 edited', blocks: BLOCKS, reactions: ['two'] });
    await expect(client.reactions.add({ channel: 'C0PAPERS01', timestamp: posted.ts ?? '', name: 'two' })).rejects.toMatchObject({
      data: { error: 'already_reacted' },
    });

    const eph = await client.chat.postEphemeral({ channel: 'C0PAPERS01', user: 'U0HUMAN001', text: 'only you' });
    expect(eph.message_ts).toBeTruthy();
    expect(f.ephemerals).toHaveLength(1);

    await expect(client.apiCall('papers.fetch')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    await expect(client.chat.postMessage({ channel: 'C0PAPERS01', text: 'x', token: 'bogus' })).rejects.toMatchObject({
      data: { error: 'invalid_auth' },
    });
    const tooMany = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    await expect(client.chat.postMessage({ channel: 'C0PAPERS01', text: 'x', blocks: tooMany })).rejects.toMatchObject({
      data: { error: 'invalid_blocks' },
    });

    // JSON bodies work too (as sent by hand-rolled clients).
    const res = await fetch(`${f.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'C0JSON0001', blocks: BLOCKS, text: 'json' }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C0JSON0001' });
    expect(f.messagesIn('C0JSON0001')[0]?.blocks).toEqual(BLOCKS);

    const apps = await fetch(`${f.apiUrl}apps.connections.open`, { method: 'POST', headers: { authorization: 'Bearer xoxb-test' } });
    expect(await apps.json()).toEqual({ ok: false, error: 'not_allowed_token_type' });
  });

  it('conversations.history: newest first, oldest/limit/cursor, metadata only on request, missing_scope when revoked', async () => {
    const f = (fake = await startFakeSlack({ revokedScopes: ['im:history'] }));
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: f.apiUrl, retryConfig: { retries: 0 } });
    const before = (Date.now() - 1000) / 1000;
    const meta = (n: number) => ({ event_type: 'paperboy_delivery', event_payload: { key: 'k1', part: n } });
    const ts: string[] = [];
    for (let i = 1; i <= 5; i++) ts.push((await client.chat.postMessage({ channel: 'C0HIST0001', text: `m${i}`, metadata: meta(i) })).ts!);
    expect(Number(ts[0])).toBeGreaterThan(before); // wall-clock ts, so `oldest` works

    const all = await client.conversations.history({ channel: 'C0HIST0001', include_all_metadata: true });
    expect(all.messages!.map((m) => m.text)).toEqual(['m5', 'm4', 'm3', 'm2', 'm1']);
    expect(all.messages![0]!.metadata).toEqual(meta(5));
    expect((await client.conversations.history({ channel: 'C0HIST0001' })).messages![0]!.metadata).toBeUndefined();

    const page1 = await client.conversations.history({ channel: 'C0HIST0001', limit: 2, oldest: ts[0]! });
    expect(page1.messages!.map((m) => m.text)).toEqual(['m5', 'm4']);
    expect(page1.has_more).toBe(true);
    const page2 = await client.conversations.history({ channel: 'C0HIST0001', limit: 2, oldest: ts[0]!, cursor: page1.response_metadata!.next_cursor! });
    expect(page2.messages!.map((m) => m.text)).toEqual(['m3', 'm2']); // oldest is exclusive
    expect(page2.has_more).toBe(false);
    expect((await client.conversations.history({ channel: 'C0HIST0001', oldest: ts[4]!, inclusive: true })).messages!.map((m) => m.text)).toEqual(['m5']);

    const dm = (await client.conversations.open({ users: 'U0HUMAN001' })).channel!.id!;
    await expect(client.conversations.history({ channel: dm })).rejects.toMatchObject({ data: { error: 'missing_scope', needed: 'im:history' } });
    f.setScope('im:history', true);
    expect((await client.conversations.history({ channel: dm })).messages).toEqual([]);
    f.setScope('channels:history', false);
    await expect(client.conversations.history({ channel: 'C0HIST0001' })).rejects.toMatchObject({ data: { error: 'missing_scope', needed: 'channels:history' } });
  });
});
