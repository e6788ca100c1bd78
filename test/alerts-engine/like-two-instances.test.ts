/**
 * `like:` across two instances on one SQLite file: a subscription made on one instance is matched by the other (the
 * followed paper's profile travels in the stored record), and the first instance's poll after it alerts nothing again.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { destinationKey } from '../../src/model.ts';
import type { FakeHf } from '../fakes/hf-server.ts';
import { backendCases } from '../helpers/backends.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { settle } from '../helpers/wait.ts';
import { alertWorldsEach, openAlertWorld, subscribedId } from './world.ts';

type Item = { paper: Record<string, unknown> & { id: string; title: string; summary: string }; title: string; summary: string };
let hf: FakeHf;
const worlds = alertWorldsEach((fake) => (hf = fake));

const DAY = '2026-08-20';
const CLOSE = '2608.99911';

describe('like: on two instances sharing a SQLite file', () => {
  it('the other instance matches it from the stored record; the close paper is alerted once across both', async () => {
    const url = backendCases().find((c) => c.name === 'sqlite')!.url!;
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    const a = await openAlertWorld({ storeUrl: url, prefix, hf, clock: new FakeClock(`${DAY}T09:00:00Z`) });
    const b = await openAlertWorld({ storeUrl: url, prefix, hf, clock: new FakeClock(`${DAY}T09:00:00Z`) });
    worlds.push(a, b);
    const followed = (hf.days.get([...hf.days.keys()].sort()[0]!) as Item[])[0]!;
    const today = hf.days.get(DAY) as Item[];
    const close = structuredClone(today[0]!);
    Object.assign(close.paper, { id: CLOSE, title: `Revisiting ${followed.paper.title}`, summary: followed.paper.summary });
    today.push({ ...close, title: close.paper.title, summary: close.paper.summary });

    const id = subscribedId(await a.run(`subscribe like:${followed.paper.id}`));
    expect(a.app.alerts.engine.size).toBe(1);
    expect(b.app.alerts.engine.size).toBe(0);
    const rb = await b.app.alerts.poll(new Date(`${DAY}T09:05:00Z`), { force: true });
    expect(b.app.alerts.engine.size).toBe(1);
    expect(rb.alerted).toBeGreaterThanOrEqual(1);
    expect((await a.app.alerts.poll(new Date(`${DAY}T09:35:00Z`), { force: true })).alerted).toBe(0);
    await a.drained();
    await b.drained();
    await settle(200);
    const sent = [a, b].flatMap((w) => w.sender.calls.flatMap((c) => (c.reply.kind === 'digest' ? c.reply.papers.map((p) => ({ to: destinationKey(c.to), p })) : [])));
    const closeSent = sent.filter((s) => s.p.paper.id === CLOSE);
    expect(closeSent).toHaveLength(1);
    expect(closeSent[0]!.p.why).toContain(`similar to ${followed.paper.title.replace(/\s+/g, ' ').trim()}`);
    expect(sent.filter((s) => s.p.paper.id === followed.paper.id)).toEqual([]);
    expect(new Set(sent.map((s) => `${s.to} ${s.p.paper.id}`)).size).toBe(sent.length);
    expect((await b.app.alerts.find(id))?.like?.paperId).toBe(followed.paper.id);
  }, 60_000);
});
