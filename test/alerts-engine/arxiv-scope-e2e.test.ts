/**
 * Alert scopes end to end: commands typed into the real console adapter, the real core app polling the fake arXiv (a
 * real announcement day) and the fake HF, alerts delivered by the real console sender.
 */
import { randomUUID } from 'node:crypto';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { createConsoleSender } from '../../adapters/console/console-sender.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { createCoreApp, type CoreApp } from '../../src/app.ts';
import { createArxivClient, type ArxivClient } from '../../src/arxiv/arxiv-client.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startFakeArxiv, type FakeArxiv } from '../fakes/arxiv-server.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { waitFor } from '../helpers/wait.ts';
import { ARXIV_CATS as CATS, ARXIV_DAY as DAY, announcement, hfItem, idsIn } from './arxiv-scope-world.ts';


let hf: FakeHf | undefined;
let arxiv: FakeArxiv | undefined;
let client: ArxivClient | undefined;
let app: CoreApp | undefined;
let input: PassThrough | undefined;
afterEach(async () => {
  input?.end('exit\n');
  await app?.close();
  client?.close();
  await arxiv?.close();
  await hf?.close();
});

describe('alert scopes through the console adapter, with the fake arXiv and the fake HF', () => {
  it('source:any alerts an arXiv paper once, even when HF lists it later; cat: keeps to its category; revisions only when asked', async () => {
    const { day, revised, p } = announcement();
    arxiv = await startFakeArxiv(day);
    hf = await startFakeHf(new Map());
    const clock = new FakeClock(`${DAY}T12:00:00Z`);
    client = createArxivClient({
      categories: CATS, contact: 'ops@example.org', rssUrl: arxiv.rssUrl, apiUrl: arxiv.apiUrl, log: silentLogger(),
      intervalMs: 50, retry: { retries: 1, baseMs: 10, capMs: 50 }, timeoutMs: 5_000, now: clock.fn,
    });
    const config = loadConfig({ STORE_URL: 'memory://', HF_ENDPOINT: hf.url, HF_RETRIES: '0', LOG_LEVEL: 'silent', ALERT_DAILY_CAP: '200' });
    app = await createCoreApp(config, {
      log: silentLogger(), storePrefix: `t${randomUUID().slice(0, 8)}:`, retryBaseMs: 1, now: clock.fn, arxiv: client,
      delivery: { pollMs: 20, leaseMs: 600, claimMs: 2_000, backoff: { baseMs: 10, capMs: 50 } },
    });
    const sent: string[] = [];
    app.delivery.registerSender(createConsoleSender(new Writable({ write: (chunk, _e, done) => (sent.push(String(chunk)), done()) })));
    await app.start({ scheduler: false, alerts: false });
    const deps: CommandDeps = { papers: app.papers, arxiv: client, config: app.config, log: app.log, alerts: app.alerts, destinations: app.delivery.destinations };
    input = new PassThrough();
    let out = '';
    const output = new Writable({ write: (chunk, _e, done) => ((out += String(chunk)), done()) });
    void startConsoleAdapter({ deps, input, output, banner: 'console', now: clock.fn });
    const type = async (line: string) => {
      const before = out.length;
      input!.write(`${line}\n`);
      await waitFor(() => /Subscribed|does not work|already/.test(out.slice(before)), `an answer to ${line}`);
      return out.slice(before);
    };

    const words = p.title.split(/\s+/).slice(0, 4).join(' ');
    const anyReply = await type(`/papers subscribe title:"${words}"`);
    expect(anyReply).toContain(`title:"${words}" source:any`);
    expect(anyReply).toContain('Scope: Hugging Face Daily Papers and arXiv; revisions left out.');
    expect(anyReply).toContain(`arXiv's announcement of ${DAY}`);
    const revWords = revised.title.split(/\s+/).slice(0, 4).join(' ');
    expect(await type(`/papers subscribe title:"${revWords}" revisions:yes`)).toContain('revisions included');
    const catReply = await type('/papers subscribe image cat:cs.CV where:channel');
    expect(catReply).toContain('Scope: arXiv in cs.CV; revisions left out.');

    const first = await app.alerts.poll(clock.now, { force: true });
    expect(first.papers).toBe(day.papers.length);
    await waitFor(() => sent.length >= 2, 'two alert messages');
    const mine = sent.filter((m) => m.includes('matching your alerts'));
    const channel = sent.filter((m) => m.includes("matching this channel's alerts"));
    expect(mine).toHaveLength(1);
    expect(channel).toHaveLength(1);
    expect(idsIn(mine[0]!).sort()).toEqual([p.id, revised.id].sort());
    expect(mine[0]).toContain(`arXiv ${p.categories.slice(0, 3).join(', ')} (new)`);
    expect(mine[0]).toContain('(revised)');

    // cat:cs.CV: only cs.CV papers, every one about images that is not a revision, and none outside cs.CV.
    const byId = new Map(day.papers.map((x) => [x.id, x]));
    const got = new Set(idsIn(channel[0]!));
    expect(got.size).toBeGreaterThan(5);
    for (const id of got) expect(byId.get(id)?.categories).toContain('cs.CV');
    expect(got.has(revised.id)).toBe(false);
    const outside = day.papers.filter((x) => !x.categories.includes('cs.CV') && /\bimage\b/i.test(`${x.title} ${x.abstract}`));
    expect(outside.length).toBeGreaterThan(0);
    for (const x of outside) expect(got.has(x.id)).toBe(false);

    // HF lists the same paper later that day: nobody is alerted again (the ledger is by paper id).
    hf.days.set(DAY, [hfItem(p)]);
    const second = await app.alerts.poll(clock.advance(3 * 3_600_000), { force: true });
    expect(hf.requests.some((r) => r.query.date === DAY)).toBe(true);
    expect(second).toMatchObject({ alerted: 0, queued: 0 });
    // A new HF-only subscriber gets it now (it matches, it is on HF): the poll did read it.
    await type(`/papers subscribe title:"${words}" source:hf where:channel`);
    const third = await app.alerts.poll(clock.advance(60_000), { force: true });
    expect(third).toMatchObject({ alerted: 1 });
    await waitFor(() => sent.length >= 3, 'the HF-only alert');
    expect(idsIn(sent[2]!)).toEqual([p.id]);
    expect(sent.filter((m) => m.includes('matching your alerts'))).toHaveLength(1);
  }, 60_000);
});
