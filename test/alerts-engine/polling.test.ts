import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storedSubscriptionSchema } from '../../src/alerts/subscriptions.ts';
import { destinationKey, type Reply } from '../../src/model.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { settle, waitFor } from '../helpers/wait.ts';
import { createCountingSender } from '../fakes/counting-sender.ts';
import { createCoreApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { channel, dm, openAlertWorld, type AlertWorld } from './world.ts';

type Item = { paper: { id: string; upvotes: number } };
let hf: FakeHf;
let w: AlertWorld;
const worlds: AlertWorld[] = [];
const DAY = '2026-08-20';
/** The papers of 2026-08-20 whose words include "agent", most upvoted first. */
const AGENT = ['2608.16590', '2608.17253', '2608.18565', '2608.13558', '2608.19197', '2608.18423'];

beforeEach(async () => {
  hf = await startFakeHf();
});
afterEach(async () => {
  for (const x of worlds.splice(0)) await x.app.close();
  await hf.close();
});

async function open(opts: { storeUrl?: string; cap?: number; at?: string; prefix?: string } = {}): Promise<AlertWorld> {
  const env: Record<string, string> = opts.cap ? { ALERT_DAILY_CAP: String(opts.cap) } : {};
  const world = await openAlertWorld({ storeUrl: opts.storeUrl ?? 'memory://', prefix: opts.prefix, hf, env, clock: new FakeClock(opts.at ?? `${DAY}T09:00:00Z`) });
  worlds.push(world);
  return world;
}

/** Takes papers out of the day's list as HF serves it (they "appear later" when put back). */
function withhold(ids: string[], day = DAY): () => void {
  const items = hf.days.get(day) as Item[];
  const held = items.filter((i) => ids.includes(i.paper.id));
  hf.days.set(day, items.filter((i) => !ids.includes(i.paper.id)));
  return () => (hf.days.get(day) as Item[]).push(...held);
}

/** Polls at `at` (each call a new 15-minute window), then waits until the queue has sent everything. */
async function pollAt(world: AlertWorld, at: string) {
  const report = await world.app.alerts.poll(world.clock.set(at));
  await world.drained();
  return report;
}

const digestIds = (r: Reply) => (r.kind === 'digest' ? r.papers.map((p) => p.paper.id) : []);

describe('polling today’s papers', () => {
  it('alerts each paper once: a second poll sends nothing, a paper listed later in the day comes alone', async () => {
    w = await open();
    const putBack = withhold(['2608.19197']);
    await w.run('subscribe agent');
    const first = await pollAt(w, `${DAY}T09:00:00Z`);
    expect(first).toMatchObject({ elected: true, day: DAY, papers: 14, subscribers: 1, queued: 1, alerted: 5 });
    expect(w.sender.calls).toHaveLength(1);
    const call = w.sender.calls[0]!;
    expect(call.to).toEqual(dm('u1'));
    expect(call.key).toBe(`alert:discord:g1:dm:u1:${AGENT.filter((id) => id !== '2608.19197').sort().join(',')}`);
    expect(call.reply).toMatchObject({ kind: 'digest', title: `5 new papers matching your alerts · ${DAY}`, day: DAY, votable: true });
    expect(digestIds(call.reply)).toEqual(AGENT.filter((id) => id !== '2608.19197'));
    if (call.reply.kind === 'digest') for (const p of call.reply.papers) expect(p.why?.[0]).toMatch(/^"agent" in /);

    expect(await pollAt(w, `${DAY}T09:15:00Z`)).toMatchObject({ queued: 0, alerted: 0 });
    putBack();
    expect(await pollAt(w, `${DAY}T09:30:00Z`)).toMatchObject({ queued: 1, alerted: 1 });
    expect(w.sender.calls).toHaveLength(2);
    expect(digestIds(w.sender.calls[1]!.reply)).toEqual(['2608.19197']);
  });

  it('alerts a paper when an update makes it match (upvotes>=N)', async () => {
    w = await open();
    await w.run('subscribe agent upvotes>=100');
    expect(await pollAt(w, `${DAY}T09:00:00Z`)).toMatchObject({ alerted: 0 });
    (hf.days.get(DAY) as Item[]).find((i) => i.paper.id === '2608.17253')!.paper.upvotes = 120;
    expect(await pollAt(w, `${DAY}T09:30:00Z`)).toMatchObject({ alerted: 1 });
    expect(w.sender.calls[0]!.reply).toMatchObject({ papers: [{ why: [expect.stringMatching(/^"agent" in /), 'upvotes 120 ≥ 100', 'Hugging Face'] }] });
  });

  it('sends one message per subscriber per poll; several queries of one person merge their reasons', async () => {
    w = await open();
    await w.run('subscribe agent');
    await w.run('subscribe harness');
    await w.run('subscribe title:diffusion');
    await w.run('subscribe agent --channel', { manager: true, user: 'u2' });
    await w.run('subscribe agent', { user: 'u2' });
    const report = await pollAt(w, `${DAY}T09:00:00Z`);
    expect(report).toMatchObject({ subscribers: 3, queued: 3 });
    expect(w.sender.calls.map((c) => destinationKey(c.to)).sort()).toEqual(['discord:g1:c1', 'discord:g1:dm:u1', 'discord:g1:dm:u2']);
    const mine = w.sender.callsTo(dm('u1'))[0]!.reply;
    const ids = digestIds(mine);
    expect(new Set(ids).size).toBe(ids.length);
    const zetta = mine.kind === 'digest' ? mine.papers.find((p) => p.paper.id === '2608.16590') : undefined;
    expect(zetta?.why).toEqual([expect.stringMatching(/^"agent" in /), expect.stringMatching(/^"harness" in title/), 'Hugging Face']);
    expect(digestIds(w.sender.callsTo(channel('c1'))[0]!.reply)).toEqual(AGENT);
    expect(w.sender.callsTo(channel('c1'))[0]!.reply).toMatchObject({ title: `6 new papers matching this channel's alerts · ${DAY}` });
  });

  it('keeps to the daily cap and says how many more matched; the cap starts again the next day', async () => {
    w = await open({ cap: 3 });
    await w.run('subscribe agent');
    expect(await pollAt(w, `${DAY}T09:00:00Z`)).toMatchObject({ alerted: 3, overflow: 3 });
    const reply = w.sender.calls[0]!.reply;
    expect(digestIds(reply)).toEqual(AGENT.slice(0, 3));
    expect(reply.kind === 'digest' && reply.note).toMatch(/^…and 3 more matches today beyond the daily limit of 3 alerts; refine your queries/);
    expect(await pollAt(w, `${DAY}T11:00:00Z`)).toMatchObject({ alerted: 0, overflow: 0 });
    hf.days.set('2026-08-21', hf.days.get('2026-08-19')!);
    expect(await pollAt(w, '2026-08-21T09:00:00Z')).toMatchObject({ day: '2026-08-21', alerted: 3, overflow: 10 });
    expect(w.sender.calls).toHaveLength(2);
  });

  it('once the cap is used up, later matches that day get one short notice, then silence', async () => {
    w = await open({ cap: 3 });
    const putBack = withhold(AGENT.slice(3));
    await w.run('subscribe agent');
    expect(await pollAt(w, `${DAY}T09:00:00Z`)).toMatchObject({ alerted: 3, overflow: 0 });
    putBack();
    expect(await pollAt(w, `${DAY}T09:30:00Z`)).toMatchObject({ alerted: 0, overflow: 3 });
    expect(w.sender.calls[1]!.reply).toEqual({
      kind: 'text',
      text: expect.stringMatching(/^Daily alert limit reached: 3 more papers matched your alerts today beyond the 3 already sent\. Refine/),
    });
    (hf.days.get(DAY) as Item[]).push({ ...(hf.days.get('2026-08-19') as Item[])[0]! });
    await pollAt(w, `${DAY}T10:00:00Z`);
    expect(w.sender.calls).toHaveLength(2);
  });

  it('skips a failing destination (its alerts pause) and resumes when the failure is cleared', async () => {
    w = await open();
    await w.run('subscribe agent');
    await w.run('subscribe agent --channel', { manager: true });
    await w.app.delivery.destinations.markFailing(dm('u1'), 'Cannot send messages to this user', Date.now());
    expect(await pollAt(w, `${DAY}T09:00:00Z`)).toMatchObject({ subscribers: 2, queued: 1, paused: 1 });
    expect(w.sender.calls.map((c) => destinationKey(c.to))).toEqual(['discord:g1:c1']);
    await w.app.delivery.destinations.clearFailure(dm('u1'));
    expect(await pollAt(w, `${DAY}T09:15:00Z`)).toMatchObject({ queued: 1, alerted: 6 });
    expect(w.sender.callsTo(dm('u1'))).toHaveLength(1);
  });

  it('a stored query the parser now rejects is skipped; the others are still alerted', async () => {
    w = await open();
    await w.run('subscribe agent');
    const bad = { id: 'zzzzzz', owner: dm('u9'), query: '(agent', canonical: '(agent', createdAt: 0, createdBy: 'u9', slot: 0 };
    await w.app.store.collection('subs', storedSubscriptionSchema).set(bad.id, bad);
    expect(await pollAt(w, `${DAY}T09:00:00Z`)).toMatchObject({ subscribers: 1, queued: 1 });
    expect(w.app.alerts.engine.size).toBe(1);
  });

  it('does not ask Hugging Face anything while nobody is subscribed', async () => {
    w = await open();
    expect(await pollAt(w, `${DAY}T09:00:00Z`)).toMatchObject({ elected: true, papers: 0 });
    expect(hf.requests).toEqual([]);
  });

  it('polls once per window in one process too', async () => {
    w = await open();
    await w.run('subscribe agent');
    expect((await w.app.alerts.poll(w.clock.set(`${DAY}T09:01:00Z`))).elected).toBe(true);
    expect((await w.app.alerts.poll(w.clock.set(`${DAY}T09:14:59Z`))).elected).toBe(false);
    expect((await w.app.alerts.poll(w.clock.set(`${DAY}T09:15:00Z`))).elected).toBe(true);
  });
});

describe('across restarts', () => {
  it('a new app on the same SQLite file alerts nothing again, and only what is new', async () => {
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'paperboy-alerts-')), 'store.sqlite')}`;
    const putBack = withhold(['2608.18423']);
    const first = await open({ storeUrl, prefix: '' });
    await first.run('subscribe agent');
    await pollAt(first, `${DAY}T09:00:00Z`);
    expect(first.sender.calls).toHaveLength(1);
    await first.app.close();
    worlds.splice(worlds.indexOf(first), 1);

    const second = await open({ storeUrl, prefix: '', at: `${DAY}T10:00:00Z` });
    expect(await pollAt(second, `${DAY}T10:00:00Z`)).toMatchObject({ subscribers: 1, queued: 0, alerted: 0 });
    putBack();
    expect(await pollAt(second, `${DAY}T10:30:00Z`)).toMatchObject({ alerted: 1 });
    expect(second.sender.calls.map((c) => digestIds(c.reply))).toEqual([['2608.18423']]);
  });
});

describe('the poll timer', () => {
  it('app.start() polls at once and then every window; close() stops it', async () => {
    const base = Date.parse(`${DAY}T09:00:00Z`);
    const t0 = Date.now();
    const config = loadConfig({ STORE_URL: 'memory://', HF_ENDPOINT: hf.url, HF_RETRIES: '0', TODAY_REFRESH_MINUTES: '0' });
    const app = await createCoreApp(config, {
      log: silentLogger(),
      now: () => new Date(base + (Date.now() - t0)),
      alertPollMs: 100,
      delivery: { pollMs: 20 },
    });
    const sender = createCountingSender('discord');
    app.delivery.registerSender(sender);
    const putBack = withhold(['2608.19197']);
    await app.alerts.subscribe({ owner: dm('u1'), query: 'agent', createdBy: 'u1', now: new Date(base) });
    await app.start({ scheduler: false, alerts: true });
    await waitFor(() => sender.calls.length === 1, 'the first alert');
    putBack();
    await waitFor(() => sender.calls.length === 2, 'an alert from a later poll');
    expect(digestIds(sender.calls[1]!.reply)).toEqual(['2608.19197']);
    await app.close();
    const asked = hf.requests.length;
    await settle(350);
    expect(hf.requests.length).toBe(asked);
  });
});
