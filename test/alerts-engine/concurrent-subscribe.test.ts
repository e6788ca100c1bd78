import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FakeHf } from '../fakes/hf-server.ts';
import { backendCases } from '../helpers/backends.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { alertWorldsEach, channel, dm, openAlertWorld, textOf, type AlertWorld } from './world.ts';

let hf: FakeHf;
const worlds = alertWorldsEach((fake) => (hf = fake));

/** One app on memory; two apps sharing the store elsewhere, so the commands also race across instances. */
async function open(url: string, name: string): Promise<[AlertWorld, AlertWorld]> {
  const prefix = `t${randomUUID().slice(0, 8)}:`;
  const a = await openAlertWorld({ storeUrl: url, prefix, hf, clock: new FakeClock('2026-08-20T12:00:00Z') });
  worlds.push(a);
  if (name === 'memory') return [a, a];
  const b = await openAlertWorld({ storeUrl: url, prefix, hf, clock: new FakeClock('2026-08-20T12:00:00Z') });
  worlds.push(b);
  return [a, b];
}

describe.each(backendCases())('concurrent subscribes on $name', ({ name, url }) => {
  it.skipIf(!url)('40 different queries by one person at once end with exactly 25 alerts in 25 distinct slots', async () => {
    const [a, b] = await open(url!, name);
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).run(`subscribe topic${i}`)),
    );
    const texts = replies.map(textOf);
    expect(texts.filter((t) => t.startsWith('Subscribed')).length).toBe(25);
    expect(texts.filter((t) => t.includes('you have 25 keyword alerts already')).length).toBe(15);
    const stored = await a.app.alerts.list(dm('u1'));
    expect(stored).toHaveLength(25);
    expect(new Set(stored.map((s) => s.slot)).size).toBe(25);
    expect(new Set(stored.map((s) => s.id)).size).toBe(25);
  });

  it.skipIf(!url)('the same query sent 10 times at once is stored once; the others get its id', async () => {
    const [a, b] = await open(url!, name);
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).run('subscribe "world model" -survey --channel', { manager: true })));
    const stored = await a.app.alerts.list(channel('c1'));
    expect(stored).toHaveLength(1);
    const id = stored[0]!.id;
    const texts = replies.map(textOf);
    expect(texts.filter((t) => t.startsWith(`Subscribed (id ${id})`)), texts.join('\n---\n')).toHaveLength(1);
    expect(texts.filter((t) => t === `This channel has this alert already (id ${id}): "world model" -survey`), texts.join('\n---\n')).toHaveLength(9);
  });

  it.skipIf(!url)('what one instance subscribes, the other lists, matches after a resync, and can remove', async () => {
    const [a, b] = await open(url!, name);
    const id = /id ([0-9a-z]{6})/.exec(textOf(await a.run('subscribe diffusion')))![1]!;
    expect((await b.app.alerts.list(dm('u1'))).map((s) => s.id)).toEqual([id]);
    await b.app.alerts.engine.resync();
    expect(b.app.alerts.engine.size).toBe(1);
    expect(textOf(await b.run(`unsubscribe ${id}`))).toBe(`Removed your alert ${id}: diffusion`);
    await a.app.alerts.engine.resync();
    expect(a.app.alerts.engine.size).toBe(0);
  });
});
