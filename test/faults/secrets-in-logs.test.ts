import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GENERIC_FAILURE } from '../../commands/dispatch.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { slashCommandPayload } from '../fakes/slack-payloads.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-server.ts';
import { postSlashCommand } from '../fakes/slack-signing.ts';
import { startBot, type BotProcess } from '../helpers/bot-process.ts';
import { seedDailyPosts } from '../helpers/bot-store.ts';
import { fakeSecrets, leaksIn, secretNeedles, type FakeSecrets } from '../helpers/fake-secrets.ts';
import { waitFor } from '../helpers/wait.ts';

let discord: FakeDiscord;
let slack: FakeSlack;
let hf: FakeHf;
let secrets: FakeSecrets;
const bots: BotProcess[] = [];
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop();
  await Promise.all([discord.close(), slack.close(), hf.close()]);
});

async function world(opts: { discordToken?: string } = {}) {
  hf = await startFakeHf(new Map([[new Date().toISOString().slice(0, 10), loadFixtureDays().get('2026-08-20')!]]));
  slack = await startFakeSlack();
  discord = await startFakeDiscord({ guilds: [{ name: 'g1', channels: 2 }] });
  secrets = fakeSecrets(discord.botUser.id);
  if (opts.discordToken !== undefined) {
    await discord.close();
    discord = await startFakeDiscord({ guilds: [{ name: 'g1', channels: 2 }], token: opts.discordToken });
  }
}

const storeUrl = () => `sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-secrets-')), 'store.sqlite')}`;
const env = (extra: Record<string, string>) => ({
  ...secrets, DISCORD_API_URL: discord.apiUrl, SLACK_API_URL: slack.apiUrl, HF_ENDPOINT: hf.url, LOG_LEVEL: 'trace',
  DELIVERY_BACKOFF_BASE_MS: '50', DELIVERY_BACKOFF_CAP_MS: '200', ...extra,
});
const bot = (extra: Record<string, string>) => {
  const b = startBot(env(extra));
  bots.push(b);
  return b;
};

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

/** Every line the bot printed: none holds a secret, and each is a pino JSON line, except the lines listed as plain. */
function expectClean(b: BotProcess, plain: RegExp[] = []) {
  const out = b.output();
  expect(leaksIn(out, secretNeedles(secrets))).toEqual([]);
  const unstructured = out.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('{') && !plain.some((p) => p.test(l)));
  expect(unstructured).toEqual([]);
}

describe('secrets never reach stdout or stderr, at LOG_LEVEL=trace, whatever the platform libraries report', () => {
  it('Discord refuses the token on REST with 401: the bot exits 1 and says so', async () => {
    await world();
    discord.failNext({ route: /GET \/gateway/, status: 401, times: 10 });
    const b = bot({ SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '', STORE_URL: 'memory://' });
    expect((await b.exited).code).toBe(1);
    expect(b.output()).toContain('could not log in to Discord');
    expectClean(b);
  }, 30_000);

  it('the Discord gateway closes with 4004 (authentication failed): the bot exits 1 and says so', async () => {
    await world({ discordToken: 'the-token-discord-expects' });
    const b = bot({ SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '', STORE_URL: 'memory://' });
    expect((await b.exited).code).toBe(1);
    expect(b.output()).toContain('could not log in to Discord');
    expectClean(b);
  }, 30_000);

  it('Slack answers invalid_auth to auth.test: the bot exits 1 and says so', async () => {
    await world();
    slack.failNext({ method: 'auth.test', kind: 'error', error: 'invalid_auth' });
    const b = bot({ DISCORD_TOKEN: '', STORE_URL: 'memory://' });
    expect((await b.exited).code).toBe(1);
    expect(b.output()).toContain('invalid_auth');
    expectClean(b, [/^Slack did not start: /]);
  }, 30_000);

  it('Slack answers invalid_auth to apps.connections.open (Socket Mode): the bot exits 1 and names SLACK_APP_TOKEN', async () => {
    await world();
    slack.failNext({ method: 'apps.connections.open', kind: 'error', error: 'invalid_auth' });
    const b = bot({ DISCORD_TOKEN: '', SLACK_SIGNING_SECRET: '', STORE_URL: 'memory://' });
    expect((await b.exited).code).toBe(1);
    expect(b.output()).toContain('Slack did not start: Slack rejected SLACK_APP_TOKEN (apps.connections.open: invalid_auth)');
    expectClean(b, [/^Slack did not start: /]);
  }, 30_000);

  it('Slack cannot be reached at start-up: the bot exits 1 and says where it tried', async () => {
    await world();
    const b = bot({ DISCORD_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_API_URL: 'http://127.0.0.1:1/api/', STORE_URL: 'memory://' });
    expect((await b.exited).code).toBe(1);
    expect(b.output()).toContain('Slack did not start: Could not reach Slack at http://127.0.0.1:1/api/');
    expectClean(b, [/^Slack did not start: /]);
  }, 30_000);

  it('a running bot (Discord + Slack over HTTP) gets a forged Slack request, 500s on posts and an invalid_auth', async () => {
    await world();
    const port = await freePort();
    const store = storeUrl();
    const discordChannel = discord.guild('g1').channels[0]!;
    await seedDailyPosts(store, '', [
      { platform: 'discord', community: discord.guild('g1').id, channel: discordChannel.id },
      { platform: 'slack', community: slack.teamId, channel: 'C0PAPERS01' },
    ], new Date(Date.now() - 60_000));
    discord.failNext({ route: `POST /channels/${discordChannel.id}/messages`, status: 500, times: 5 });
    slack.failNext({ method: 'chat.postMessage', kind: '500' });
    const b = bot({ SLACK_APP_TOKEN: '', PORT: String(port), STORE_URL: store });
    await b.logged('daily scheduler started', 25_000);
    await waitFor(() => discord.messagesIn(discordChannel.id).length === 1, 'the Discord post after the 500s', 20_000);
    await waitFor(() => slack.messagesIn('C0PAPERS01').length === 1, 'the Slack post after the 500', 20_000);

    const url = `http://127.0.0.1:${port}/slack/events`;
    const forged = await postSlashCommand(url, secrets.SLACK_SIGNING_SECRET, { text: 'today 2' }, { forgeWithSecret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    slack.failNext({ method: 'chat.postMessage', kind: 'error', error: 'invalid_auth' });
    const signed = await postSlashCommand(url, secrets.SLACK_SIGNING_SECRET, { text: 'today 2', response_url: slack.responseUrl('ok') });
    expect(signed.status).toBe(200);
    await waitFor(() => slack.responsesTo('ok').length > 0, 'the slash command answer', 10_000);
    expect(slack.responsesTo('ok')[0]!.body).toMatchObject({ response_type: 'ephemeral', text: GENERIC_FAILURE });
    expect(await b.stop()).toBe(0);
    const logged = b.logs().map((l) => l.msg);
    expect(logged).toEqual(expect.arrayContaining(['Discord send failed', 'slash command failed', expect.stringMatching(/signature mismatch/)]));
    expect(logged).toContain(`Provided token: ${secrets.DISCORD_TOKEN.split('.').slice(0, 2).join('.')}.${'*'.repeat(38)}`);
    expectClean(b);
  }, 60_000);

  it('a bot on Slack Socket Mode loses its socket, gets a 500 reconnecting, and answers a command while Hugging Face is down', async () => {
    await world();
    const b = bot({ DISCORD_TOKEN: '', SLACK_SIGNING_SECRET: '', STORE_URL: storeUrl() });
    await slack.waitForSocket(25_000);
    slack.failNext({ method: 'apps.connections.open', kind: '500' });
    slack.dropSockets();
    await waitFor(() => slack.socketConnectCount() >= 2 && slack.socketConnections() === 1, 'the reconnection', 20_000);
    hf.failAlways({ kind: 'status', status: 500 });
    await slack.sendEnvelope('slash_commands', slashCommandPayload({ text: 'today 2', response_url: slack.responseUrl('e') }));
    await waitFor(() => slack.responsesTo('e').length > 0, 'the answer', 15_000);
    expect(await b.stop()).toBe(0);
    expectClean(b);
  }, 60_000);
});
