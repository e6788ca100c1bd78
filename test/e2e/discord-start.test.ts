import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCommandTree } from '../../adapters/discord/command-tree.ts';
import { allCommands } from '../../commands/registry.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { slashCommandPayload } from '../fakes/slack-payloads.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-server.ts';
import { titlesIn } from '../helpers/slack-rig.ts';
import { fixtureOrder, until } from '../discord/harness.ts';

let discord: FakeDiscord | undefined;
let hf: FakeHf | undefined;
let slack: FakeSlack | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('close', r));
  }
  child = undefined;
  await discord?.close();
  await hf?.close();
  await slack?.close();
  discord = hf = slack = undefined;
});

const root = join(import.meta.dirname, '../..');
const tempStore = () => `sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-dstart-')), 'db.sqlite')}`;

/** `npm …`, or with `node: true` the `npm start` script's own command line, so that SIGTERM reaches the bot itself. */
function run(args: string[], env: Record<string, string>, node = false) {
  const [cmd, argv] = node ? [process.execPath, ['--import', 'tsx', ...args]] : ['npm', args];
  const proc = spawn(cmd, argv, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', SLACK_BOT_TOKEN: '', SLACK_APP_TOKEN: '', SLACK_SIGNING_SECRET: '', DISCORD_GUILD_ID: '', ...env },
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ out: string; err: string; code: number | null }>((resolve) => proc.on('close', (code) => resolve({ out, err, code })));
  return { proc, done, output: () => out + err };
}

describe('Discord from the command line', () => {
  it.each([
    ['in the guild named by DISCORD_GUILD_ID', true],
    ['globally without DISCORD_GUILD_ID', false],
  ])('npm run register:discord registers the /papers tree %s', async (_where, inGuild) => {
    discord = await startFakeDiscord();
    const guild = discord.guild('g1').id;
    const env = { DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, DISCORD_GUILD_ID: inGuild ? guild : '' };
    const { out, code } = await run(['run', '--silent', 'register:discord'], env).done;
    expect(code).toBe(0);
    expect(out).toContain(inGuild ? `Registered /papers in guild ${guild}` : 'Registered /papers globally');
    const registered = discord.registeredCommands.get(inGuild ? guild : 'global');
    expect(registered).toEqual([expect.objectContaining(JSON.parse(JSON.stringify(buildCommandTree(allCommands()))))]);
    expect(discord.registeredCommands.size).toBe(1);
    expect(discord.requests.some((r) => r.method === 'GET' && r.path === '/applications/@me')).toBe(true);
  }, 60_000);

  it('the start script (npm start) logs into Discord, registers the commands, answers /papers today, and stops cleanly on SIGTERM', async () => {
    const today = new Date().toISOString().slice(0, 10);
    hf = await startFakeHf(new Map([[today, loadFixtureDays().get('2026-08-20')!]]));
    discord = await startFakeDiscord();
    const guild = discord.guild('g1').id;
    const bot = run(['bin/start.ts'], {
      DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, DISCORD_GUILD_ID: guild, DISCORD_REGISTER_ON_START: 'true',
      HF_ENDPOINT: hf.url, STORE_URL: tempStore(),
    }, true);
    child = bot.proc;
    await until(() => discord!.registeredCommands.get(guild), 20_000).catch(() => {
      throw new Error(`bot did not register: ${bot.output()}`);
    });
    const sent = discord.sendSlashCommand({ subcommand: 'today', channelId: 'c1' });
    const reply = await until(() => {
      const id = discord!.interaction(sent.token)?.originalMessageId;
      const m = id ? discord!.message(id) : undefined;
      return m?.editedAt ? m : undefined;
    }, 20_000);
    const titles = reply.embeds.map((e) => (e as { title: string }).title.replace(/^\S+ /, ''));
    expect(titles).toEqual(fixtureOrder(hf, today).slice(0, 10).map((p) => p.title));
    expect(discord.identifies[0]?.intents).toBe(1 + (1 << 10) + (1 << 12));
    child.kill('SIGTERM');
    const { code, out } = await bot.done;
    expect(code).toBe(0);
    expect(out).not.toContain('paperboy console');
  }, 90_000);

  it('exits with status 1 and a readable log line when Discord refuses the token', async () => {
    discord = await startFakeDiscord({ token: 'the-right-token' });
    const bot = run(['bin/start.ts'], { DISCORD_TOKEN: 'a-wrong-token', DISCORD_API_URL: discord.apiUrl, STORE_URL: 'memory://' }, true);
    child = bot.proc;
    const { code, err } = await bot.done;
    expect(code).toBe(1);
    expect(err).toContain('could not log in to Discord; check DISCORD_TOKEN');
    expect(err).not.toContain('a-wrong-token');
  }, 60_000);

  it('runs Discord and Slack side by side in one process; each answers /papers today', async () => {
    const today = new Date().toISOString().slice(0, 10);
    hf = await startFakeHf(new Map([[today, loadFixtureDays().get('2026-08-20')!]]));
    discord = await startFakeDiscord();
    slack = await startFakeSlack();
    const bot = run(['bin/start.ts'], {
      DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test',
      SLACK_API_URL: slack.apiUrl, HF_ENDPOINT: hf.url, STORE_URL: tempStore(),
    }, true);
    child = bot.proc;
    await slack.waitForSocket(30_000);
    await until(() => discord!.identifies.length === 1 && discord!.shards.length === 1, 30_000);
    const sent = discord.sendSlashCommand({ subcommand: 'today', options: { limit: 2 }, channelId: 'c1' });
    await slack.sendEnvelope('slash_commands', slashCommandPayload({ text: 'today 3', response_url: slack.responseUrl('both') }));
    const reply = await until(() => {
      const m = discord!.message(discord!.interaction(sent.token)?.originalMessageId ?? '');
      return m?.editedAt ? m : undefined;
    }, 20_000);
    expect(reply.embeds).toHaveLength(2);
    const [post] = await slack.waitForCall('chat.postMessage', { timeoutMs: 15_000 });
    expect(titlesIn(post!.parsed.blocks)).toHaveLength(3);
    child.kill('SIGTERM');
    expect((await bot.done).code).toBe(0);
  }, 90_000);
});
