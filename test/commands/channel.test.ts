import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandDeps } from '../../commands/deps.ts';
import { runCommand } from '../../commands/dispatch.ts';
import { parseCommandText } from '../../commands/parse-text.ts';
import { createDestinationHealth, type DestinationHealth } from '../../src/delivery/destination-health.ts';
import { createPlatformStatus } from '../../src/delivery/platform-status.ts';
import { silentLogger } from '../../src/log.ts';
import type { Destination, Reply } from '../../src/model.ts';
import { createHfClient } from '../../src/papers/hf-client.ts';
import { createPapersService } from '../../src/papers/papers-service.ts';
import { createChannelSettings } from '../../src/schedule/channel-settings.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';

const here: Destination = { platform: 'discord', community: 'g1', channel: 'c1' };
let store: Store;
let deps: CommandDeps;
let health: DestinationHealth;

beforeEach(async () => {
  store = await openStore('memory://', silentLogger());
  const source = createHfClient({ endpoint: 'http://127.0.0.1:9', log: silentLogger(), retries: 0 });
  const papers = createPapersService({ source, store, log: silentLogger(), refreshMs: 1, pastDayMs: 1, lookbackDays: 1 });
  health = createDestinationHealth(store, silentLogger());
  const channels = createChannelSettings({ store, defaultTimeZone: 'Europe/Paris', health });
  deps = { papers, config: { TZ_DEFAULT: 'Europe/Paris' }, log: silentLogger(), channels, destinations: health };
});
afterEach(() => store.close());

/** Runs a typed command line as a channel manager (or not), at a fixed time: Thursday 2026-08-20 05:40 UTC. */
function run(text: string, { manager = true, now = '2026-08-20T05:40:00Z' } = {}): Promise<Reply> {
  const parsed = parseCommandText(text);
  if (!parsed.ok) return Promise.resolve({ kind: 'error', message: parsed.message });
  return runCommand(
    { command: parsed.command, options: parsed.options, user: { id: 'u1', name: 'ada', canManageChannel: manager }, where: here, now: new Date(now) },
    deps,
  );
}
const textOf = (r: Reply) => (r.kind === 'text' ? r.text : r.kind === 'error' ? `ERROR ${r.message}` : r.kind);

describe('/papers channel set', () => {
  it('turns the daily post on with defaults and says when the next one is due, in the channel zone', async () => {
    expect(textOf(await run('channel set'))).toBe(
      'Daily papers here: 09:00 Europe/Paris, Mon–Fri, top 10 papers.\nNext post: Thu 20 Aug 2026, 09:00 Europe/Paris (UTC+2), in 1 h 20 min.',
    );
    expect(await deps.channels!.get(here)).toMatchObject({ enabled: true, time: '09:00', timezone: 'Europe/Paris', weekdays: [1, 2, 3, 4, 5], count: 10, minUpvotes: 0 });
  });

  it.each([
    ['channel set 7:30 America/New_York 5 mon,wed,fri', { time: '07:30', timezone: 'America/New_York', count: 5, weekdays: [1, 3, 5] }],
    ['channel set time:9am timezone:utc count:3 min_upvotes:20', { time: '09:00', timezone: 'UTC', count: 3, minUpvotes: 20 }],
    ['channel set 18:00 daily', { time: '18:00', weekdays: [1, 2, 3, 4, 5, 6, 7] }],
    ['channel set --weekdays weekends --count 25', { weekdays: [6, 7], count: 25 }],
    ['channel set Asia/Tokyo 10 5', { timezone: 'Asia/Tokyo', count: 10, minUpvotes: 5 }],
  ])('understands "%s"', async (text, expected) => {
    expect((await run(text)).kind).toBe('text');
    expect(await deps.channels!.get(here)).toMatchObject(expected);
  });

  it('keeps earlier choices when only one option changes', async () => {
    await run('channel set 7:30 America/New_York 5 mon,wed,fri');
    await run('channel set count:8');
    expect(await deps.channels!.get(here)).toMatchObject({ time: '07:30', timezone: 'America/New_York', count: 8, weekdays: [1, 3, 5] });
  });

  it.each([
    ['channel set time:25:00', /time: "25:00" is not a time; write HH:MM/],
    ['channel set timezone:Mars/Olympus', /timezone: "Mars\/Olympus" is not an IANA time zone/],
    ['channel set count:0', /count must be between 1 and 25/],
    ['channel set count:26', /count must be between 1 and 25/],
    ['channel set min_upvotes:-1', /min_upvotes must be 0 or more/],
    ['channel set weekdays:funday', /"funday" is not a set of weekdays/],
  ])('rejects "%s" with a clear message and the usage', async (text, message) => {
    const reply = await run(text);
    expect(textOf(reply)).toMatch(message);
    expect(textOf(reply)).toMatch(/Usage: \/papers channel set/);
    expect(await deps.channels!.get(here)).toBeUndefined();
  });

  it('refuses people who cannot manage the channel', async () => {
    expect(textOf(await run('channel set 9:00', { manager: false }))).toBe('ERROR Only channel managers can use /papers channel set.');
    expect(textOf(await run('channel off', { manager: false }))).toBe('ERROR Only channel managers can use /papers channel off.');
    expect(await deps.channels!.get(here)).toBeUndefined();
  });

  it('clears a delivery failure and says so', async () => {
    await health.markFailing(here, 'Missing Access', Date.parse('2026-08-19T09:00:00Z'));
    expect(textOf(await run('channel set'))).toMatch(/Delivery here had stopped \(Missing Access, since 2026-08-19 09:00 UTC\); it is resumed\./);
    expect(await health.isFailing(here)).toBe(false);
  });
});

describe('/papers channel show and off', () => {
  it('shows the next post in the channel zone, for anyone, privately', async () => {
    await run('channel set 9:00 America/New_York mon-fri');
    const reply = await run('channel show', { manager: false, now: '2026-08-21T14:00:00Z' });
    expect(reply).toEqual({
      kind: 'text',
      ephemeral: true,
      text: 'Daily papers here: 09:00 America/New_York, Mon–Fri, top 10 papers.\nNext post: Mon 24 Aug 2026, 09:00 America/New_York (UTC-4), in 2 d 23 h.',
    });
  });

  it('says when delivery is failing and why', async () => {
    await run('channel set');
    await health.markFailing(here, 'Unknown Channel', Date.parse('2026-08-19T09:00:00Z'));
    expect(textOf(await run('channel show'))).toMatch(/⚠ Delivery to this channel is failing: Unknown Channel, since 2026-08-19 09:00 UTC\. Posts are paused/);
  });

  it("shows the notes of this channel's platform, and only of it", async () => {
    const status = createPlatformStatus(store);
    deps = { ...deps, platformStatus: status };
    await run('channel set');
    await status.note('discord', 'history-scope', 'Discord history scopes missing: a lost answer may be re-posted');
    await status.note('slack', 'history-scope', 'Slack history scopes missing: a lost answer may be re-posted');
    const lines = textOf(await run('channel show')).split('\n');
    expect(lines.slice(2)).toEqual(['⚠ Discord history scopes missing: a lost answer may be re-posted.']);
    await status.note('discord', 'history-scope', undefined);
    expect(textOf(await run('channel show')).split('\n')).toHaveLength(2);
  });

  it('says when nothing is set up', async () => {
    expect(textOf(await run('channel show'))).toMatch(/^No daily post in this channel/);
  });

  it('turns the post off and keeps the settings for later', async () => {
    await run('channel set 7:30 UTC 5');
    expect(textOf(await run('channel off'))).toBe('Daily papers are off here (they were 07:30 UTC, Mon–Fri, top 5 papers). /papers channel set turns them back on.');
    expect(textOf(await run('channel show'))).toBe('Daily papers are off here (last set to 07:30 UTC, Mon–Fri, top 5 papers).');
    await run('channel set');
    expect(await deps.channels!.get(here)).toMatchObject({ enabled: true, time: '07:30', count: 5 });
  });
});
