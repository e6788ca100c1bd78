/**
 * Issue #12, defect 11: a stored time zone that this runtime does not know (an old value, a hand edit, a zone removed
 * from the tz database) gave luxon invalid dates: the channel never posted, nothing was logged, and `channel show` said
 * "none scheduled". Decision 086: the channel posts at its time in TZ_DEFAULT meanwhile, says so, and is fixed by
 * `channel set timezone:…`; other channels are untouched.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../commands/dispatch.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { destinationKey, type Destination } from '../../src/model.ts';
import { channelSettingsSchema } from '../../src/schedule/channel-settings.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { captureLogs } from '../helpers/log-capture.ts';
import { discordChannel, openScheduleApp, tickEveryMinute, type ScheduleApp } from '../helpers/schedule-app.ts';

let hf: FakeHf;
let a: ScheduleApp | undefined;
beforeEach(async () => void (hf = await startFakeHf(loadFixtureDays())));
afterEach(async () => {
  await a?.app.close();
  a = undefined;
  await hf.close();
});

const paris = discordChannel('paris');
const broken = discordChannel('broken');
const ZONE_WARNING = /stored time zone is not valid/;

async function show(app: ScheduleApp['app'], where: Destination, command = 'channel show', options: Record<string, string> = {}) {
  const deps: CommandDeps = { papers: app.papers, config: app.config, log: app.log, channels: app.channels, destinations: app.delivery.destinations };
  const reply = await runCommand({ command, options, user: { id: 'm1', name: 'mia', canManageChannel: true }, where, now: new Date('2026-08-20T06:00:00Z') }, deps);
  return reply.kind === 'text' ? reply.text : reply.kind === 'error' ? `ERROR ${reply.message}` : reply.kind;
}

describe('a channel whose stored time zone is not valid', () => {
  it('posts at its time in TZ_DEFAULT, warns once, says so in channel show, and never holds up other channels', async () => {
    const clock = new FakeClock('2026-08-20T05:00:00Z');
    const { log, lines } = captureLogs('warn');
    a = await openScheduleApp({ storeUrl: 'memory://', hf, clock, log, env: { TZ_DEFAULT: 'UTC' } });
    const { app } = a;
    await app.channels.set(paris, { time: '09:00', timezone: 'Europe/Paris', weekdays: [1, 2, 3, 4, 5, 6, 7] }, new Date('2026-08-18T00:00:00Z'));
    const stored = { ...app.channels.defaults(broken, new Date('2026-08-18T00:00:00Z')), enabled: true, time: '09:00', timezone: 'Mars/Olympus', weekdays: [1, 2, 3, 4, 5, 6, 7] };
    await app.store.collection('channels', channelSettingsSchema).set(destinationKey(broken), stored);
    await app.scheduler.reload(clock.now);

    const busy = await tickEveryMinute(app, clock, '2026-08-20T05:00:00Z', '2026-08-20T09:30:00Z');
    expect(busy.map(([at, r]) => [at, r.queued])).toEqual([['2026-08-20T07:00:00.000Z', 1], ['2026-08-20T09:00:00.000Z', 1]]);
    await a.drained();
    expect(a.sender.calls.map((c) => c.to.channel)).toEqual(['paris', 'broken']);

    const text = await show(app, broken);
    expect(text).toContain('Daily papers here: 09:00 UTC, every day');
    expect(text).not.toContain('none scheduled');
    expect(text).toContain('⚠ The stored time zone "Mars/Olympus" is not a valid IANA time zone, so posts follow UTC meanwhile. Fix it with /papers channel set timezone:<zone>');
    await app.scheduler.reload(clock.now);
    await show(app, broken);
    expect(lines.filter((l) => ZONE_WARNING.test(l.msg))).toEqual([expect.objectContaining({ channel: destinationKey(broken), timezone: 'Mars/Olympus', fallback: 'UTC' })]);
    expect(await show(app, paris)).not.toContain('⚠');
  });

  it('channel set without a zone asks for one; with a zone it is fixed and the post follows it', async () => {
    const clock = new FakeClock('2026-08-20T05:00:00Z');
    a = await openScheduleApp({ storeUrl: 'memory://', hf, clock, env: { TZ_DEFAULT: 'UTC' } });
    const { app } = a;
    const stored = { ...app.channels.defaults(broken, new Date('2026-08-18T00:00:00Z')), enabled: true, timezone: 'Mars/Olympus' };
    await app.store.collection('channels', channelSettingsSchema).set(destinationKey(broken), stored);
    expect(await show(app, broken, 'channel set', { time: '10:00' })).toMatch(/^ERROR This channel's stored time zone "Mars\/Olympus" is not valid; give one with timezone:/);
    expect(await show(app, broken, 'channel set', { time: '10:00', timezone: 'Asia/Tokyo' })).not.toMatch(/^ERROR/);
    const text = await show(app, broken);
    expect(text).toContain('10:00 Asia/Tokyo');
    expect(text).not.toContain('⚠');
  });
});
