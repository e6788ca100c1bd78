/** Who may change channel settings on Slack: workspace admins and owners (users.info), or SLACK_ADMIN_USERS. */
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '@slack/bolt';
import { createSlackAdminCheck } from '../../adapters/slack/admins.ts';
import { silentLogger } from '../../src/log.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-server.ts';
import { FAST_RETRY } from '../helpers/slack-rig.ts';

let slack: FakeSlack;
afterEach(() => slack.close());

async function check(adminUsers: string[] = []) {
  slack = await startFakeSlack({
    users: {
      U0ADMIN001: { is_admin: true },
      U0OWNER001: { is_owner: true },
      U0PRIME001: { is_owner: true, is_primary_owner: true },
      U0GONE0001: { is_admin: true, deleted: true },
    },
  });
  const app = new App({ token: 'xoxb-test', signingSecret: 's', deferInitialization: true, tokenVerificationEnabled: false, clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: FAST_RETRY } });
  let clock = 0;
  const admins = createSlackAdminCheck({ client: app.client, adminUsers, ttlMs: 60_000, log: silentLogger(), now: () => clock });
  return { admins, advance: (ms: number) => (clock += ms) };
}

describe('Slack channel-manager check', () => {
  it.each([
    ['a workspace admin', 'U0ADMIN001', true],
    ['an owner', 'U0OWNER001', true],
    ['the primary owner', 'U0PRIME001', true],
    ['a member', 'U0HUMAN001', false],
    ['a deactivated admin', 'U0GONE0001', false],
  ])('%s → %s', async (_, user, expected) => {
    const { admins } = await check();
    expect(await admins.canManage('T0FAKE0001', user)).toBe(expected);
  });

  it('lets SLACK_ADMIN_USERS members manage without asking Slack', async () => {
    const { admins } = await check(['U0HUMAN001']);
    expect(await admins.canManage('T0FAKE0001', 'U0HUMAN001')).toBe(true);
    expect(slack.callsTo('users.info')).toHaveLength(0);
  });

  it('remembers an answer for the cache time, then asks again', async () => {
    const { admins, advance } = await check();
    await admins.canManage('T0FAKE0001', 'U0HUMAN001');
    slack.setUser('U0HUMAN001', { is_admin: true });
    expect(await admins.canManage('T0FAKE0001', 'U0HUMAN001')).toBe(false);
    advance(60_001);
    expect(await admins.canManage('T0FAKE0001', 'U0HUMAN001')).toBe(true);
    expect(slack.callsTo('users.info')).toHaveLength(2);
  });

  it('treats a failed lookup as "not a manager" and does not remember it', async () => {
    const { admins } = await check();
    slack.failNext({ method: 'users.info', kind: 'error', error: 'user_not_found' });
    expect(await admins.canManage('T0FAKE0001', 'U0ADMIN001')).toBe(false);
    expect(await admins.canManage('T0FAKE0001', 'U0ADMIN001')).toBe(true);
  });
});
