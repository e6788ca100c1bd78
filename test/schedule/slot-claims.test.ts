import { mkdtempSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { destinationKey } from '../../src/model.ts';
import { slotRecordSchema, SLOTS_COLLECTION } from '../../src/schedule/slot-runner.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { discordChannel, openScheduleApp, type ScheduleApp } from '../helpers/schedule-app.ts';
import { settle, waitFor } from '../helpers/wait.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

let hf: FakeHf;
const apps: ScheduleApp[] = [];
beforeEach(async () => void (hf = await startFakeHf(new Map([['2026-08-20', loadFixtureDays().get('2026-08-20')!]]))));
afterEach(async () => {
  for (const a of apps.splice(0)) await a.app.close();
  await hf.close();
});

/** Claims lapse 3 s after their holder stops renewing them (the smallest DELIVERY_LEASE_SECONDS); no sweep for an hour. */
const env = { DELIVERY_LEASE_SECONDS: '3', SCHEDULE_RETRY_MINUTES: '60' };
const LEASE_MS = 3_000;
const to = discordChannel('general');
const slotOfToday = `${destinationKey(to)}:2026-08-20`;
const now = () => new FakeClock('2026-08-20T07:10:00Z');

async function open(storeUrl: string, prefix: string): Promise<ScheduleApp> {
  const a = await openScheduleApp({ storeUrl, prefix, hf, clock: now(), env });
  apps.push(a);
  return a;
}
const slotsOf = (a: ScheduleApp) => a.app.store.collection(SLOTS_COLLECTION, slotRecordSchema);

describe('slot claims of the daily posts', () => {
  it('posts a slot that a process which died had claimed once its claim lapses, without waiting for the next sweep', async () => {
    const a = await open('memory://', `t${randomUUID().slice(0, 8)}:`);
    await a.app.channels.set(to, { time: '07:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] }, new Date('2026-08-01T00:00:00Z'));
    await slotsOf(a).add(slotOfToday, { state: 'running', at: Date.now(), owner: 'a process that died' }, LEASE_MS);

    await a.app.scheduler.start();
    expect(a.sender.calls).toHaveLength(0);
    expect((await slotsOf(a).get(slotOfToday))?.owner).toBe('a process that died');

    await waitFor(() => a.sender.calls.length === 1, 'the post of the lapsed claim', 10_000);
    await a.drained();
    expect(a.sender.calls.map((c) => destinationKey(c.to))).toEqual([destinationKey(to)]);
    expect((await slotsOf(a).get(slotOfToday))?.state).toBe('done');
  });

  it('keeps the claim of a live process while the papers source is slow, so another process leaves the slot to it', async () => {
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-claims-')), 'store.sqlite')}`;
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    const [a, b] = [await open(storeUrl, prefix), await open(storeUrl, prefix)];
    await a.app.channels.set(to, { time: '07:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] }, new Date('2026-08-01T00:00:00Z'));
    const at = new Date('2026-08-20T07:10:00Z');
    await b.app.scheduler.reload(at);
    let answer = () => {};
    hf.failNext({ kind: 'gate', open: new Promise<void>((resolve) => (answer = resolve)) }, 1, '/api/daily_papers');

    const first = a.app.scheduler.resume(at);
    await waitFor(async () => (await slotsOf(b).get(slotOfToday))?.state === 'running', "a's claim");
    await settle(LEASE_MS + 1_000);
    const second = await b.app.scheduler.catchUp(at);
    expect((await slotsOf(b).get(slotOfToday))?.state).toBe('running');
    expect(second.due).toBe(0);
    answer();

    expect((await first).queued).toBe(1);
    await a.drained();
    expect([...a.sender.calls, ...b.sender.calls].map((c) => destinationKey(c.to))).toEqual([destinationKey(to)]);
    expect(hf.requests.filter((r) => r.path === '/api/daily_papers')).toHaveLength(1);
  });
});
