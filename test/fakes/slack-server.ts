/**
 * A loopback fake of the Slack Web API (`/api/<method>`), of response_url (`/response/<id>`) and of
 * Socket Mode (`/link/`), for driving the real @slack/bolt App in tests.
 *
 *   const fake = await startFakeSlack({ users: { U1: { is_admin: true } } });
 *   new App({ token: 'xoxb-test', signingSecret, clientOptions: { slackApiUrl: fake.apiUrl } });
 *
 * Start the fake BEFORE constructing the App: Bolt calls auth.test from the App constructor.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createChaos } from './chaos.ts';
import { FakeWorkspace, historyScopeFor, type MethodResult } from './slack-methods.ts';
import { FAKE_APP_ID, FAKE_BOT_ID, FAKE_BOT_USER_ID, FAKE_TEAM_ID, FAKE_TEAM_NAME } from './slack-payloads.ts';
import { SocketModeHub } from './slack-socket.ts';
import type { FakeSlack, FakeSlackCall, FakeSlackCounters, FakeSlackOptions, FaultSpec } from './slack-types.ts';

export type * from './slack-types.ts';
export type { FakeEphemeral, FakeSlackMessage, FakeSlackUser } from './slack-methods.ts';
export type { EnvelopeAck, EnvelopeType, FakeEnvelope, SendEnvelopeOptions } from './slack-socket.ts';

const JSON_FIELDS = ['blocks', 'attachments', 'metadata', 'unfurls'];

function parseJsonFields(body: Record<string, unknown>): Record<string, unknown> {
  const parsed: Record<string, unknown> = { ...body };
  for (const k of JSON_FIELDS) {
    const v = parsed[k];
    if (typeof v === 'string') {
      try {
        parsed[k] = JSON.parse(v);
      } catch {
        // leave the string: the method handler answers invalid_blocks_format
      }
    }
  }
  return parsed;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
  if (raw.length === 0) return query;
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) {
    const v: unknown = JSON.parse(raw);
    return { ...query, ...(typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : { _: v }) };
  }
  return { ...query, ...Object.fromEntries(new URLSearchParams(raw)) };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const ids = {
    teamId: opts.teamId ?? FAKE_TEAM_ID,
    teamName: FAKE_TEAM_NAME,
    botUserId: opts.botUserId ?? FAKE_BOT_USER_ID,
    botId: opts.botId ?? FAKE_BOT_ID,
    appId: FAKE_APP_ID,
  };
  let ws = new FakeWorkspace(ids, opts.users ?? {}, opts.channels ? new Set(opts.channels) : undefined);
  const hub = new SocketModeHub(ids.appId, opts.ackTimeoutMs ?? 3000);
  const calls: FakeSlackCall[] = [];
  const counters: FakeSlackCounters = { requests: 0, count429: 0, count500: 0, countError: 0 };
  let faults: Array<FaultSpec & { left: number }> = [];
  const chaos = opts.chaos ? createChaos(opts.chaos) : undefined;
  const revokedScopes = new Set(opts.revokedScopes ?? []);
  const channelErrors = new Map(Object.entries(opts.channelErrors ?? {}));
  const rl = opts.rateLimit ? { perSecond: 1, burst: 1, ...(opts.rateLimit === true ? {} : opts.rateLimit) } : undefined;
  const buckets = new Map<string, { tokens: number; at: number }>();
  let port = 0;
  let callWaiters: Array<() => void> = [];
  const notifyCalls = (): void => {
    const w = callWaiters;
    callWaiters = [];
    for (const f of w) f();
  };

  /** Token bucket per channel; returns seconds to wait if over the limit. */
  function rateLimited(channel: string): number | undefined {
    if (!rl) return undefined;
    const now = Date.now();
    const b = buckets.get(channel) ?? { tokens: rl.burst, at: now };
    b.tokens = Math.min(rl.burst, b.tokens + ((now - b.at) / 1000) * rl.perSecond);
    b.at = now;
    buckets.set(channel, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rl.perSecond));
  }

  function takeFault(method: string): FaultSpec | undefined {
    const f = faults.find((x) => x.left > 0 && (x.method === method || (x.method === '*' && method !== 'response_url')));
    if (!f) return undefined;
    f.left -= 1;
    faults = faults.filter((x) => x.left > 0);
    return f;
  }

  function send(res: ServerResponse, call: FakeSlackCall, status: number, json: unknown, headers: Record<string, string> = {}): void {
    call.status = status;
    call.response = json;
    queueMicrotask(notifyCalls);
    if (status === 429) counters.count429 += 1;
    else if (status >= 500) counters.count500 += 1;
    else if (typeof json === 'object' && json !== null && (json as MethodResult).ok === false) counters.countError += 1;
    if (status >= 500) {
      res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end('Internal Server Error');
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(json));
  }

  /**
   * The method was carried out (e.g. the message is stored), then its answer is lost: answered 500 (`lost`), never
   * answered because the connection is destroyed (`dropped`, recorded with status 0) or answered after `slowMs`.
   */
  async function loseAnswer(how: 'lost' | 'dropped' | 'slow', res: ServerResponse, call: FakeSlackCall, result: MethodResult, slowMs: number) {
    if (how === 'lost') send(res, call, 500, result);
    else if (how === 'dropped') {
      call.status = 0;
      call.response = result;
      queueMicrotask(notifyCalls);
      res.socket?.destroy();
    } else {
      await sleep(slowMs);
      send(res, call, 200, result); // recorded as answered even when the client has given up by now
    }
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(path);
    const resp = /^\/response\/([^/]+)$/.exec(path);
    if (!api && !resp) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = await readBody(req);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: 'invalid_json' }));
      return;
    }
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof body.token === 'string' ? body.token : undefined;
    const method = api ? (api[1] as string) : 'response_url';
    const call: FakeSlackCall = { method, body, parsed: parseJsonFields(body), headers: req.headers, at: Date.now() };
    if (token !== undefined) call.token = token;
    if (resp) call.responseId = decodeURIComponent(resp[1] as string);
    calls.push(call);
    counters.requests += 1;
    if (opts.latencyMs) await sleep(opts.latencyMs);

    const fault = takeFault(method);
    if (fault) {
      call.fault = fault.kind;
      if (fault.kind === '429') {
        const after = String(fault.retryAfterSec ?? 1);
        send(res, call, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': after });
      } else if (fault.kind === '500') send(res, call, 500, undefined);
      else if (fault.kind === 'error') send(res, call, 200, { ok: false, error: fault.error ?? 'internal_error' });
      else await loseAnswer(fault.kind, res, call, ws.handle(method, call.parsed, token), fault.slowMs ?? 1000);
      return;
    }
    if (resp) {
      send(res, call, 200, { ok: true });
      return;
    }
    if (method === 'apps.connections.open') {
      if (!token) send(res, call, 200, { ok: false, error: 'not_authed' });
      else if (!token.startsWith('xapp-')) send(res, call, 200, { ok: false, error: 'not_allowed_token_type' });
      else send(res, call, 200, { ok: true, url: hub.issueUrl(port) });
      return;
    }
    if ((method === 'conversations.history' || method === 'conversations.replies') && token?.startsWith('xoxb-') && typeof call.parsed.channel === 'string') {
      const needed = historyScopeFor(call.parsed.channel);
      if (revokedScopes.has(needed)) {
        send(res, call, 200, { ok: false, error: 'missing_scope', needed, provided: 'chat:write,chat:write.public' });
        return;
      }
    }
    if (method === 'chat.postMessage' && typeof call.parsed.channel === 'string') {
      const verdict = chaos?.draw(call.parsed.channel) ?? 'ok';
      if (verdict === '500' || verdict === '429') {
        call.fault = verdict === '500' ? 'chaos-500' : 'chaos-429';
        if (verdict === '500') send(res, call, 500, undefined);
        else send(res, call, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(Math.ceil(chaos!.options.retryAfterSec)) });
        return;
      }
      if (verdict !== 'ok') {
        call.fault = `chaos-${verdict}`;
        await loseAnswer(verdict, res, call, ws.handle(method, call.parsed, token), chaos!.options.slowMs);
        return;
      }
      const error = channelErrors.get(call.parsed.channel);
      if (error) {
        call.fault = 'channel-error';
        send(res, call, 200, { ok: false, error });
        return;
      }
      const wait = rateLimited(call.parsed.channel);
      if (wait !== undefined) {
        call.fault = 'ratelimit';
        send(res, call, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(wait) });
        return;
      }
    }
    send(res, call, 200, ws.handle(method, call.parsed, token));
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    });
  });
  server.on('upgrade', (req, socket, head) => hub.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;

  const fake: FakeSlack = {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    port,
    ...ids,
    calls,
    counters,
    callsTo: (method) => calls.filter((c) => c.method === method),
    messagesIn: (channel) => ws.messages.get(channel) ?? [],
    dmChannelOf: (user) => ws.dms.get(user),
    get ephemerals() {
      return ws.ephemerals;
    },
    waitForCall: (method, { count = 1, timeoutMs = 5000 } = {}) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fake slack: timed out waiting for ${count} answered ${method}`)), timeoutMs);
        const check = (): void => {
          const done = calls.filter((c) => c.method === method && c.status !== undefined);
          if (done.length >= count) {
            clearTimeout(timer);
            resolve(done);
          } else callWaiters.push(check);
        };
        check();
      }),
    responseUrl: (id = 'default') => `${baseUrl}/response/${encodeURIComponent(id)}`,
    responsesTo: (id) => calls.filter((c) => c.method === 'response_url' && c.responseId === id),
    setUser: (id, patch) => ws.setUser(id, patch),
    failNext: (spec) => {
      faults.push({ ...spec, left: spec.times ?? 1 });
    },
    clearFaults: () => {
      faults = [];
    },
    setScope: (scope, granted) => {
      if (granted) revokedScopes.delete(scope);
      else revokedScopes.add(scope);
    },
    setChannelError: (channel, error) => {
      if (error) channelErrors.set(channel, error);
      else channelErrors.delete(channel);
    },
    ...(chaos ? { chaos } : {}),
    reset: () => {
      calls.length = 0;
      Object.assign(counters, { requests: 0, count429: 0, count500: 0, countError: 0 });
      const users = Object.fromEntries(ws.users);
      ws = new FakeWorkspace(ids, users, opts.channels ? new Set(opts.channels) : undefined);
      buckets.clear();
    },
    sendEnvelope: (type, payload, o) => hub.sendEnvelope(type, payload, o),
    envelopes: hub.envelopes,
    unackedEnvelopes: () => hub.unackedEnvelopes(),
    socketConnections: () => hub.openConnections,
    socketConnectCount: () => hub.connectCount,
    waitForSocket: (timeoutMs = 5000) => hub.waitFor(() => hub.openConnections > 0, timeoutMs, 'a Socket Mode connection'),
    waitForNoSocket: (timeoutMs = 5000) => hub.waitFor(() => hub.openConnections === 0, timeoutMs, 'Socket Mode connections to close'),
    sendDisconnect: (reason) => hub.sendDisconnect(reason),
    dropSockets: () => hub.dropConnections(),
    close: async () => {
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
