/** Who may change channel settings on Slack: workspace admins and owners (users.info), or SLACK_ADMIN_USERS. */
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '@slack/bolt';
import { createSlackAdminCheck } from '../../adapters/slack/admins.ts';
import { silentLogger } from '../../src/log.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-server.ts';
import { postSlashCommand } from '../fakes/slack-signing.ts';
import { FAST_RETRY, SIGNING_SECRET, startSlackRig, type SlackRig } from '../helpers/slack-rig.ts';

let slack: FakeSlack | undefined;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

async function check(adminUsers: string[] = []) {
  const fake = (slack = await startFakeSlack({
    users: {
      U0ADMIN001: { is_admin: true },
      U0OWNER001: { is_owner: true },
      U0PRIME001: { is_owner: true, is_primary_owner: true },
      U0GONE0001: { is_admin: true, deleted: true },
    },
  }));
  const app = new App({ token: 'xoxb-test', signingSecret: 's', deferInitialization: true, tokenVerificationEnabled: false, clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: FAST_RETRY } });
  let clock = 0;
  const admins = createSlackAdminCheck({ client: app.client, adminUsers, ttlMs: 60_000, log: silentLogger(), now: () => clock });
  return { admins, fake, advance: (ms: number) => (clock += ms) };
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
    const { admins, fake } = await check(['U0HUMAN001']);
    expect(await admins.canManage('T0FAKE0001', 'U0HUMAN001')).toBe(true);
    expect(fake.callsTo('users.info')).toHaveLength(0);
  });

  it('remembers an answer for the cache time, then asks again', async () => {
    const { admins, fake, advance } = await check();
    await admins.canManage('T0FAKE0001', 'U0HUMAN001');
    fake.setUser('U0HUMAN001', { is_admin: true });
    expect(await admins.canManage('T0FAKE0001', 'U0HUMAN001')).toBe(false);
    advance(60_001);
    expect(await admins.canManage('T0FAKE0001', 'U0HUMAN001')).toBe(true);
    expect(fake.callsTo('users.info')).toHaveLength(2);
  });

  it('treats a failed lookup as "not a manager" and does not remember it', async () => {
    const { admins, fake } = await check();
    fake.failNext({ method: 'users.info', kind: 'error', error: 'user_not_found' });
    expect(await admins.canManage('T0FAKE0001', 'U0ADMIN001')).toBe(false);
    expect(await admins.canManage('T0FAKE0001', 'U0ADMIN001')).toBe(true);
  });
});

describe('/papers channel set through Slack (privileged)', () => {
  let rig: SlackRig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  async function channelSet(r: SlackRig, user: string) {
    const id = `${user}-${Math.random()}`;
    await postSlashCommand(r.url, SIGNING_SECRET, { text: 'channel set 13:00 UTC', user_id: user, response_url: r.slack.responseUrl(id) });
    await r.adapter.idle();
    return r.slack.responsesTo(id)[0]?.parsed;
  }
  const papersChannel = (r: SlackRig) => ({ platform: 'slack' as const, community: r.slack.teamId, channel: 'C0PAPERS01' });

  it('refuses a member, privately and clearly, and changes nothing', async () => {
    const r = (rig = await startSlackRig({ fake: { users: { U0ADMIN001: { is_admin: true } } } }));
    const answer = await channelSet(r, 'U0HUMAN001');
    expect(answer).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/Only channel managers can use \/papers channel set/) });
    expect((await r.core.channels.get(papersChannel(r)))?.enabled ?? false).toBe(false);
  });

  it.each([
    ['a workspace admin', 'U0ADMIN001', []],
    ['a workspace owner', 'U0OWNER001', []],
    ['a member listed in SLACK_ADMIN_USERS', 'U0HUMAN001', ['U0HUMAN001']],
  ])('lets %s turn on the daily post', async (_, user, adminUsers) => {
    const r = (rig = await startSlackRig({ fake: { users: { U0ADMIN001: { is_admin: true }, U0OWNER001: { is_owner: true } } }, adapter: { adminUsers } }));
    const answer = await channelSet(r, user);
    expect(answer).toMatchObject({ response_type: 'in_channel', text: expect.stringMatching(/Daily papers here: 13:00 UTC/) });
    expect(await r.core.channels.get(papersChannel(r))).toMatchObject({ enabled: true, time: '13:00', timezone: 'UTC' });
  });
});
