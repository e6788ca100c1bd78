/**
 * Alert digests and quiet hours through the real console adapter: commands typed as in the README, the real core app
 * polling the fake HF on a fake clock, held alerts delivered by the scheduler's ticks to the real console sender.
 */
import { randomUUID } from 'node:crypto';
import { PassThrough, Writable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { startConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { createConsoleSender } from '../../adapters/console/console-sender.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { createCoreApp, type CoreApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { tickEveryMinute } from '../helpers/schedule-app.ts';
import { settle, waitFor } from '../helpers/wait.ts';

let hf: FakeHf | undefined;
let app: CoreApp | undefined;
let input: PassThrough | undefined;
afterEach(async () => {
  input?.end('exit\n');
  await app?.close();
  await hf?.close();
});

it('quiet hours hold an alert until they end, and a daily digest comes once at its local time (console)', async () => {
  hf = await startFakeHf();
  const clock = new FakeClock('2026-08-20T21:00:00Z'); // 23:00 in Paris
  const config = loadConfig({ STORE_URL: 'memory://', HF_ENDPOINT: hf.url, HF_RETRIES: '0', LOG_LEVEL: 'silent' });
  app = await createCoreApp(config, {
    log: silentLogger(), storePrefix: `t${randomUUID().slice(0, 8)}:`, retryBaseMs: 1, now: clock.fn,
    delivery: { pollMs: 20, leaseMs: 600, claimMs: 2_000, backoff: { baseMs: 10, capMs: 50 } },
  });
  const sent: string[] = [];
  app.delivery.registerSender(createConsoleSender(new Writable({ write: (chunk, _e, done) => (sent.push(String(chunk)), done()) })));
  await app.start({ scheduler: false, alerts: false });
  const deps: CommandDeps = { papers: app.papers, config: app.config, log: app.log, alerts: app.alerts, destinations: app.delivery.destinations };
  input = new PassThrough();
  let out = '';
  const output = new Writable({ write: (chunk, _e, done) => ((out += String(chunk)), done()) });
  void startConsoleAdapter({ deps, input, output, banner: 'console', now: clock.fn });
  const type = async (line: string) => {
    const before = out.length;
    input!.write(`${line}\n`);
    await waitFor(() => out.length > before && out.endsWith('\n\n'), `an answer to ${line}`);
    return out.slice(before);
  };
  const help = await type('/papers help');
  expect(help).toContain('/papers alerts mode <mode>');
  expect(help).toContain('/papers alerts quiet <hours>');

  await type('/papers subscribe title:harness');
  expect(await type('/papers alerts quiet 22:00-08:00 Europe/Paris')).toContain('Quiet hours for your alerts: 22:00–08:00 Europe/Paris.');
  expect(await app.alerts.poll(clock.now, { force: true })).toMatchObject({ held: 2, queued: 0 });
  await settle(100);
  expect(sent).toHaveLength(0);
  const atEnd = await tickEveryMinute(app, clock, '2026-08-21T05:58:00Z', '2026-08-21T06:01:00Z');
  expect(atEnd.map(([at, r]) => [at, r.queued])).toEqual([['2026-08-21T06:00:00.000Z', 1]]);
  await waitFor(() => sent.length === 1, 'the alert held during quiet hours');
  expect(sent[0]).toContain('2 new papers matching your alerts (held during quiet hours)');

  clock.set('2026-08-21T09:00:00Z');
  await type('/papers subscribe title:language');
  expect(await type('/papers alerts mode daily 08:00 Europe/Paris')).toContain('Your alerts now come as one daily digest at 08:00 Europe/Paris');
  expect(await type('/papers subscriptions')).toContain('Your alerts arrive: daily digest at 08:00 Europe/Paris; quiet hours: 22:00–08:00 Europe/Paris.');
  expect(await app.alerts.poll(clock.now, { force: true })).toMatchObject({ held: 3, queued: 0 });
  const digest = await tickEveryMinute(app, clock, '2026-08-22T05:59:00Z', '2026-08-22T06:01:00Z');
  expect(digest.map(([at, r]) => [at, r.queued])).toEqual([['2026-08-22T06:00:00.000Z', 1]]);
  await waitFor(() => sent.length === 2, 'the daily digest');
  expect(sent[1]).toContain('Daily digest of your alerts · 3 papers');
  expect(await app.scheduler.catchUp(new Date('2026-08-22T06:10:00Z'))).toMatchObject({ queued: 0 });
  await settle(100);
  expect(sent).toHaveLength(2);
}, 60_000);
