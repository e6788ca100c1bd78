import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answerLine } from '../../adapters/console/console-adapter.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { silentLogger } from '../../src/log.ts';
import type { ChannelSettingsPatch } from '../../src/schedule/channel-settings.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { periodOrder } from '../helpers/period-fixtures.ts';
import { discordChannel, openScheduleApp, tickEveryMinute, type ScheduleApp } from '../helpers/schedule-app.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

let hf: FakeHf;
const apps: ScheduleApp[] = [];
beforeEach(async () => void (hf = await startFakeHf()));
afterEach(async () => {
  for (const a of apps.splice(0)) await a.app.close();
  await hf.close();
});

const sqliteUrl = () => `sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-weekly-')), 'store.sqlite')}`;
async function open(clock: FakeClock, storeUrl = 'memory://', prefix?: string) {
  const a = await openScheduleApp({ storeUrl, hf, clock, ...(prefix !== undefined && { prefix }) });
  apps.push(a);
  return a;
}
const weekly = discordChannel('weekly');
const daily = discordChannel('daily');
const MONDAY_9_PARIS: ChannelSettingsPatch = { cadence: 'weekly', weekdays: [1], time: '09:00', timezone: 'Europe/Paris' };
const setUp = (a: ScheduleApp, patch: ChannelSettingsPatch, to = weekly) => a.app.channels.set(to, patch, new Date('2026-08-01T00:00:00Z'));
const titles = (a: ScheduleApp) => a.sender.calls.map((c) => (c.reply.kind === 'digest' ? c.reply.title : c.reply.kind === 'text' ? c.reply.text : c.reply.kind));

describe('weekly channel posts', () => {
  it("post HF's previous ISO week on Mondays at local time, once a week, beside a daily channel of the same server", async () => {
    const clock = new FakeClock('2026-08-17T06:58:00Z');
    const a = await open(clock);
    await setUp(a, { ...MONDAY_9_PARIS, count: 5 });
    await setUp(a, { weekdays: [1, 2, 3, 4, 5], time: '09:00', timezone: 'Europe/Paris', count: 5 }, daily);
    const first = await tickEveryMinute(a.app, clock, '2026-08-17T06:58:00Z', '2026-08-17T07:02:00Z');
    expect(first.map(([at, r]) => [at, r.queued])).toEqual([['2026-08-17T07:00:00.000Z', 2]]);
    const tuesday = await tickEveryMinute(a.app, clock, '2026-08-18T06:58:00Z', '2026-08-18T07:02:00Z');
    expect(tuesday.map(([at, r]) => [at, r.due])).toEqual([['2026-08-18T07:00:00.000Z', 1]]); // the daily channel only
    await tickEveryMinute(a.app, clock, '2026-08-24T06:58:00Z', '2026-08-24T07:02:00Z');
    await a.drained();
    const toWeekly = a.sender.calls.filter((c) => c.to.channel === 'weekly');
    expect(toWeekly.map((c) => (c.reply.kind === 'digest' ? c.reply.title : c.reply.kind))).toEqual([
      'Trending papers · week 2026-W33 (Aug 10–16)',
      'Trending papers · week 2026-W34 (Aug 17–23)',
    ]);
    const [w33] = toWeekly;
    expect(w33!.reply.kind === 'digest' && w33!.reply.papers.map((p) => p.paper.id)).toEqual(periodOrder(hf, 'week', '2026-W33').slice(0, 5).map((p) => p.id));
    expect(a.sender.calls.filter((c) => c.to.channel === 'daily').map((c) => (c.reply.kind === 'digest' ? c.reply.title : ''))).toContain(
      'Trending papers · 2026-08-17',
    );
    // Metrics count weekly posts under their own kind, not as daily ones.
    const sentBy = (kind: string) => a.app.delivery.totalsByLabel().filter((t) => t.kind === kind).reduce((n, t) => n + t.sent, 0);
    expect([sentBy('weekly'), sentBy('daily')]).toEqual([2, 2]);
  });

  it('on Fridays posts the current week; a week already posted in the channel is never posted again', async () => {
    const clock = new FakeClock('2026-08-21T14:58:00Z');
    const a = await open(clock);
    await setUp(a, { cadence: 'weekly', weekdays: [5], time: '17:00', timezone: 'Europe/Paris' });
    const busy = await tickEveryMinute(a.app, clock, '2026-08-21T14:58:00Z', '2026-08-21T15:02:00Z');
    expect(busy.map(([at, r]) => [at, r.queued])).toEqual([['2026-08-21T15:00:00.000Z', 1]]);
    // Next Friday HF has no papers for 2026-W35 (the fixtures end on 08-20): it falls back to W34, already posted here.
    const next = await tickEveryMinute(a.app, clock, '2026-08-28T14:58:00Z', '2026-08-28T15:02:00Z');
    expect(next.map(([at, r]) => [at, r.queued, r['already-posted']])).toEqual([['2026-08-28T15:00:00.000Z', 0, 1]]);
    await a.drained();
    expect(titles(a)).toEqual(['Trending papers · week 2026-W34 (Aug 17–23)']);
  });

  it('goes out once across two instances on one SQLite file and a restart, and catches up within the grace window', async () => {
    const storeUrl = sqliteUrl();
    const clock = new FakeClock('2026-08-24T06:59:00Z');
    const a = await open(clock, storeUrl, '');
    const b = await open(clock, storeUrl, '');
    await setUp(a, MONDAY_9_PARIS);
    await b.app.scheduler.reload(clock.now);
    const at = clock.set('2026-08-24T07:00:00Z');
    const [ta, tb] = await Promise.all([a.app.scheduler.tick(at), b.app.scheduler.tick(at)]);
    expect(ta.queued + tb.queued).toBe(1);
    await a.drained();
    await a.app.close();
    await b.app.close();
    apps.splice(0);
    clock.set('2026-08-24T07:05:00Z');
    const c = await open(clock, storeUrl, '');
    expect(await c.app.scheduler.resume(clock.now)).toMatchObject({ queued: 0 });
    await tickEveryMinute(c.app, clock, '2026-08-24T07:05:00Z', '2026-08-24T07:10:00Z');
    await c.drained();
    expect([...a.sender.calls, ...b.sender.calls, ...c.sender.calls].map((x) => (x.reply.kind === 'digest' ? x.reply.title : x.reply.kind))).toEqual([
      'Trending papers · week 2026-W34 (Aug 17–23)',
    ]);

    // Another channel whose bot was down at its slot: posted at start-up within the grace window, skipped after it.
    const late = await open(new FakeClock('2026-08-24T10:00:00Z'));
    await setUp(late, MONDAY_9_PARIS);
    expect(await late.app.scheduler.resume(new Date('2026-08-24T10:00:00Z'))).toMatchObject({ due: 1, queued: 1 });
    const tooLate = await open(new FakeClock('2026-08-24T14:00:00Z'));
    await setUp(tooLate, MONDAY_9_PARIS);
    expect(await tooLate.app.scheduler.resume(new Date('2026-08-24T14:00:00Z'))).toMatchObject({ due: 1, queued: 0, missed: 1 });
  });
});

describe('a weekly post during an HF outage', () => {
  it('waits within the grace window, then tells the channel once; a cached week is still posted', async () => {
    const clock = new FakeClock('2026-08-24T06:59:00Z');
    const a = await open(clock);
    await setUp(a, MONDAY_9_PARIS);
    hf.failAlways({ kind: 'status', status: 503 });
    expect(await a.app.scheduler.tick(clock.set('2026-08-24T07:00:00Z'))).toMatchObject({ 'retry-later': 1 });
    const notices: string[] = [];
    for (let now = clock.advance(10 * 60_000); now <= new Date('2026-08-24T14:00:00Z'); now = clock.advance(10 * 60_000)) {
      const sweep = await a.app.scheduler.catchUp(now);
      if (sweep.notice) notices.push(now.toISOString().slice(11, 16));
    }
    expect(notices).toEqual(['13:00']);
    await a.drained();
    expect(titles(a)).toEqual([
      "Sorry, this week's papers (post of 2026-08-24) could not be posted: Hugging Face has not been answering and nothing was cached. The next weekly post will come at the usual time; /papers week works as soon as the source is back.",
    ]);

    // With the weeks cached (someone ran /papers week), the next Monday's post goes out from the cache although HF is
    // still down: 2026-W35 has no papers (its stale copy), so it falls back to 2026-W34 (settled), which this channel never got.
    hf.failAlways(undefined);
    const cachedAt = new Date('2026-08-31T06:00:00Z');
    await a.app.papers.getPeriod({ kind: 'week', key: '2026-W35', first: '2026-08-24', last: '2026-08-30' }, cachedAt);
    await a.app.papers.getPeriod({ kind: 'week', key: '2026-W34', first: '2026-08-17', last: '2026-08-23' }, cachedAt);
    hf.failAlways({ kind: 'status', status: 503 });
    await tickEveryMinute(a.app, clock, '2026-08-31T06:59:00Z', '2026-08-31T07:01:00Z');
    await a.drained();
    expect(titles(a).slice(1)).toEqual(['Trending papers · week 2026-W34 (Aug 17–23)']);
  });
});

describe('/papers channel set with a cadence', () => {
  it('sets a weekly post on one day, refuses several days, and goes back to daily', async () => {
    const a = await open(new FakeClock('2026-08-20T12:00:00Z'));
    const deps: CommandDeps = { papers: a.app.papers, channels: a.app.channels, config: { TZ_DEFAULT: 'UTC' }, log: silentLogger() };
    const now = new Date('2026-08-20T12:00:00Z');
    const say = async (line: string) => {
      const r = await answerLine(line, deps, now);
      return r && (r.kind === 'text' ? r.text : r.kind === 'error' ? r.message : r.kind);
    };
    expect(await say('channel set weekly fri 17:00 Europe/Paris')).toBe(
      "Weekly papers here: 17:00 Europe/Paris, weekly on Fri, the week's top 10 papers.\nNext post: Fri 21 Aug 2026, 17:00 Europe/Paris (UTC+2), in 1 d 3 h.",
    );
    expect(await a.app.channels.get({ platform: 'console', community: 'local', channel: 'terminal' })).toMatchObject({ cadence: 'weekly', weekdays: [5] });
    expect(await say('channel set mon-fri')).toBe('A weekly post goes out on one day: say which, e.g. /papers channel set weekly fri 17:00.');
    expect(await say('channel set cadence:weekly')).toMatch(/^Weekly papers here: 17:00 Europe\/Paris, weekly on Fri/);
    expect(await say('channel set cadence:daily')).toMatch(/^Daily papers here: 17:00 Europe\/Paris, Mon–Fri, top 10 papers\./);
    expect(await say('channel set weekly')).toBe('A weekly post goes out on one day: say which, e.g. /papers channel set weekly fri 17:00.');
    expect(await say('channel set cadence:hourly')).toMatch(/^cadence: cadence must be daily or weekly/);
  });
});
