/**
 * Alert digests and quiet hours on the real core app (fake HF, fake clock, counting sender): commands as typed, the
 * alert poll holding matches, the daily-post scheduler's ticks delivering them.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAlertLedger } from '../../src/alerts/alert-ledger.ts';
import type { Reply } from '../../src/model.ts';
import { destinationKey } from '../../src/model.ts';
import type { FakeHf } from '../fakes/hf-server.ts';
import { backendCases } from '../helpers/backends.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { tickEveryMinute } from '../helpers/schedule-app.ts';
import { settle } from '../helpers/wait.ts';
import { alertWorldsEach, dm, openAlertWorld, subscribedId, textOf } from '../alerts-engine/world.ts';

let hf: FakeHf;
const worlds = alertWorldsEach((fake) => (hf = fake));

const sqlite = () => backendCases().find((c) => c.name === 'sqlite')!.url!;
const open = async (iso: string, storeUrl = sqlite(), prefix?: string) => {
  const w = await openAlertWorld({ storeUrl, hf, clock: new FakeClock(iso), ...(prefix ? { prefix } : {}) });
  worlds.push(w);
  return w;
};
const digestOf = (r: Reply) => {
  if (r.kind !== 'digest') throw new Error(`not a digest: ${r.kind}`);
  return r;
};
const HARNESS = ['2608.16590', '2608.18565'];
const LANGUAGE = ['2608.18940', '2608.14929', '2608.18171'];

describe('a daily digest subscriber', () => {
  it('gets one message at 08:00 their time with everything matched since the last, grouped by subscription', async () => {
    const w = await open('2026-08-20T09:00:00Z');
    await w.run('subscribe title:harness');
    await w.run('subscribe title:language');
    const set = textOf(await w.run('alerts mode daily 08:00 Europe/Paris'));
    expect(set).toContain('Your alerts now come as one daily digest at 08:00 Europe/Paris');
    expect(set).toContain('Next digest: Fri 21 Aug 2026, 08:00 Europe/Paris (UTC+2), in 21 h');
    expect(textOf(await w.run('subscriptions'))).toContain('Your alerts arrive: daily digest at 08:00 Europe/Paris; quiet hours: off.');

    const poll = await w.app.alerts.poll(w.clock.advance(5 * 60_000), { force: true });
    expect(poll).toMatchObject({ held: 5, queued: 0, alerted: 0 });
    await settle(100);
    expect(w.sender.calls).toHaveLength(0);

    const busy = await tickEveryMinute(w.app, w.clock, '2026-08-21T05:58:00Z', '2026-08-21T06:02:00Z');
    expect(busy.map(([at, r]) => [at, r.queued])).toEqual([['2026-08-21T06:00:00.000Z', 1]]);
    await w.drained();
    expect(w.sender.calls).toHaveLength(1);
    const digest = digestOf(w.sender.calls[0]!.reply);
    expect(digest.title).toBe('Daily digest of your alerts · 5 papers');
    expect(digest.papers.map((p) => p.paper.id)).toEqual([...HARNESS, ...LANGUAGE]);
    expect(digest.papers[0]!.why?.[0]).toMatch(/^for title:harness/);

    // Nothing new: no second message, not the next day either; a paper is never held (or alerted) again.
    expect(await w.app.alerts.poll(w.clock.set('2026-08-21T07:00:00Z'), { force: true })).toMatchObject({ held: 0, queued: 0 });
    expect(await w.app.scheduler.catchUp(w.clock.set('2026-08-21T07:05:00Z'))).toMatchObject({ queued: 0 });
    expect(await w.app.scheduler.tick(w.clock.set('2026-08-22T06:00:00Z'))).toMatchObject({ queued: 0, empty: 1 });
    await settle(100);
    expect(w.sender.calls).toHaveLength(1);
  });

  it('back to instant: what was held goes out within a minute, then alerts come at once', async () => {
    const w = await open('2026-08-20T09:00:00Z');
    await w.run('subscribe title:harness');
    await w.run('alerts mode weekly fri 17:00');
    expect(await w.app.alerts.poll(w.clock.now, { force: true })).toMatchObject({ held: 2 });
    w.clock.advance(10_000);
    expect(textOf(await w.run('alerts mode instant'))).toContain('Papers held for a digest go out within a minute.');
    const busy = await tickEveryMinute(w.app, w.clock, '2026-08-20T09:00:00Z', '2026-08-20T09:03:00Z');
    expect(busy.map(([at, r]) => [at, r.queued])).toEqual([['2026-08-20T09:01:00.000Z', 1]]);
    await w.run('subscribe title:language');
    expect(await w.app.alerts.poll(w.clock.now, { force: true })).toMatchObject({ held: 0, queued: 1, alerted: 3 });
    await w.drained();
    expect(w.sender.calls.map((c) => digestOf(c.reply).papers.length)).toEqual([2, 3]);
  });
});

describe('unsubscribing before the digest', () => {
  it('drops the papers held only for that subscription', async () => {
    const w = await open('2026-08-20T09:00:00Z');
    const harness = subscribedId(await w.run('subscribe title:harness'));
    await w.run('subscribe title:language');
    await w.run('alerts mode daily 08:00 UTC');
    expect(await w.app.alerts.poll(w.clock.now, { force: true })).toMatchObject({ held: 5 });
    expect(textOf(await w.run(`unsubscribe ${harness}`))).toContain(harness);
    expect(await w.app.scheduler.tick(w.clock.set('2026-08-21T08:00:00Z'))).toMatchObject({ queued: 1 });
    await w.drained();
    expect(w.sender.calls.map((c) => digestOf(c.reply).papers.map((p) => p.paper.id))).toEqual([LANGUAGE]);
  });
});

describe('switching to a digest while an instant alert was never confirmed', () => {
  it('queues that alert again under its own key, and holds only the rest', async () => {
    const w = await open('2026-08-20T09:00:00Z');
    await w.run('subscribe title:harness');
    // An instant poll marked a pair with its message key, then died before the enqueue (decision 088).
    const ledger = createAlertLedger(w.app.store);
    const me = destinationKey(dm('u1'));
    expect(await ledger.claim(me, [HARNESS[0]!], w.clock.now)).toEqual([HARNESS[0]]);
    await ledger.markQueuing(me, [HARNESS[0]!], `alert:${me}:${HARNESS[0]}`, w.clock.now);
    w.clock.advance(60_000);
    await w.run('alerts mode daily 08:00 UTC');
    expect(await w.app.alerts.poll(w.clock.now, { force: true })).toMatchObject({ held: 1, queued: 1 });
    await w.drained();
    expect(w.sender.calls.map((c) => [c.key, digestOf(c.reply).papers.map((p) => p.paper.id)])).toEqual([[`alert:${me}:${HARNESS[0]}`, [HARNESS[0]]]]);
    expect(await w.app.scheduler.tick(w.clock.set('2026-08-21T08:00:00Z'))).toMatchObject({ queued: 1 });
    await w.drained();
    expect(digestOf(w.sender.calls[1]!.reply).papers.map((p) => p.paper.id)).toEqual([HARNESS[1]]);
  });
});

describe('quiet hours', () => {
  it('hold an instant alert matched inside the window until it ends, then alerts come at once again', async () => {
    const w = await open('2026-08-20T21:00:00Z'); // 23:00 in Paris
    await w.run('subscribe title:harness');
    expect(textOf(await w.run('alerts quiet 22:00-08:00 Europe/Paris'))).toContain(
      'Quiet hours for your alerts: 22:00–08:00 Europe/Paris. Alerts matched then wait until 08:00',
    );
    expect(await w.app.alerts.poll(w.clock.now, { force: true })).toMatchObject({ held: 2, queued: 0 });
    expect(await tickEveryMinute(w.app, w.clock, '2026-08-21T05:50:00Z', '2026-08-21T05:59:00Z')).toEqual([]);
    expect(await w.app.scheduler.tick(w.clock.set('2026-08-21T06:00:00Z'))).toMatchObject({ queued: 1 });
    await w.drained();
    expect(w.sender.calls).toHaveLength(1);
    expect(digestOf(w.sender.calls[0]!.reply).title).toBe('2 new papers matching your alerts (held during quiet hours)');

    await w.run('subscribe title:language');
    expect(await w.app.alerts.poll(w.clock.set('2026-08-21T06:30:00Z'), { force: true })).toMatchObject({ held: 0, queued: 1 });
    await w.drained();
    expect(w.sender.calls).toHaveLength(2);
  });
});

describe.each(backendCases().filter((c) => c.name !== 'memory'))('digests on two instances sharing a $name store', ({ url }) => {
  it.skipIf(!url)('hold each paper once, send one digest per slot, and a restart sends it no second time', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    const a = await open('2026-08-20T09:00:00Z', url!, prefix);
    const b = await open('2026-08-20T09:00:00Z', url!, prefix);
    await a.run('subscribe title:harness');
    await a.run('subscribe title:language');
    await a.run('alerts mode daily 08:00 Europe/Paris');
    await b.app.scheduler.reload(b.clock.now);
    const polls = await Promise.all([a.app.alerts.poll(a.clock.now, { force: true }), b.app.alerts.poll(b.clock.now, { force: true })]);
    expect(polls[0].held + polls[1].held).toBe(5);

    const slot = new Date('2026-08-21T06:00:00Z');
    const ticks = await Promise.all([a.app.scheduler.tick(slot), b.app.scheduler.tick(slot)]);
    expect(ticks[0].queued + ticks[1].queued).toBe(1);
    await Promise.all([a.drained(), b.drained()]);
    await a.app.close();
    worlds.splice(worlds.indexOf(a), 1);
    const c = await open('2026-08-21T06:05:00Z', url!, prefix);
    expect(await c.app.scheduler.resume(c.clock.now)).toMatchObject({ queued: 0 });
    expect(await b.app.scheduler.catchUp(new Date('2026-08-21T06:10:00Z'))).toMatchObject({ queued: 0 });
    await settle(200);
    const sent = [...a.sender.calls, ...b.sender.calls, ...c.sender.calls];
    expect(sent).toHaveLength(1);
    expect(destinationKey(sent[0]!.to)).toBe(destinationKey(dm('u1')));
    expect(digestOf(sent[0]!.reply).papers).toHaveLength(5);
  });
});
