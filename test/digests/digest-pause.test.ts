/**
 * A digest whose process pauses past its slot claim after the message was queued, before the held papers were cleared:
 * the successor sends nothing more (same key), clears exactly the papers of that digest, and papers held meanwhile wait
 * for the next one.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createAlertLedger } from '../../src/alerts/alert-ledger.ts';
import { createAlertModes, scheduleOf } from '../../src/digests/alert-modes.ts';
import { runDigestSlot, type DigestSlotDeps } from '../../src/digests/digest-slot.ts';
import { subscriptionQueries } from '../../src/digests/digest-wiring.ts';
import { createHeldAlerts } from '../../src/digests/held-alerts.ts';
import { silentLogger } from '../../src/log.ts';
import { SLOT_CLAIM_LEASES } from '../../src/schedule/slot-claim.ts';
import { slotRecordSchema, SLOTS_COLLECTION, type SlotRunnerDeps } from '../../src/schedule/slot-runner.ts';
import { nextSlot } from '../../src/schedule/slots.ts';
import type { Store } from '../../src/store/store.ts';
import { dm, openAlertWorld, type AlertWorld } from '../alerts-engine/world.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { backendCases } from '../helpers/backends.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { FaultyStore } from '../helpers/faulty-store.ts';
import { settle, waitFor } from '../helpers/wait.ts';

let hf: FakeHf;
let w: AlertWorld | undefined;
beforeEach(async () => void (hf = await startFakeHf()));
afterEach(async () => {
  await w?.app.close();
  await hf.close();
});

const LEASE_MS = 300;

function process(store: Store, w: AlertWorld, owner: string): { deps: SlotRunnerDeps; digests: DigestSlotDeps } {
  const log = silentLogger();
  const deps: SlotRunnerDeps = {
    papers: w.app.papers, queue: w.app.delivery, health: w.app.delivery.destinations, log, graceMs: 6 * 3_600_000, retryMs: 60_000,
    slots: store.collection(SLOTS_COLLECTION, slotRecordSchema), leases: store.leases(SLOT_CLAIM_LEASES), owner, leaseMs: LEASE_MS,
  };
  const digests: DigestSlotDeps = {
    held: createHeldAlerts(store), ledger: createAlertLedger(store), modes: createAlertModes(store, 'UTC'), queries: (owner) => subscriptionQueries(w.app.alerts, owner),
  };
  return { deps, digests };
}

it('a digest queued, then its process paused past the lease before clearing: one message, and later holds kept', async () => {
  w = await openAlertWorld({ storeUrl: backendCases().find((c) => c.name === 'sqlite')!.url!, hf, clock: new FakeClock('2026-08-20T09:00:00Z') });
  await w.run('subscribe title:harness');
  await w.run('alerts mode daily 08:00');
  expect(await w.app.alerts.poll(w.clock.now, { force: true })).toMatchObject({ held: 2 });

  // Process A: every store call of it freezes from the first clearing of held papers (after the digest was queued).
  const faulty = new FaultyStore(w.app.store);
  let paused = false;
  let resume!: () => void;
  const gate = new Promise<void>((r) => (resume = r));
  faulty.rule = (call) => {
    if (call.method === 'delete' && call.space.startsWith('alert-held:')) paused = true;
    return paused ? gate : undefined;
  };
  const a = process(faulty, w, 'A');
  const b = process(w.app.store, w, 'B');
  const settings = scheduleOf((await a.digests.modes.get(dm('u1')))!);
  const due = { settings, slot: nextSlot(settings, settings.updatedAt)! };
  const at = due.slot.toJSDate();
  const runA = runDigestSlot(a.deps, a.digests, due, at, silentLogger());
  await waitFor(() => paused, 'A to pause after queuing');

  // Meanwhile more papers match and are held; A's claim lapses and B runs the same slot.
  w.clock.advance(60_000);
  await w.run('subscribe title:language');
  expect(await w.app.alerts.poll(w.clock.now, { force: true })).toMatchObject({ held: 3 });
  await settle(LEASE_MS + 200);
  expect(await runDigestSlot(b.deps, b.digests, due, at, silentLogger())).toBe('already-posted');
  resume();
  await runA;
  await w.drained();
  await settle(100);
  expect(w.sender.calls).toHaveLength(1);
  expect(w.sender.calls[0]!.reply.kind === 'digest' && w.sender.calls[0]!.reply.papers.map((p) => p.paper.id)).toEqual(['2608.16590', '2608.18565']);

  // The papers held meanwhile were not cleared with it: not sent again in this slot, the next slot sends them.
  expect(await w.app.scheduler.tick(w.clock.set('2026-08-21T08:00:00Z'))).toMatchObject({ due: 1, queued: 0 });
  expect(await w.app.scheduler.tick(w.clock.set('2026-08-22T08:00:00Z'))).toMatchObject({ queued: 1 });
  await w.drained();
  expect(w.sender.calls).toHaveLength(2);
  expect(w.sender.calls[1]!.reply.kind === 'digest' && w.sender.calls[1]!.reply.papers).toHaveLength(3);
});
