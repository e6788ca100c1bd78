/**
 * Issue #12, suspected: STORE_URL passwords were in no redaction list, and a malformed Redis URL at start-up crashed the
 * bot with node-redis's `TypeError: Invalid URL { input: 'redis://user:password@…' }` on stderr.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, secretsOf } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startBot, type BotProcess } from '../helpers/bot-process.ts';

const PASSWORD = 'hunter2-store-password';
const bots: BotProcess[] = [];
afterEach(async () => {
  for (const b of bots.splice(0)) await b.stop();
});

describe('a STORE_URL password never reaches stdout, stderr or a log line', () => {
  it.each([
    ['Redis, port not a number', `redis://paperboy:${PASSWORD}@127.0.0.1:notaport/0`],
    ['PostgreSQL, port not a number', `postgres://paperboy:${PASSWORD}@127.0.0.1:notaport/test`],
  ])('a malformed URL (%s) is a configuration error that names STORE_URL and not the password', async (_what, url) => {
    const b = startBot({ STORE_URL: url, DISCORD_TOKEN: '', SLACK_BOT_TOKEN: '', LOG_LEVEL: 'trace' });
    bots.push(b);
    expect((await b.exited).code).toBe(2);
    expect(b.output()).toContain('STORE_URL: not a valid URL');
    expect(b.output()).not.toContain(PASSWORD);
    expect(b.output()).not.toContain('hunter2');
  }, 30_000);

  it('a well-formed URL: its password, as written and percent-decoded, is scrubbed from any line a library writes', () => {
    const config = loadConfig({ STORE_URL: 'redis://paperboy:p%40ss-word-9@127.0.0.1:6379/0' });
    const lines: string[] = [];
    const log = createLogger({ level: 'trace', secrets: secretsOf(config), destination: { write: (l: string) => void lines.push(l) } });
    log.warn({ err: { message: 'WRONGPASS invalid password p@ss-word-9' } }, 'store connection error');
    log.debug('connecting to 127.0.0.1:6379 with p%40ss-word-9');
    expect(lines.join('')).not.toMatch(/p@ss-word-9|p%40ss-word-9/);
    expect(lines.join('').match(/\[redacted\]/g)).toHaveLength(2);
  });
});
