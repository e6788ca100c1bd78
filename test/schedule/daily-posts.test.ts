import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import type { ChannelSettingsPatch } from '../../src/schedule/channel-settings.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { discordChannel, openScheduleApp, tickEveryMinute, type ScheduleApp, type ScheduleAppOptions } from '../helpers/schedule-app.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

const fixtures = loadFixtureDays();
/** The captured fixture days, plus copies of one real day under the dates these tests need. */
const days = new Map([...fixtures, ...['2026-03-27', '2026-03-30', '2026-10-30', '2026-11-02', '2026-08-21'].map((d) => [d, fixtures.get('2026-08-20')!] as const)]);

let hf: FakeHf;
const apps: ScheduleApp[] = [];
beforeEach(async () => void (hf = await startFakeHf(days)));
afterEach(async () => {
  for (const a of apps.splice(0)) await a.app.close();
  await hf.close();
});

const sqliteUrl = () => `sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-sched-')), 'store.sqlite')}`;
async function open(clock: FakeClock, extra: Partial<ScheduleAppOptions> = {}) {
  const a = await openScheduleApp({ storeUrl: 'memory://', hf, clock, ...extra });
  apps.push(a);
  return a;
}
const paris = discordChannel('paris');
const setUp = (a: ScheduleApp, patch: ChannelSettingsPatch, to = paris, at = '2026-03-01T00:00:00Z') =>
  a.app.channels.set(to, patch, new Date(at));
const titles = (a: ScheduleApp) => a.sender.calls.map((c) => (c.reply.kind === 'digest' ? c.reply.title : c.reply.kind === 'text' ? c.reply.text : c.reply.kind));

describe('when daily posts go out', () => {
  it('posts at 09:00 Paris time before and after the spring-forward weekend', async () => {
    const clock = new FakeClock('2026-03-27T06:00:00Z');
    const a = await open(clock);
    await setUp(a, { time: '09:00', timezone: 'Europe/Paris' });
    const busy = await tickEveryMinute(a.app, clock, '2026-03-27T06:00:00Z', '2026-03-30T08:00:00Z');
    expect(busy.map(([at, r]) => [at, r.queued])).toEqual([['2026-03-27T08:00:00.000Z', 1], ['2026-03-30T07:00:00.000Z', 1]]);
    await a.drained();
    expect(titles(a)).toEqual(['Trending papers · 2026-03-27', 'Trending papers · 2026-03-30']);
  });

  it('follows New York across fall back, and posts nothing when the newest day was already posted', async () => {
    const clock = new FakeClock('2026-10-31T12:00:00Z');
    const a = await open(clock);
    await setUp(a, { time: '09:00', timezone: 'America/New_York', weekdays: [1, 2, 3, 4, 5, 6, 7] });
    const busy = await tickEveryMinute(a.app, clock, '2026-10-31T12:00:00Z', '2026-11-02T15:00:00Z');
    expect(busy.map(([at, r]) => [at, r.queued, r['already-posted']])).toEqual([
      ['2026-10-31T13:00:00.000Z', 1, 0],
      ['2026-11-01T14:00:00.000Z', 0, 1],
      ['2026-11-02T14:00:00.000Z', 1, 0],
    ]);
    await a.drained();
    expect(titles(a)).toEqual(['Trending papers · 2026-10-30', 'Trending papers · 2026-11-02']);
    const [saturday] = a.sender.calls;
    expect(saturday!.reply.kind === 'digest' && saturday!.reply.note).toMatch(/No papers yet for 2026-10-31; this is 2026-10-30/);
  });

  it('posts only on the chosen weekdays', async () => {
    const clock = new FakeClock('2026-08-10T00:00:00Z');
    const a = await open(clock);
    await setUp(a, { time: '08:00', timezone: 'UTC', weekdays: [1, 3, 5] });
    const busy = await tickEveryMinute(a.app, clock, '2026-08-10T00:00:00Z', '2026-08-16T23:59:00Z');
    expect(busy.map(([at]) => at)).toEqual(['2026-08-10T08:00:00.000Z', '2026-08-12T08:00:00.000Z', '2026-08-14T08:00:00.000Z']);
  });

  it('uses the channel count and minimum upvotes', async () => {
    const clock = new FakeClock('2026-08-20T08:59:00Z');
    const a = await open(clock);
    await setUp(a, { time: '09:00', timezone: 'UTC', count: 3, minUpvotes: 60 });
    await tickEveryMinute(a.app, clock, '2026-08-20T08:59:00Z', '2026-08-20T09:00:00Z');
    await a.drained();
    const reply = a.sender.calls[0]!.reply;
    expect(reply.kind === 'digest' && reply.papers.map((p) => p.paper.upvotes)).toEqual([92, 74]);
  });

  it('does not fire a slot that passed before the settings were saved', async () => {
    const clock = new FakeClock('2026-08-20T09:30:00Z');
    const a = await open(clock);
    await setUp(a, { time: '09:00', timezone: 'UTC' }, paris, '2026-08-20T09:30:00Z');
    expect((await a.app.scheduler.resume(clock.now)).due).toBe(0);
    const busy = await tickEveryMinute(a.app, clock, '2026-08-20T09:30:00Z', '2026-08-21T09:00:00Z');
    expect(busy.map(([at]) => at)).toEqual(['2026-08-21T09:00:00.000Z']);
  });
});

describe('catching up after downtime', () => {
  it('posts a missed slot at start-up while inside the grace window', async () => {
    const clock = new FakeClock('2026-08-20T10:30:00Z');
    const a = await open(clock);
    await setUp(a, { time: '09:00', timezone: 'Europe/Paris' });
    expect(await a.app.scheduler.resume(clock.now)).toMatchObject({ due: 1, queued: 1 });
    await a.drained();
    expect(titles(a)).toEqual(['Trending papers · 2026-08-20']);
  });

  it('skips it, and says so in the logs, once outside the grace window', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', destination: { write: (l: string) => void lines.push(l) } });
    const clock = new FakeClock('2026-08-20T13:30:00Z');
    const a = await open(clock, { log });
    await setUp(a, { time: '09:00', timezone: 'Europe/Paris' });
    expect(await a.app.scheduler.resume(clock.now)).toMatchObject({ due: 1, queued: 0, missed: 1 });
    expect(lines.join('\n')).toMatch(/daily post skipped: the bot was down past the grace window/);
    const busy = await tickEveryMinute(a.app, clock, '2026-08-20T13:30:00Z', '2026-08-21T07:00:00Z');
    expect(busy.map(([at, r]) => [at, r.queued])).toEqual([['2026-08-21T07:00:00.000Z', 1]]);
  });

  it('never posts twice across a restart on the same SQLite file', async () => {
    const storeUrl = sqliteUrl();
    const clock = new FakeClock('2026-08-20T06:59:00Z');
    const first = await openScheduleApp({ storeUrl, prefix: '', hf, clock });
    await setUp(first, { time: '09:00', timezone: 'Europe/Paris' });
    await tickEveryMinute(first.app, clock, '2026-08-20T06:59:00Z', '2026-08-20T07:00:00Z');
    await first.drained();
    await first.app.close();
    clock.set('2026-08-20T07:05:00Z');
    const second = await openScheduleApp({ storeUrl, prefix: '', hf, clock });
    apps.push(second);
    expect(await second.app.scheduler.resume(clock.now)).toMatchObject({ queued: 0 });
    await tickEveryMinute(second.app, clock, '2026-08-20T07:05:00Z', '2026-08-20T08:00:00Z');
    await second.drained();
    expect([first.sender.calls.length, second.sender.calls.length]).toEqual([1, 0]);
  });

  it('finishes, after a restart, a post that was queued but not yet sent', async () => {
    const storeUrl = sqliteUrl();
    const clock = new FakeClock('2026-08-20T06:59:00Z');
    const first = await openScheduleApp({ storeUrl, prefix: '', hf, clock, script: () => ({ ok: false, transient: '503' }) });
    await setUp(first, { time: '09:00', timezone: 'Europe/Paris' });
    await tickEveryMinute(first.app, clock, '2026-08-20T06:59:00Z', '2026-08-20T07:00:00Z');
    await first.app.close();
    clock.set('2026-08-20T07:05:00Z');
    const second = await openScheduleApp({ storeUrl, prefix: '', hf, clock });
    apps.push(second);
    expect(await second.app.scheduler.resume(clock.now)).toMatchObject({ queued: 0 });
    await second.drained();
    expect(second.sender.calls).toHaveLength(1);
    expect(await second.app.delivery.delivered('daily:discord:g1:paris:2026-08-20')).toBeDefined();
  });
});

describe('a large fan-out', () => {
  it('queues 500 channels due in the same minute without holding the event loop', async () => {
    const clock = new FakeClock('2026-08-20T08:59:00Z');
    const a = await open(clock, { storeUrl: sqliteUrl(), prefix: '' });
    for (let i = 0; i < 500; i++)
      await a.app.channels.set(discordChannel(`c${i}`, `g${i % 7}`), { time: '09:00', timezone: 'UTC' }, new Date('2026-08-01T00:00:00Z'));
    await a.app.papers.getToday(clock.now);
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const report = await a.app.scheduler.tick(clock.set('2026-08-20T09:00:00Z'));
    spinning = false;
    expect(report).toMatchObject({ due: 500, queued: 500 });
    expect(turns).toBeGreaterThanOrEqual(10);
  });
});
