import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertService, type AlertService } from '../../src/alerts/alert-service.ts';
import { silentLogger } from '../../src/log.ts';
import type { Destination } from '../../src/model.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { openFaultyCore, sharedMemoryStore, type FaultyCore } from '../helpers/faulty-core.ts';
import type { StoreCall } from '../helpers/faulty-store.ts';

const DAY = '2026-08-20';
/** The papers of 2026-08-20 whose words include "agent". */
const AGENT = ['2608.16590', '2608.17253', '2608.18565', '2608.13558', '2608.19197', '2608.18423'];
const ada: Destination = { platform: 'discord', community: 'g1', channel: 'c1', user: 'u1' };
const bob: Destination = { platform: 'discord', community: 'g1', channel: 'c1', user: 'u2' };

let hf: FakeHf;
beforeEach(async () => void (hf = await startFakeHf()));
afterEach(async () => void (await hf.close()));

async function open(): Promise<{ core: FaultyCore; alerts: AlertService; clock: FakeClock }> {
  const clock = new FakeClock(`${DAY}T09:00:00Z`);
  const core = openFaultyCore(sharedMemoryStore(clock), hf);
  const alerts = createAlertService({ ...core, log: silentLogger(), pollMinutes: 15, dailyCap: 20, now: clock.fn });
  return { core, alerts, clock };
}

/** Takes papers out of the day's list as HF serves it; the returned function puts them back ("listed later"). */
function withhold(ids: string[]): () => void {
  type Item = { paper: { id: string } };
  const items = hf.days.get(DAY) as Item[];
  const held = items.filter((i) => ids.includes(i.paper.id));
  hf.days.set(DAY, items.filter((i) => !ids.includes(i.paper.id)));
  return () => (hf.days.get(DAY) as Item[]).push(...held);
}

/** How many alert items waiting in the queue announce each paper (the payload of each pending key, as it was queued). */
async function alertsPerPaper(core: FaultyCore): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const item of await core.queue.pendingItems()) {
    const reply = core.enqueued.find((e) => e.request.key === item.key)?.request.reply;
    if (item.kind !== 'alert' || reply?.kind !== 'digest') continue;
    for (const p of reply.papers) counts.set(p.paper.id, (counts.get(p.paper.id) ?? 0) + 1);
  }
  return counts;
}

/** The first call matching `match` fails as `how`; every later call goes through. */
function once(match: (c: StoreCall) => boolean, how: 'fail' | 'fail-after') {
  let used = false;
  return (c: StoreCall) => (!used && match(c) ? ((used = true), how) : undefined);
}

describe('alerts when the store fails after the message was queued', () => {
  it('a confirm that throws after the enqueue: the next poll (with one more paper) alerts no paper twice', async () => {
    const { core, alerts, clock } = await open();
    await alerts.subscribe({ owner: ada, query: 'agent', createdBy: 'u1', now: clock.now });
    const putBack = withhold(['2608.19197']);
    core.store.rule = once((c) => c.space === 'alert-sent' && c.method === 'set' && (c.value as { state: string }).state === 'sent', 'fail');

    expect(await alerts.poll(clock.set(`${DAY}T09:00:00Z`), { force: true })).toMatchObject({ errors: 1 });
    putBack();
    await alerts.poll(clock.set(`${DAY}T09:15:00Z`), { force: true });

    const perPaper = await alertsPerPaper(core);
    expect([...perPaper.keys()].sort()).toEqual([...AGENT].sort());
    expect([...perPaper.values()].filter((n) => n > 1)).toEqual([]);
    expect(await alerts.poll(clock.set(`${DAY}T09:30:00Z`), { force: true })).toMatchObject({ queued: 0, alerted: 0, errors: 0 });
  });

  it('an enqueue that timed out after it committed: no second item for the same papers, later polls settle them', async () => {
    const { core, alerts, clock } = await open();
    await alerts.subscribe({ owner: ada, query: 'agent', createdBy: 'u1', now: clock.now });
    const putBack = withhold(['2608.19197']);
    core.store.rule = once((c) => c.space === 'delivery-pending' && c.method === 'add', 'fail-after');

    expect(await alerts.poll(clock.set(`${DAY}T09:00:00Z`), { force: true })).toMatchObject({ errors: 1 });
    expect(core.enqueued.map((e) => e.threw)).toEqual([true]);
    putBack();
    await alerts.poll(clock.set(`${DAY}T09:15:00Z`), { force: true });

    const perPaper = await alertsPerPaper(core);
    expect([...perPaper.keys()].sort()).toEqual([...AGENT].sort());
    expect([...perPaper.values()].filter((n) => n > 1)).toEqual([]);
    expect((await core.queue.pendingItems()).map((i) => i.key).sort()).toEqual(
      [...new Set(core.enqueued.map((e) => e.request.key))].sort(),
    );
  });
});

describe('one subscriber’s store error in a poll', () => {
  it('costs only that subscriber: the others are queued in the same poll, and it is alerted next poll', async () => {
    const { core, alerts, clock } = await open();
    await alerts.subscribe({ owner: ada, query: 'agent', createdBy: 'u1', now: clock.now });
    await alerts.subscribe({ owner: bob, query: 'agent', createdBy: 'u2', now: clock.now });
    core.store.rule = once((c) => c.space === 'alert-sent' && c.method === 'add' && c.key!.startsWith('discord:g1:dm:u1|'), 'fail');

    const first = await alerts.poll(clock.set(`${DAY}T09:00:00Z`), { force: true });
    expect(first).toMatchObject({ subscribers: 2, queued: 1, errors: 1 });
    expect(core.queuedRequests().map((r) => r.to.user)).toEqual(['u2']);

    expect(await alerts.poll(clock.set(`${DAY}T09:15:00Z`), { force: true })).toMatchObject({ queued: 1, alerted: 6, errors: 0 });
    expect(core.queuedRequests().map((r) => r.to.user)).toEqual(['u2', 'u1']);
  });
});
