/**
 * Alert digests through the real adapters (discord.js against the fake Discord, Bolt against the fake Slack). A
 * channel's: set by a channel manager, refused to members, shown by `subscriptions` and `help`, and one message in the
 * channel at its local time with everything matched since the last. A person's: one DM at their local time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openPlatform, type PlatformName, type PlatformWorld } from '../helpers/platform-commands.ts';
import { settle, waitFor } from '../helpers/wait.ts';

let w: PlatformWorld | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

const DAILY = { mode: 'daily', time: '08:00', timezone: 'Europe/Paris', where: 'channel' };

describe.each<PlatformName>(['discord', 'slack'])('a channel alert digest on %s', (platform) => {
  it('is set by a channel manager and posts one message at 08:00 Paris time with everything matched', async () => {
    w = await openPlatform(platform);
    const refused = await w.run('alerts mode', DAILY, 'member');
    expect(refused.text).toContain('Only channel managers can change how this channel gets its alerts.');
    await w.run('subscribe', { query: 'title:harness', where: 'channel' }, 'manager');
    await w.run('subscribe', { query: 'title:language', where: 'channel' }, 'manager');
    const set = await w.run('alerts mode', DAILY, 'manager');
    expect(set.text).toContain("This channel's alerts now come as one daily digest at 08:00 Europe/Paris");
    expect(set.private).toBe(true);
    expect((await w.run('subscriptions', {}, 'manager')).text).toContain(
      "This channel's alerts arrive: daily digest at 08:00 Europe/Paris; quiet hours: off.",
    );
    const help = (await w.run('help')).text;
    expect(help).toContain('alerts mode');
    expect(help).toContain('alerts quiet');

    const before = w.postsIn('c1');
    expect(await w.app.alerts.poll(new Date('2026-08-20T12:05:00Z'), { force: true })).toMatchObject({ held: 5, queued: 0 });
    expect(await w.app.scheduler.tick(new Date('2026-08-21T05:59:00Z'))).toMatchObject({ queued: 0 });
    await settle(200);
    expect(w.postsIn('c1')).toBe(before);
    expect(await w.app.scheduler.tick(new Date('2026-08-21T06:00:00Z'))).toMatchObject({ queued: 1 });
    await waitFor(() => w!.postsIn('c1') > before, 'the digest');
    expect(await w.app.scheduler.catchUp(new Date('2026-08-21T06:05:00Z'))).toMatchObject({ queued: 0 });
    expect(await w.app.alerts.poll(new Date('2026-08-21T07:00:00Z'), { force: true })).toMatchObject({ held: 0, queued: 0 });
    await settle(200);
    expect(w.postsIn('c1') - before).toBe(1);
    expect(w.postAttempts('c1')).toBe(w.postsIn('c1'));
  });
});

describe.each<PlatformName>(['discord', 'slack'])('a person\'s alert digest on %s', (platform) => {
  it('is set by any member for themselves and comes as one DM at 08:00 Paris time, nothing in the channel', async () => {
    w = await openPlatform(platform);
    await w.run('subscribe', { query: 'title:harness' }, 'member');
    await w.run('subscribe', { query: 'title:language' }, 'member');
    const set = await w.run('alerts mode', { mode: 'daily', time: '08:00', timezone: 'Europe/Paris' }, 'member');
    expect(set.text).toContain('Your alerts now come as one daily digest at 08:00 Europe/Paris');
    expect(set.private).toBe(true);

    const inChannel = w.postsIn('c1');
    expect(await w.app.alerts.poll(new Date('2026-08-20T12:05:00Z'), { force: true })).toMatchObject({ held: 5, queued: 0 });
    expect(await w.app.scheduler.tick(new Date('2026-08-21T05:59:00Z'))).toMatchObject({ queued: 0 });
    await settle(200);
    expect(w.dmsTo('member')).toBe(0);
    expect(await w.app.scheduler.tick(new Date('2026-08-21T06:00:00Z'))).toMatchObject({ queued: 1 });
    await waitFor(() => w!.dmsTo('member') > 0, 'the DM digest');
    expect(await w.app.scheduler.catchUp(new Date('2026-08-21T06:05:00Z'))).toMatchObject({ queued: 0 });
    expect(await w.app.alerts.poll(new Date('2026-08-21T07:00:00Z'), { force: true })).toMatchObject({ held: 0, queued: 0 });
    await settle(200);
    expect(w.dmsTo('member')).toBe(1);
    expect(w.dmsTo('manager')).toBe(0);
    expect(w.postsIn('c1')).toBe(inChannel);
  });
});
