/** `npm start` with Slack credentials: the composition root starts the real Slack adapter against the fakes. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { slashCommandPayload } from '../fakes/slack-payloads.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-server.ts';
import { postSlashCommand } from '../fakes/slack-signing.ts';
import { titlesIn } from '../helpers/slack-rig.ts';

let hf: FakeHf;
let slack: FakeSlack;
let child: ChildProcess | undefined;
let stderr = '';

afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('close', r));
  }
  child = undefined;
  await slack.close();
  await hf.close();
});

const today = new Date().toISOString().slice(0, 10);

async function start(env: Record<string, string>, prepare?: (fake: FakeSlack) => void) {
  hf = await startFakeHf(new Map([[today, loadFixtureDays().get('2026-08-20')!]]));
  slack = await startFakeSlack();
  prepare?.(slack);
  stderr = '';
  child = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], {
    cwd: join(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      DISCORD_TOKEN: '',
      HF_ENDPOINT: hf.url,
      STORE_URL: `sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-slack-')), 'db.sqlite')}`,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_APP_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      SLACK_API_URL: slack.apiUrl,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
}

const exited = () => new Promise<number | null>((r) => (child!.exitCode !== null ? r(child!.exitCode) : child!.once('close', r)));

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

describe('npm start with Slack', () => {
  it('runs in Socket Mode with an app token, answers /papers today, and stops cleanly on SIGTERM', async () => {
    await start({ SLACK_APP_TOKEN: 'xapp-test' });
    await slack.waitForSocket(30_000);
    await slack.sendEnvelope('slash_commands', slashCommandPayload({ text: 'today 3', response_url: slack.responseUrl('e2e') }));
    const [post] = await slack.waitForCall('chat.postMessage', { timeoutMs: 15_000 });
    expect(titlesIn(post!.parsed.blocks)).toHaveLength(3);
    child!.kill('SIGTERM');
    expect(await exited()).toBe(0);
    await slack.waitForNoSocket(5_000);
  }, 60_000);

  it('runs in HTTP mode on PORT with a signing secret', async () => {
    const port = await freePort();
    await start({ SLACK_SIGNING_SECRET: 'e2e-secret', PORT: String(port) });
    const url = `http://127.0.0.1:${port}/slack/events`;
    await expect.poll(() => fetch(url, { method: 'POST' }).then((r) => r.status, () => 0), { timeout: 30_000, interval: 200 }).toBe(401);
    const res = await postSlashCommand(url, 'e2e-secret', { text: 'today 2', response_url: slack.responseUrl('h') });
    expect(res.status).toBe(200);
    const [post] = await slack.waitForCall('chat.postMessage', { timeoutMs: 15_000 });
    expect(titlesIn(post!.parsed.blocks)).toHaveLength(2);
  }, 60_000);

  it('exits with a clear message when Slack refuses the bot token', async () => {
    await start({ SLACK_APP_TOKEN: 'xapp-test' }, (fake) => fake.failNext({ method: 'auth.test', kind: 'error', error: 'invalid_auth' }));
    expect(await exited()).toBe(1);
    expect(stderr).toContain('Slack did not start: Slack rejected SLACK_BOT_TOKEN (auth.test: invalid_auth)');
  }, 60_000);
});
