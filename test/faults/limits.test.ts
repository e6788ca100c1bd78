/**
 * Oversized input, through the real adapters: each command answers the caller privately with a short, clear error and
 * writes nothing to the store. Discord's client enforces the registered option lengths, but the API does not (the fake
 * lets anything through), and Slack sends whatever was typed, so paperboy must bound its input itself. A person cannot
 * create keys without bound either: keyword alerts stop at the per-person cap.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_USER_SUBSCRIPTIONS } from '../../src/alerts/owners.ts';
import { openPlatform, type OptionValues, type PlatformName, type PlatformWorld, type Role } from '../helpers/platform-commands.ts';

let world: PlatformWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Longer than this, an error reply would be a wall of text rather than a clear message. */
const CLEAR_ERROR_MAX = 700;
const x = (n: number) => 'x'.repeat(n);

type Row = [string, string, OptionValues, Role, RegExp];

const DISCORD: Row[] = [
  ['a limit of 10^12', 'today', { limit: 1e12 }, 'member', /limit must be between 1 and 25/],
  ['a 100-character date', 'today', { date: x(100) }, 'member', /^⚠️ date is too long \(100 characters; at most 10\)\.\nUsage: \/papers today/],
  ['a 5,000-character time', 'channel set', { time: x(5000) }, 'manager', /^⚠️ time is too long \(5,000 characters; at most 8\)\./],
  ['a 5,000-character time zone', 'channel set', { timezone: x(5000) }, 'manager', /^⚠️ timezone is too long \(5,000 characters; at most 64\)\./],
  ['a 5,000-character paper id', 'paper', { id: x(5000) }, 'member', /^⚠️ id is too long \(5,000 characters; at most 500\)\./],
  ['a 301-character query', 'subscribe', { query: x(301) }, 'member', /^⚠️ That query does not work: Query is too long: 301 characters \(at most 300\)/],
  ['a 5,000-character query', 'subscribe', { query: 'agent '.repeat(833) }, 'member', /Query is too long: 4,?997 characters \(at most 300\)/],
  ['a 5,000-character alert id', 'unsubscribe', { id: x(5000) }, 'member', /^⚠️ id is too long \(5,000 characters; at most 20\)\./],
  ['a 5,000-character period', 'top', { period: x(5000) }, 'member', /period must be day, week or month/],
];

const SLACK: Array<[string, string, Role, RegExp]> = [
  ['a 10,000-character command', `today ${x(10_000)}`, 'member', /^⚠️ That command is too long \(10,006 characters; at most 1,000\)\. Try \/papers help\.$/],
  ['a limit of 10^12', 'today limit:1000000000000', 'member', /limit must be between 1 and 25/],
  ['a 100-character date', `today date:${x(100)}`, 'member', /^⚠️ date is too long \(100 characters; at most 10\)\./],
  ['a 900-character time', `channel set time:${x(900)}`, 'manager', /^⚠️ time is too long \(900 characters; at most 8\)\./],
  ['a 301-character query', `subscribe ${x(301)}`, 'member', /That query does not work: Query is too long: 301 characters \(at most 300\)/],
  ['a 900-character alert id', `unsubscribe ${x(900)}`, 'member', /^⚠️ id is too long \(900 characters; at most 20\)\./],
  ['a 900-character unknown word', `today ${x(900)}`, 'member', /^⚠️ I did not understand "x{60}…" \(900 characters\)\.\nUsage: \/papers today/],
  ['a 400-character paper id', `paper ${x(400)}`, 'member', /^⚠️ "x{60}…" \(400 characters\) is not an arXiv id or a paper link/],
  ['a paper link with a broken %-escape', 'paper arxiv.org/abs/%E0%A4%A', 'member', /^⚠️ "arxiv\.org\/abs\/%E0%A4%A" has a broken %-escape/],
  ['a 64-character time zone', `channel set timezone:Mars/${x(59)}`, 'manager', /^⚠️ timezone: "Mars\/x{55}…" \(64 characters\) is not an IANA time zone/],
];

async function expectClearRefusal(w: PlatformWorld, send: () => Promise<{ text: string; private: boolean }>, expected: RegExp) {
  const before = w.rows();
  const answer = await send();
  expect(answer.text).toMatch(expected);
  expect(answer.text.length).toBeLessThan(CLEAR_ERROR_MAX);
  expect(answer.private).toBe(true);
  expect(w.rows()).toEqual(before);
  // A user's typo is not the bot's failure: no error-level line ("command failed") for anyone to trigger at will.
  expect(w.logs.filter((l) => l.level >= 50)).toEqual([]);
}

describe('oversized input gets a short, clear, private error and writes nothing', () => {
  it.each(DISCORD)('discord: %s', async (_what, command, options, as, expected) => {
    const w = (world = await openPlatform('discord'));
    await expectClearRefusal(w, () => w.run(command, options, as), expected);
  });

  it.each(SLACK)('slack: %s', async (_what, text, as, expected) => {
    const w = (world = await openPlatform('slack'));
    await expectClearRefusal(w, () => w.runText!(text, as), expected);
  });
});

describe('a person cannot create keys without bound', () => {
  it.each<PlatformName>(['discord', 'slack'])('%s: keyword alerts stop at the per-person cap, and the refused one stores nothing', async (platform) => {
    const w = (world = await openPlatform(platform));
    for (let i = 0; i < MAX_USER_SUBSCRIPTIONS; i++)
      expect((await w.run('subscribe', { query: `topic${i}` }, 'member')).text).toMatch(/^Subscribed \(id /);
    await expectClearRefusal(
      w,
      () => w.run('subscribe', { query: 'one more' }, 'member'),
      /^⚠️ Not added: you have 25 keyword alerts already, the most per person\. Remove one with \/papers unsubscribe <id>/,
    );
    expect(await w.app.alerts.list({ ...w.where(), user: platform === 'slack' ? 'U0HUMAN001' : '700000000000000002' })).toHaveLength(25);
  });
});
