/**
 * A channel the bot lost access to: its daily post is paused after one refused request (never retried), `/papers
 * channel show` says why, the other channels keep getting their posts day after day, and `/papers channel set` after
 * the access is back resumes it. Through the real adapters, scheduler and delivery queue, against the fakes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Perm } from '../fakes/discord-model.ts';
import { openPlatform, type LostAccess, type PlatformName, type PlatformWorld } from '../helpers/platform-commands.ts';
import { waitFor } from '../helpers/wait.ts';

let world: PlatformWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const DAYS = ['2026-08-20', '2026-08-21', '2026-08-22', '2026-08-23'];
/** The fake HF has fixtures up to 2026-08-20; later days reuse earlier lists so every day has its own post. */
const REUSED: Record<string, string> = { '2026-08-21': '2026-08-19', '2026-08-22': '2026-08-18', '2026-08-23': '2026-08-17' };

async function dailyPostAt(w: PlatformWorld, day: string) {
  const report = await w.app.scheduler.tick(new Date(`${day}T13:00:00Z`));
  await waitFor(async () => (await w.app.delivery.pendingItems()).length === 0, 'the queue to drain');
  return report;
}

const CASES: Array<[PlatformName, LostAccess, RegExp]> = [
  ['discord', 'missing-access', /Discord 403 50001: Missing Access/],
  ['discord', 'missing-permissions', /Discord 403 50013: Missing Permissions/],
  ['slack', 'not_in_channel', /not_in_channel/],
  ['slack', 'channel_not_found', /channel_not_found/],
];

describe('a channel whose access was lost', () => {
  it.each(CASES)('%s, %s: paused after one try, reported, others unaffected, resumed by channel set', async (platform, how, reason) => {
    const w = (world = await openPlatform(platform));
    for (const [day, from] of Object.entries(REUSED)) w.hf.days.set(day, w.hf.days.get(from)!);
    for (const channel of ['c1', 'c2', 'c3'])
      expect((await w.run('channel set', { time: '13:00', timezone: 'UTC', weekdays: 'daily', count: 2 }, 'manager', channel)).text).toMatch(/^Daily papers here/);
    w.loseAccess('c3', how);

    expect(await dailyPostAt(w, DAYS[0]!)).toMatchObject({ due: 3, queued: 3 });
    expect(await w.app.delivery.destinations.failureOf(w.where('c3'))).toMatchObject({ reason: expect.stringMatching(reason) });
    for (const day of DAYS.slice(1, 3)) expect(await dailyPostAt(w, day)).toMatchObject({ due: 3, queued: 2, paused: 1 });

    expect([w.postsIn('c1'), w.postsIn('c2'), w.postsIn('c3')]).toEqual([3, 3, 0]);
    expect(w.postAttempts('c3')).toBe(1);
    expect(w.logs.filter((l) => l.msg.startsWith('destination failing'))).toHaveLength(1);
    expect(w.logs.filter((l) => l.msg.startsWith('daily post paused'))).toHaveLength(2);

    const shown = await w.run('channel show', {}, 'member', 'c3');
    expect(shown.private).toBe(true);
    expect(shown.text).toMatch(/^Daily papers here: 13:00 UTC, every day, top 2 papers\./);
    expect(shown.text).toMatch(new RegExp(`⚠ Delivery to this channel is failing: .*${reason.source}.*, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\. Posts are paused; fix the bot's access, then run /papers channel set\\.`));
    expect((await w.run('channel show', {}, 'member', 'c1')).text).not.toMatch(/failing/);

    w.restoreAccess('c3');
    const resumed = await w.run('channel set', {}, 'manager', 'c3');
    expect(resumed.text).toMatch(new RegExp(`Delivery here had stopped \\(.*${reason.source}.*\\); it is resumed\\.`));
    expect(await dailyPostAt(w, DAYS[3]!)).toMatchObject({ due: 3, queued: 3 });
    expect([w.postsIn('c1'), w.postsIn('c2'), w.postsIn('c3')]).toEqual([4, 4, 1]);
  });

  it.each(CASES)('%s, %s: a channel alert pauses too, and /papers subscriptions says so', async (platform, how, reason) => {
    const w = (world = await openPlatform(platform));
    expect((await w.run('subscribe', { query: 'agent', where: 'channel' }, 'manager', 'c3')).text).toMatch(/^Subscribed/);
    expect((await w.run('subscribe', { query: 'agent', where: 'channel' }, 'manager', 'c1')).text).toMatch(/^Subscribed/);
    w.loseAccess('c3', how);
    const at = new Date('2026-08-20T13:00:00Z');
    expect(await w.app.alerts.poll(at)).toMatchObject({ queued: 2, paused: 0 });
    await waitFor(async () => (await w.app.delivery.pendingItems()).length === 0, 'the queue to drain');
    expect(await w.app.delivery.destinations.failureOf(w.where('c3'))).toMatchObject({ reason: expect.stringMatching(reason) });
    const firstAlert = w.postsIn('c1');
    expect(firstAlert).toBeGreaterThan(0);

    const today = w.hf.days.get('2026-08-20')!;
    w.hf.days.set('2026-08-20', [...today, ...w.hf.days.get('2026-08-19')!]);
    expect(await w.app.alerts.poll(new Date(at.getTime() + 30 * 60_000))).toMatchObject({ queued: 1, paused: 1 });
    await waitFor(async () => (await w.app.delivery.pendingItems()).length === 0, 'the queue to drain');
    expect(w.postsIn('c1')).toBeGreaterThan(firstAlert);
    expect([w.postsIn('c3'), w.postAttempts('c3')]).toEqual([0, 1]);

    const listed = await w.run('subscriptions', {}, 'member', 'c3');
    expect(listed.text).toMatch(new RegExp(`This channel's alerts, 1 of 50:\n• [0-9a-z]{6} — agent · Hugging Face Daily Papers · since 2026-08-20, added by .*\n  ⏸ paused: delivery failed \\(.*${reason.source}.*\\) on \\d{4}-\\d\\d-\\d\\d\\. Subscribe again to resume\\.`));
  });

  it('discord: a channel where the bot may post but not react keeps its daily posts (no keycaps), and is not paused', async () => {
    const noReactions = { name: 'c1', botDeny: Perm.AddReactions };
    const w = (world = await openPlatform('discord', { discord: { fake: { guilds: [{ name: 'g1', channels: [noReactions, 'c2'] }] } } }));
    for (const [day, from] of Object.entries(REUSED)) w.hf.days.set(day, w.hf.days.get(from)!);
    await w.run('channel set', { time: '13:00', timezone: 'UTC', weekdays: 'daily', count: 2 }, 'manager', 'c1');
    for (const day of DAYS.slice(0, 2)) expect(await dailyPostAt(w, day)).toMatchObject({ due: 1, queued: 1 });
    expect(w.postsIn('c1')).toBe(2);
    expect(await w.app.delivery.destinations.isFailing(w.where('c1'))).toBe(false);
    expect(w.logs.filter((l) => l.msg === 'could not add the vote reactions')).toHaveLength(2);
  });
});
