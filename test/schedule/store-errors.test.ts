import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { destinationKey } from '../../src/model.ts';
import type { PapersService } from '../../src/papers/papers-service.ts';
import { createChannelSettings } from '../../src/schedule/channel-settings.ts';
import { createDailyScheduler, type DailyScheduler } from '../../src/schedule/scheduler.ts';
import { slotRecordSchema, SLOTS_COLLECTION } from '../../src/schedule/slot-runner.ts';
import type { Store } from '../../src/store/store.ts';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { openFaultyCore, sharedMemoryStore, type FaultyCore } from '../helpers/faulty-core.ts';
import { gate } from '../helpers/faulty-store.ts';
import { discordChannel } from '../helpers/schedule-app.ts';
import { waitFor } from '../helpers/wait.ts';

const fixtures = loadFixtureDays();
let hf: FakeHf;
const schedulers: DailyScheduler[] = [];
beforeEach(async () => void (hf = await startFakeHf(new Map([['2026-08-20', fixtures.get('2026-08-20')!]]))));
afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
  await hf.close();
});

const LEASE_MS = 30_000;
const daily = { time: '07:00', timezone: 'UTC', weekdays: [1, 2, 3, 4, 5, 6, 7] };

/** One process's scheduler (real queue, papers, health, settings) over its own FaultyStore around the shared store. */
function processOn(shared: Store, clock: FakeClock, owner: string, papersOf = (p: PapersService) => p) {
  const core = openFaultyCore(shared, hf);
  const channels = createChannelSettings({ store: core.store, defaultTimeZone: 'UTC', health: core.health });
  const scheduler = createDailyScheduler({
    store: core.store, channels, papers: papersOf(core.papers), queue: core.queue, health: core.health, log: silentLogger(),
    now: clock.fn, owner, leaseMs: LEASE_MS, parallel: 2,
  });
  schedulers.push(scheduler);
  return { core, channels, scheduler };
}

const dailyKeys = async (core: FaultyCore) => (await core.queue.pendingItems()).filter((i) => i.kind === 'daily').map((i) => i.key).sort();

describe('a store error on one channel’s slot', () => {
  it('never stops the other channels of the minute, and the failed slot is queued on its retry a minute later', async () => {
    const clock = new FakeClock('2026-08-20T06:59:00Z');
    const { core, channels, scheduler } = processOn(sharedMemoryStore(clock), clock, 'A');
    const to = ['c0', 'c1', 'c2', 'c3'].map((c) => discordChannel(c));
    for (const t of to) await channels.set(t, daily, new Date('2026-08-01T00:00:00Z'));
    let failed = false;
    core.store.rule = (c) => (!failed && c.key === destinationKey(to[0]!) ? ((failed = true), 'fail') : undefined);

    const first = await scheduler.tick(clock.set('2026-08-20T07:00:00Z'));
    expect(first).toMatchObject({ due: 4, queued: 3, error: 1 });
    expect(await dailyKeys(core)).toEqual(['c1', 'c2', 'c3'].map((c) => `daily:discord:g1:${c}:2026-08-20`));

    const retry = await scheduler.tick(clock.set('2026-08-20T07:01:00Z'));
    expect(retry).toMatchObject({ due: 1, queued: 1, error: 0 });
    expect(await dailyKeys(core)).toEqual(['c0', 'c1', 'c2', 'c3'].map((c) => `daily:discord:g1:${c}:2026-08-20`));
  });
});

describe('a slot-claim holder that paused past its lease', () => {
  it('never queues after its successor took the slot: exactly one digest, the successor’s', async () => {
    const clock = new FakeClock('2026-08-21T07:10:00Z');
    const shared = sharedMemoryStore(clock);
    const pause = gate();
    let paused = false;
    // A pauses right after it has the day's list (its store calls hang, its claim is no longer renewed).
    const a = processOn(shared, clock, 'A', (papers) => ({
      ...papers,
      async getToday(now) {
        const list = await papers.getToday(now);
        a.core.store.rule = () => pause.held;
        paused = true;
        return list;
      },
    }));
    const b = processOn(shared, clock, 'B');
    const to = discordChannel('general');
    await a.channels.set(to, daily, new Date('2026-08-01T00:00:00Z'));

    await a.scheduler.reload(clock.now);
    const runA = a.scheduler.catchUp(clock.now);
    await waitFor(() => paused, 'A to have its list and pause');

    clock.set('2026-08-21T07:12:00Z');
    hf.days.set('2026-08-21', fixtures.get('2026-08-20')!);
    await b.scheduler.reload(clock.now);
    expect(await b.scheduler.catchUp(clock.now)).toMatchObject({ due: 1, queued: 1 });

    pause.open();
    expect(await runA).toMatchObject({ due: 1, queued: 0 });
    expect(await dailyKeys(b.core)).toEqual(['daily:discord:g1:general:2026-08-21']);
    const record = await shared.collection(SLOTS_COLLECTION, slotRecordSchema).get(`${destinationKey(to)}:2026-08-21`);
    expect(record).toMatchObject({ state: 'done', day: '2026-08-21' });
  });
});
