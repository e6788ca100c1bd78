import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

const problems = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
};

describe('Slack configuration', () => {
  it.each([
    ['Socket Mode', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }],
    ['HTTP mode', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abc' }],
    ['both set (Socket Mode wins)', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 'abc' }],
    ['no Slack at all', {}],
  ])('accepts %s', (_, env) => expect(problems(env)).toBe(''));

  it.each([
    ['HTTP mode without a signing secret', { SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET: required in HTTP mode.*SLACK_APP_TOKEN for Socket Mode/],
    ['an app token without a bot token', { SLACK_APP_TOKEN: 'xapp-1' }, /SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN/],
    ['a user token as bot token', { SLACK_BOT_TOKEN: 'xoxp-1', SLACK_APP_TOKEN: 'xapp-1' }, /SLACK_BOT_TOKEN: expected the Bot User OAuth Token/],
    ['a bot token as app token', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }, /SLACK_APP_TOKEN: expected an app-level token/],
  ])('refuses %s with a clear message', (_, env, message) => expect(problems(env)).toMatch(message));

  it('lists a Slack problem together with the others', () => {
    const msg = problems({ SLACK_BOT_TOKEN: 'xoxb-1', PORT: 'eighty', STORE_URL: 'mongo://x' });
    expect(msg).toMatch(/SLACK_SIGNING_SECRET: required/);
    expect(msg).toMatch(/PORT/);
    expect(msg).toMatch(/STORE_URL/);
  });

  it('has defaults for the Slack variables', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ SLACK_API_URL: 'https://slack.com/api/', SLACK_ADMIN_USERS: [], SLACK_ADMIN_CACHE_SECONDS: 300, PORT: 3000 });
    expect(loadConfig({ SLACK_ADMIN_USERS: ' U1, U2 ,' }).SLACK_ADMIN_USERS).toEqual(['U1', 'U2']);
  });
});
