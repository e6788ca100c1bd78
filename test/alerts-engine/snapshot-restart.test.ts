/**
 * A restart from the alert engine's snapshot (docs/decisions/109) through the real app on a SQLite file: what another
 * instance subscribed or removed while this one was down is alerted, or not, exactly as after a load from the store.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { destinationKey } from '../../src/model.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { captureLogs } from '../helpers/log-capture.ts';
import { dm, openAlertWorld, subscribedId, type AlertWorld } from './world.ts';

const DAY = '2026-08-20';
let hf: FakeHf;
let dir: string;
const worlds: AlertWorld[] = [];

beforeEach(async () => {
  hf = await startFakeHf();
  dir = mkdtempSync(join(tmpdir(), 'pb-snapshot-restart-'));
});
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.app.close();
  await hf.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(env: Record<string, string> = {}, log = captureLogs()) {
  const world = await openAlertWorld({ storeUrl: `sqlite://${join(dir, 'bot.sqlite')}`, prefix: 'p1', hf, env, log: log.log, clock: new FakeClock(`${DAY}T09:00:00Z`) });
  worlds.push(world);
  return { world, lines: log.lines };
}

async function close(world: AlertWorld): Promise<void> {
  await world.app.close();
  worlds.splice(worlds.indexOf(world), 1);
}

/** Who gets a message from one poll, as destination keys. */
async function alertedBy(world: AlertWorld): Promise<string[]> {
  await world.app.alerts.poll(world.clock.set(`${DAY}T09:00:00Z`), { force: true });
  await world.drained();
  return world.sender.calls.map((c) => destinationKey(c.to)).sort();
}

describe('restarting the alert engine from its snapshot', () => {
  it('alerts the subscriptions made meanwhile by another instance, not those it removed', async () => {
    const first = await open();
    await first.world.run('subscribe agent', { user: 'u1' });
    const removed = subscribedId(await first.world.run('subscribe agent', { user: 'u2' }));
    await first.world.run('subscribe agent OR harness', { user: 'u3' });
    expect(first.world.app.alerts.engine.size).toBe(3);
    await close(first.world);
    expect(existsSync(join(dir, 'bot.sqlite-alerts-p1.snapshot'))).toBe(true);

    // Another instance (no snapshot of its own) changes the subscriptions while the first is down.
    const other = await open({ ALERT_SNAPSHOT_FILE: 'off' });
    expect(await other.world.run(`unsubscribe ${removed}`, { user: 'u2' })).toMatchObject({ kind: 'text' });
    subscribedId(await other.world.run('subscribe agent', { user: 'u4' }));
    await other.world.app.alerts.engine.resync();
    const fromStore = other.world.app.alerts.engine.size;
    await close(other.world);

    const restarted = await open();
    expect(await alertedBy(restarted.world)).toEqual([dm('u1'), dm('u3'), dm('u4')].map(destinationKey).sort());
    expect(restarted.lines.find((l) => l.msg.startsWith('alert snapshot read'))).toMatchObject({ subscriptions: 3 });
    expect(restarted.world.app.alerts.engine.size).toBe(fromStore);
    expect(fromStore).toBe(3);
  });

  it('loads from the store, saying why, when the snapshot cannot be read', async () => {
    const first = await open();
    await first.world.run('subscribe agent', { user: 'u1' });
    await close(first.world);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'bot.sqlite-alerts-p1.snapshot'), 'not a snapshot');
    const next = await open();
    expect(await alertedBy(next.world)).toEqual([destinationKey(dm('u1'))]);
    expect(next.lines.find((l) => l.msg.startsWith('alert snapshot not used'))).toMatchObject({ reason: expect.stringMatching(/^unreadable/) });
  });
});
