/**
 * The permission matrix: every privileged operation, on each platform, through the real adapter. A plain member is
 * refused with a clear message and the store is left exactly as it was; a channel manager (Discord: Manage Channels;
 * Slack: workspace admin) gets it done, and the store changes, so each row can fail both ways.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { allCommands } from '../../commands/registry.ts';
import { openPlatform, type OptionValues, type PlatformName, type PlatformWorld } from '../helpers/platform-commands.ts';

let world: PlatformWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

interface PrivilegedOperation {
  /** How the matrix names it: a subcommand, or a subcommand with the option that makes it privileged. */
  name: string;
  command: string;
  /** What must exist first (done by a manager); returns extra options, e.g. the id of the channel's alert. */
  setup?: (w: PlatformWorld) => Promise<OptionValues>;
  options: OptionValues;
  refused: RegExp;
  done: RegExp;
}

const subscribedId = (text: string) => /Subscribed \(id ([0-9a-z]{6})\)/.exec(text)?.[1] ?? `none in: ${text}`;

const OPERATIONS: PrivilegedOperation[] = [
  {
    name: 'channel set',
    command: 'channel set',
    options: { time: '07:30', timezone: 'Europe/Paris', count: 5 },
    refused: /^⚠️ Only channel managers can use \/papers channel set\.$/,
    done: /^Daily papers here: 07:30 Europe\/Paris, Mon–Fri, top 5 papers\./,
  },
  {
    name: 'channel off',
    command: 'channel off',
    setup: async (w) => (await w.run('channel set', { time: '08:00' }, 'manager'), {}),
    options: {},
    refused: /^⚠️ Only channel managers can use \/papers channel off\.$/,
    done: /^Daily papers are off here \(they were 08:00 UTC/,
  },
  {
    name: 'subscribe where:channel',
    command: 'subscribe',
    options: { query: 'diffusion -survey', where: 'channel' },
    refused: /^⚠️ Only channel managers can add alerts for this channel\. Use where: me to get them by DM\.$/,
    done: /^Subscribed \(id [0-9a-z]{6}\): diffusion -survey\nNew matching papers come in this channel/,
  },
  {
    name: "unsubscribe (the channel's alert)",
    command: 'unsubscribe',
    setup: async (w) => ({ id: subscribedId((await w.run('subscribe', { query: 'agents', where: 'channel' }, 'manager')).text) }),
    options: {},
    refused: /^⚠️ Alert [0-9a-z]{6} belongs to this channel; only channel managers can remove it\.$/,
    done: /^Removed this channel's alert [0-9a-z]{6}: agents$/,
  },
];

const PLATFORMS: PlatformName[] = ['discord', 'slack'];
const MATRIX = PLATFORMS.flatMap((p) => OPERATIONS.map((op) => [p, op.name, op] as const));

describe('privileged operations', () => {
  it('the matrix covers every subcommand marked privileged', () => {
    const privileged = allCommands().filter((c) => c.privileged).map((c) => c.name);
    expect(privileged.length).toBeGreaterThan(0);
    expect(OPERATIONS.map((o) => o.command)).toEqual(expect.arrayContaining(privileged));
  });

  it.each(MATRIX)('%s · %s: a member is refused and nothing changes; a manager succeeds', async (platform, _name, op) => {
    const w = (world = await openPlatform(platform));
    const options = { ...op.options, ...(await op.setup?.(w)) };
    const before = w.rows();

    const refused = await w.run(op.command, options, 'member');
    expect(refused.text).toMatch(op.refused);
    expect(refused.private).toBe(true);
    expect(w.rows()).toEqual(before);

    const done = await w.run(op.command, options, 'manager');
    expect(done.text).toMatch(op.done);
    expect(w.rows()).not.toEqual(before);
  });
});
