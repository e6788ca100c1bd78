/**
 * What the Discord sender tells the delivery queue when a send fails (issue #12, defects 1 and 6; decision 085), through
 * the real discord.js against the fake Discord: a token problem, a refused payload, a closed destination, a post that
 * may have landed, and a queue that lost its claim before posting.
 */
import { createServer } from 'node:net';
import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordSender } from '../../adapters/discord/sender.ts';
import type { Destination, Reply, SendContext } from '../../src/model.ts';
import { NONCE_WINDOW_MS } from '../fakes/discord-server.ts';
import { startHarness, type Harness } from '../discord/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const hello: Reply = { kind: 'text', text: 'hello' };
const channelTo = (harness: Harness, name = 'c1'): Destination => ({
  platform: 'discord', community: harness.discord.guild('g1').id, channel: harness.discord.channel(name, 'g1').id,
});
const creates = (harness: Harness, to: Destination) =>
  harness.discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${to.channel}/messages`);
const ctxOf = (key: string, extra: Partial<SendContext> = {}): SendContext => ({ idempotencyKey: key, attempt: 1, ...extra });
/** A text reply the renderer splits into two messages (over 2,000 characters, on line breaks). */
const twoParts: Reply = { kind: 'text', text: Array.from({ length: 30 }, (_, i) => `line ${i} ${'x'.repeat(90)}`).join('\n') };

describe('a token that cannot send anywhere', () => {
  it('is a tokenProblem (not permanent), and sending resumes by itself once the 401s stop', async () => {
    h = await startHarness();
    const to = channelTo(h);
    h.discord.revokeToken();
    expect(await h.adapter.sender.send(to, hello)).toEqual({ ok: false, tokenProblem: expect.stringMatching(/401/) });
    // discord.js dropped its token after the 401: the sender sets it again, so the probe reaches Discord.
    expect(await h.adapter.sender.send(to, hello)).toEqual({ ok: false, tokenProblem: expect.stringMatching(/401/) });
    h.discord.revokeToken(false);
    expect(await h.adapter.sender.send(to, hello)).toMatchObject({ ok: true });
    expect(h.discord.messagesIn(to.channel)).toHaveLength(1);
  });

  it('is a tokenProblem too when discord.js already dropped the token (a sender not given the token)', async () => {
    h = await startHarness();
    const to = channelTo(h);
    const rest = h.adapter.client.rest;
    const bare = createDiscordSender({ rest, publisher: { published: async () => {} }, log: h.app.log });
    h.discord.revokeToken();
    expect(await bare.send(to, hello)).toEqual({ ok: false, tokenProblem: expect.stringMatching(/401/) });
    h.discord.revokeToken(false);
    expect(await bare.send(to, hello)).toEqual({ ok: false, tokenProblem: expect.stringMatching(/Expected token/) });
  });
});

describe('Discord error answers', () => {
  it.each([
    ['401 Unauthorized', { status: 401 }, 'tokenProblem'],
    ['403 40002 verify your account', { status: 403, code: 40002, message: 'You need to verify your account' }, 'tokenProblem'],
    ['400 50035 Invalid Form Body', { status: 400, code: 50035 }, 'refused'],
    ['400 50006 empty message', { status: 400, code: 50006, message: 'Cannot send an empty message' }, 'refused'],
    ['413 40005 request entity too large', { status: 413, code: 40005, message: 'Request entity too large' }, 'refused'],
    ['403 50001 Missing Access', { status: 403, code: 50001 }, 'permanent'],
    ['400 50008 a non-text channel', { status: 400, code: 50008, message: 'Cannot send messages in a non-text channel' }, 'permanent'],
    ['404 10003 Unknown Channel', { status: 404, code: 10003 }, 'permanent'],
    ['409 (any other refusal)', { status: 409, code: 0, message: 'Conflict' }, 'transient'],
  ] as const)('maps %s to %s', async (_what, fault, kind) => {
    h = await startHarness();
    const to = channelTo(h);
    h.discord.failNext({ route: `POST /channels/${to.channel}/messages`, ...fault });
    expect(await h.adapter.sender.send(to, hello)).toEqual({ ok: false, [kind]: expect.any(String) });
    expect(h.discord.messagesIn(to.channel)).toEqual([]);
  });

  it('a payload Discord refuses (400 50035) is refused, and the channel still takes other messages', async () => {
    h = await startHarness();
    const to = channelTo(h);
    h.discord.refuseMessages((body) => JSON.stringify(body).includes('broken digest'));
    const outcome = await h.adapter.sender.send(to, { kind: 'text', text: 'a broken digest' });
    expect(outcome).toEqual({ ok: false, refused: expect.stringMatching(/50035/) });
    expect(await h.adapter.sender.send(to, hello)).toMatchObject({ ok: true });
    expect(h.discord.messagesIn(to.channel).map((m) => m.content)).toEqual(['hello']);
  });

  it('a connection that never opened is transient (nothing can have been posted)', async () => {
    h = await startHarness();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((r) => closed.close(() => r()));
    const rest = new REST({ api: `http://127.0.0.1:${port}/api`, retries: 0 }).setToken('t');
    const sender = createDiscordSender({ rest, publisher: { published: async () => {} }, log: h.app.log });
    expect(await sender.send(channelTo(h), hello)).toEqual({ ok: false, transient: expect.stringMatching(/ECONNREFUSED/) });
  });
});

describe('a post that is slow but accepted', () => {
  it('is unknown, and a retry with the same idempotency key gets the message already created', async () => {
    h = await startHarness();
    const quick = await h.startAnother({ restTimeoutMs: 200 });
    const to = channelTo(h);
    // discord.js aborts after 200 ms and retries 3 times with the same body: every answer comes late.
    h.discord.answerLate({ route: `POST /channels/${to.channel}/messages`, delayMs: 1_500, times: 4 });
    const first = await quick.sender.send(to, hello, ctxOf('daily:discord:g1:c1:2026-08-20'));
    expect(first).toEqual({ ok: false, unknown: expect.stringMatching(/in time/) });
    const created = h.discord.messagesIn(to.channel);
    expect(created).toHaveLength(1);
    expect(new Set(creates(h, to).map((r) => (r.body as { nonce: string }).nonce)).size).toBe(1);

    h.discord.advanceClock(NONCE_WINDOW_MS - 60_000);
    const retry = await quick.sender.send(to, hello, ctxOf('daily:discord:g1:c1:2026-08-20', { attempt: 2, outcomeUnknown: true }));
    expect(retry).toEqual({ ok: true, messageId: created[0]!.id, recordedPosts: true });
    expect(h.discord.messagesIn(to.channel)).toHaveLength(1);
  });

  it('lands once when discord.js\'s own retry after the timeout meets the nonce', async () => {
    h = await startHarness();
    const quick = await h.startAnother({ restTimeoutMs: 200 });
    const to = channelTo(h);
    h.discord.answerLate({ route: `POST /channels/${to.channel}/messages`, delayMs: 1_500 });
    expect(await quick.sender.send(to, hello, ctxOf('k1'))).toMatchObject({ ok: true });
    expect(h.discord.messagesIn(to.channel)).toHaveLength(1);
    expect(creates(h, to)).toHaveLength(2);
  });

  it('under seeded chaos answering 30% of posts late, each channel gets one message once unknown sends are retried', async () => {
    h = await startHarness({
      // Fixed channel ids: chaos draws per request path, so the run is the same every time.
      fake: { guilds: [{ name: 'g1', channels: Array.from({ length: 20 }, (_, i) => ({ id: String(900_000_000_000_000_000n + BigInt(i)) })) }],
        chaos: { rate500: 0, rate429: 0, rateSlow: 0.3, slowMs: 1_000, seed: 5 } },
    });
    const quick = await h.startAnother({ restTimeoutMs: 150, clientOptions: { rest: { retries: 1 } } });
    const channels = h.discord.guild('g1').channels.map((c) => c.id);
    let unknown = 0;
    const sendAll = async (attempt: number) =>
      Promise.all(channels.map(async (id) => {
        const to: Destination = { platform: 'discord', community: h!.discord.guild('g1').id, channel: id };
        for (;;) {
          const outcome = await quick.sender.send(to, hello, ctxOf(`chaos:${id}`, { attempt, outcomeUnknown: attempt > 1 }));
          if (outcome.ok) return 'ok';
          expect(outcome).toEqual({ ok: false, unknown: expect.any(String) });
          (unknown++, attempt++);
        }
      }));
    expect(await sendAll(1)).toEqual(channels.map(() => 'ok'));
    // discord.js (1 retry here) resolves most late answers by itself through the nonce; the rest come back unknown.
    expect(h.discord.chaos!.counts.slow).toBeGreaterThan(unknown);
    expect(unknown).toBeGreaterThan(0);
    expect(channels.map((id) => h!.discord.messagesIn(id).length)).toEqual(channels.map(() => 1));
  });

  it('is protected by the nonce only within the window: a retry after it posts again', async () => {
    h = await startHarness();
    const to = channelTo(h);
    expect(await h.adapter.sender.send(to, hello, ctxOf('k2'))).toMatchObject({ ok: true });
    h.discord.advanceClock(NONCE_WINDOW_MS + 1);
    expect(await h.adapter.sender.send(to, hello, ctxOf('k2', { attempt: 2, outcomeUnknown: true }))).toMatchObject({ ok: true });
    expect(h.discord.messagesIn(to.channel)).toHaveLength(2);
  });

  it('a slow DM channel open is transient, not unknown (no message create was in flight)', async () => {
    h = await startHarness();
    const quick = await h.startAnother({ restTimeoutMs: 200 });
    const to: Destination = { platform: 'discord', community: h.discord.guild('g1').id, channel: '', user: h.discord.testUser.id };
    h.discord.answerLate({ route: 'POST /users/@me/channels', delayMs: 1_500, times: 4 });
    expect(await quick.sender.send(to, hello, ctxOf('k3'))).toEqual({ ok: false, transient: expect.stringMatching(/in time/) });
  });
});

describe('a queue that may no longer post (mayPost)', () => {
  it('says fenced at once and posts nothing', async () => {
    h = await startHarness();
    const to = channelTo(h);
    const outcome = await h.adapter.sender.send(to, hello, ctxOf('k4', { mayPost: async () => false }));
    expect(outcome).toEqual({ ok: false, fenced: expect.any(String) });
    expect(creates(h, to)).toEqual([]);
    expect(h.discord.messagesIn(to.channel)).toEqual([]);
  });

  it('is asked before each part of a split reply, and stops at the first no', async () => {
    h = await startHarness();
    const to = channelTo(h);
    let asked = 0;
    const allowed = await h.adapter.sender.send(to, twoParts, ctxOf('k5', { mayPost: async () => (asked++, true) }));
    expect(allowed).toMatchObject({ ok: true });
    expect(asked).toBe(2);
    const answers = [true, false];
    const stopped = await h.adapter.sender.send(to, twoParts, ctxOf('k6', { mayPost: async () => answers.shift()! }));
    expect(stopped).toEqual({ ok: false, fenced: expect.stringMatching(/part 2 of 2/) });
    expect(h.discord.messagesIn(to.channel)).toHaveLength(3);
  });
});
