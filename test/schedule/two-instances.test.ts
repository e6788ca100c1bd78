import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { destinationKey } from '../../src/model.ts';
import { backendCases } from '../helpers/backends.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { discordChannel, openScheduleApp, type ScheduleApp } from '../helpers/schedule-app.ts';
import { settle } from '../helpers/wait.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

let hf: FakeHf;
const apps: ScheduleApp[] = [];
beforeEach(async () => void (hf = await startFakeHf()));
afterEach(async () => {
  for (const a of apps.splice(0)) await a.app.close();
  await hf.close();
});

/** Twelve channels in six zones, all due at 07:00 UTC on Thursday 2026-08-20. */
const zones: Array<[string, string]> = [
  ['Europe/Paris', '09:00'], ['Europe/Berlin', '09:00'], ['Africa/Johannesburg', '09:00'],
  ['UTC', '07:00'], ['America/New_York', '03:00'], ['Asia/Tokyo', '16:00'],
];
const channels = Array.from({ length: 12 }, (_, i) => ({ to: discordChannel(`c${i}`, `g${i % 3}`), zone: zones[i % zones.length]! }));

describe.each(backendCases().filter((c) => c.name !== 'memory'))('two app instances sharing a $name store', ({ url }) => {
  it.skipIf(!url)('post exactly once per channel, even when both tick and both catch up', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    const a = await openScheduleApp({ storeUrl: url!, prefix, hf, clock: new FakeClock('2026-08-20T06:59:00Z') });
    const b = await openScheduleApp({ storeUrl: url!, prefix, hf, clock: new FakeClock('2026-08-20T06:59:00Z') });
    apps.push(a, b);
    for (const { to, zone } of channels)
      await a.app.channels.set(to, { timezone: zone[0], time: zone[1] }, new Date('2026-08-01T00:00:00Z'));
    await b.app.scheduler.reload(new Date('2026-08-20T06:59:00Z'));

    const at = new Date('2026-08-20T07:00:00Z');
    const [ta, tb] = await Promise.all([a.app.scheduler.tick(at), b.app.scheduler.tick(at)]);
    expect(ta.due + tb.due).toBe(24);
    expect(ta.queued + tb.queued).toBe(12);
    const later = new Date('2026-08-20T07:03:00Z');
    const [ra, rb] = await Promise.all([a.app.scheduler.resume(later), b.app.scheduler.resume(later)]);
    expect(ra.queued + rb.queued).toBe(0);

    await a.drained();
    await settle(200);
    const calls = [...a.sender.calls, ...b.sender.calls];
    const perChannel = new Map<string, number>();
    for (const c of calls) perChannel.set(destinationKey(c.to), (perChannel.get(destinationKey(c.to)) ?? 0) + 1);
    expect([...perChannel.values()]).toEqual(Array(12).fill(1));
    expect(perChannel.size).toBe(12);
    expect([a.sender.calls.length, b.sender.calls.length].sort((x, y) => x - y)).toEqual([0, 12]);
  });
});
