import { inspect } from 'node:util';
import { webApi } from '@slack/bolt';
import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { boltLogger } from '../../adapters/slack/bolt-logger.ts';
import { createLogger } from '../../src/log.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord-server.ts';
import { fakeSecrets, leaksIn, secretNeedles } from '../helpers/fake-secrets.ts';

let discord: FakeDiscord | undefined;
afterEach(async () => {
  await discord?.close();
  discord = undefined;
});

const secrets = fakeSecrets('123456789012345678');
const needles = secretNeedles(secrets);

/** A real pino logger writing into an array, told the secrets or not. */
function capture(knowsSecrets: boolean) {
  const lines: string[] = [];
  const log = createLogger({ level: 'trace', destination: { write: (l: string) => void lines.push(l) }, ...(knowsSecrets ? { secrets: Object.values(secrets) } : {}) });
  return { log, text: () => lines.join('') };
}

async function caught(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

describe.each([
  ['told the secrets', true],
  ['not told the secrets (the error serializer alone)', false],
])('a library error logged with { err } by a logger %s', (_what, knowsSecrets) => {
  it('a Slack Web API request error carries the bot token in its axios config; the log line does not', async () => {
    const client = new webApi.WebClient(secrets.SLACK_BOT_TOKEN, {
      slackApiUrl: 'http://127.0.0.1:1/api/', retryConfig: { retries: 0 }, logger: boltLogger(createLogger({ level: 'silent' })),
    });
    const err = await caught(() => client.users.info({ user: 'U0HUMAN001' }));
    expect(inspect(err, { depth: 6 })).toContain(secrets.SLACK_BOT_TOKEN);
    const { log, text } = capture(knowsSecrets);
    log.warn({ err, userId: 'U0HUMAN001' }, 'users.info failed; treating the user as a member');
    expect(leaksIn(text(), needles)).toEqual([]);
    expect(JSON.parse(text())).toMatchObject({ err: { code: 'slack_webapi_request_error', original: { code: 'ECONNREFUSED' } } });
  });

  it('a Discord 401 raised by @discordjs/rest leaves the token out of the log line', async () => {
    discord = await startFakeDiscord();
    discord.failNext({ route: /GET \/users\/@me/, status: 401 });
    const rest = new REST({ api: discord.apiUrl }).setToken(secrets.DISCORD_TOKEN);
    const err = await caught(() => rest.get('/users/@me'));
    expect(discord.requests.at(-1)?.headers.authorization).toBe(`Bot ${secrets.DISCORD_TOKEN}`);
    const { log, text } = capture(knowsSecrets);
    log.error({ err }, 'could not log in to Discord; check DISCORD_TOKEN');
    expect(leaksIn(text(), needles)).toEqual([]);
    expect(JSON.parse(text())).toMatchObject({ err: { status: 401 } });
  });
});

describe('the known secret values', () => {
  it('are scrubbed from any field of any line, including messages built by libraries', () => {
    const { log, text } = capture(true);
    log.debug(`http request headers: {"Authorization":"Bearer ${secrets.SLACK_APP_TOKEN}"}`);
    log.info({ anything: { deep: [secrets.SLACK_SIGNING_SECRET] } }, `token ${secrets.DISCORD_TOKEN}`);
    expect(leaksIn(text(), needles)).toEqual([]);
    expect(text().match(/\[redacted\]/g)).toHaveLength(3);
  });
});
