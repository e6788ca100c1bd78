/**
 * `channel set` with a weekly cadence through the real adapters (discord.js against the fake Discord, Bolt against the
 * fake Slack), and the weekly post it schedules landing in the channel once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openPlatform, type PlatformName, type PlatformWorld } from '../helpers/platform-commands.ts';
import { waitFor } from '../helpers/wait.ts';

let w: PlatformWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe.each<PlatformName>(['discord', 'slack'])('a weekly channel post on %s', (platform) => {
  it('is set by a channel manager for one day, refused to members, and posted once that week', async () => {
    w = await openPlatform(platform);
    const refused = await w.run('channel set', { cadence: 'weekly', weekdays: 'fri', time: '17:00' }, 'member');
    expect(refused.text).toContain('Only channel managers can use /papers channel set.');
    const several = await w.run('channel set', { cadence: 'weekly', weekdays: 'mon-fri' }, 'manager');
    expect(several.text).toContain('A weekly post goes out on one day');
    const set = await w.run('channel set', { cadence: 'weekly', weekdays: 'fri', time: '17:00' }, 'manager');
    expect(set.text).toContain("Weekly papers here: 17:00 UTC, weekly on Fri, the week's top 10 papers.");
    const help = await w.run('help');
    expect(help.text).toContain('[<cadence>]');

    const before = w.postsIn('c1');
    expect(await w.app.scheduler.tick(new Date('2026-08-21T17:00:00Z'))).toMatchObject({ queued: 1 });
    await waitFor(() => w!.postsIn('c1') > before, 'the weekly post');
    expect(await w.app.scheduler.catchUp(new Date('2026-08-21T17:05:00Z'))).toMatchObject({ queued: 0 });
    expect(await w.app.scheduler.tick(new Date('2026-08-28T17:00:00Z'))).toMatchObject({ queued: 0, 'already-posted': 1 });
    expect(w.postsIn('c1') - before).toBe(1);
    expect(w.postAttempts('c1')).toBe(w.postsIn('c1'));
  });
});
