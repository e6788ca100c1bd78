import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../helpers/fake-clock.ts';
import { discordChannel, openScheduleApp, tickEveryMinute, type ScheduleApp } from '../helpers/schedule-app.ts';
import type { Script } from '../fakes/counting-sender.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

const fixtures = loadFixtureDays();
const days = new Map([...fixtures, ['2026-08-21', fixtures.get('2026-08-20')!] as const]);

let hf: FakeHf;
const apps: ScheduleApp[] = [];
beforeEach(async () => void (hf = await startFakeHf(days)));
afterEach(async () => {
  for (const a of apps.splice(0)) await a.app.close();
  await hf.close();
});

async function open(clock: FakeClock, script?: Script) {
  const a = await openScheduleApp({ storeUrl: 'memory://', hf, clock, script });
  apps.push(a);
  return a;
}
const utcNine = { time: '09:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] };
const texts = (a: ScheduleApp) => a.sender.calls.map((c) => (c.reply.kind === 'text' ? c.reply.text : c.reply.kind));

describe('a papers source outage at post time', () => {
  it('retries within the grace window, then tells the channel once, politely', async () => {
    const clock = new FakeClock('2026-08-20T08:59:00Z');
    const a = await open(clock);
    await a.app.channels.set(discordChannel('c1'), utcNine, new Date('2026-08-01T00:00:00Z'));
    hf.failAlways({ kind: 'status', status: 503 });
    const outcomes: string[] = [];
    const tick = await a.app.scheduler.tick(clock.set('2026-08-20T09:00:00Z'));
    outcomes.push(tick['retry-later'] ? 'retry' : 'other');
    for (let now = clock.advance(10 * 60_000); now <= new Date('2026-08-20T16:00:00Z'); now = clock.advance(10 * 60_000)) {
      const sweep = await a.app.scheduler.catchUp(now);
      if (sweep.due) outcomes.push(sweep['retry-later'] ? 'retry' : sweep.notice ? `notice@${now.toISOString().slice(11, 16)}` : 'other');
    }
    expect(outcomes.filter((o) => o === 'retry')).toHaveLength(36);
    expect(outcomes.filter((o) => o !== 'retry')).toEqual(['notice@15:00']);
    await a.drained();
    expect(texts(a)).toEqual([expect.stringMatching(/^Sorry, today's papers \(2026-08-20\) could not be posted: Hugging Face/)]);
  });

  it('posts a cached list with the stale note when the source fails', async () => {
    const clock = new FakeClock('2026-08-20T06:00:00Z');
    const a = await open(clock);
    await a.app.channels.set(discordChannel('c1'), utcNine, new Date('2026-08-01T00:00:00Z'));
    await a.app.papers.getToday(clock.now);
    hf.failAlways({ kind: 'status', status: 503 });
    await tickEveryMinute(a.app, clock, '2026-08-20T06:00:00Z', '2026-08-20T09:00:00Z');
    await a.drained();
    const reply = a.sender.calls[0]!.reply;
    expect(reply.kind).toBe('digest');
    expect(reply.kind === 'digest' && reply.note).toMatch(/Hugging Face is not answering; showing the list cached at 06:00 UTC/);
  });
});

describe('a destination that fails permanently', () => {
  it('pauses its schedule, leaves other channels alone, and resumes after channel set', async () => {
    const gone = discordChannel('gone');
    const fine = discordChannel('fine');
    const clock = new FakeClock('2026-08-19T08:59:00Z');
    let channelRestored = false;
    const a = await open(clock, (call, n) =>
      call.to.channel === 'gone' && !channelRestored ? { ok: false, permanent: 'Unknown Channel' } : { ok: true, messageId: `${call.key}#${n}` },
    );
    for (const to of [gone, fine]) await a.app.channels.set(to, utcNine, new Date('2026-08-01T00:00:00Z'));

    const day1 = await tickEveryMinute(a.app, clock, '2026-08-19T08:59:00Z', '2026-08-19T09:00:00Z');
    expect(day1[0]![1]).toMatchObject({ queued: 2 });
    await a.drained();
    expect(await a.app.delivery.destinations.failureOf(gone)).toMatchObject({ reason: 'Unknown Channel' });

    const day2 = await tickEveryMinute(a.app, clock, '2026-08-20T08:59:00Z', '2026-08-20T09:00:00Z');
    expect(day2[0]![1]).toMatchObject({ queued: 1, paused: 1 });
    await a.drained();
    expect([a.sender.callsTo(gone).length, a.sender.callsTo(fine).length]).toEqual([1, 2]);

    channelRestored = true;
    const { clearedFailure } = await a.app.channels.set(gone, {}, new Date('2026-08-20T12:00:00Z'));
    expect(clearedFailure).toBe(true);
    const day3 = await tickEveryMinute(a.app, clock, '2026-08-21T08:59:00Z', '2026-08-21T09:00:00Z');
    expect(day3[0]![1]).toMatchObject({ queued: 2 });
    await a.drained();
    expect(a.sender.callsTo(gone)).toHaveLength(2);
  });
});
