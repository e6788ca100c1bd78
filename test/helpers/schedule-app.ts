import { randomUUID } from 'node:crypto';
import { createCoreApp, type CoreApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import type { Destination } from '../../src/model.ts';
import type { TickReport } from '../../src/schedule/scheduler.ts';
import { createCountingSender, type CountingSender, type Script } from '../fakes/counting-sender.ts';
import type { FakeHf } from '../fakes/hf-server.ts';
import type { FakeClock } from './fake-clock.ts';
import { waitFor } from './wait.ts';

export interface ScheduleApp {
  app: CoreApp;
  sender: CountingSender;
  /** Waits until no item is pending (the queue has sent or given up on everything). */
  drained(): Promise<void>;
}

export interface ScheduleAppOptions {
  storeUrl: string;
  prefix?: string;
  hf: FakeHf;
  clock: FakeClock;
  script?: Script;
  env?: Record<string, string>;
  log?: Logger;
}

/**
 * A real core app (store, papers against the fake HF, delivery queue, scheduler) on a fake clock, with a counting sender
 * on the discord platform. The scheduler's cron task is not started: tests drive `tick`, `catchUp` and `resume`.
 */
export async function openScheduleApp(opts: ScheduleAppOptions): Promise<ScheduleApp> {
  const config = loadConfig({ STORE_URL: opts.storeUrl, HF_ENDPOINT: opts.hf.url, HF_RETRIES: '0', LOG_LEVEL: 'silent', ...opts.env });
  const app = await createCoreApp(config, {
    log: opts.log ?? silentLogger(),
    storePrefix: opts.prefix ?? `t${randomUUID().slice(0, 8)}:`,
    retryBaseMs: 1,
    now: opts.clock.fn,
    delivery: { pollMs: 20, leaseMs: 600, claimMs: 2_000, backoff: { baseMs: 10, capMs: 50 } },
  });
  const sender = createCountingSender('discord', opts.script);
  app.delivery.registerSender(sender);
  await app.start({ scheduler: false });
  return {
    app,
    sender,
    drained: () => waitFor(async () => (await app.delivery.pendingItems()).length === 0, 'the queue to drain'),
  };
}

/** Ticks the scheduler once a minute from `fromIso` to `toIso` (inclusive) and returns the ticks that had work. */
export async function tickEveryMinute(app: CoreApp, clock: FakeClock, fromIso: string, toIso: string): Promise<Array<[string, TickReport]>> {
  const busy: Array<[string, TickReport]> = [];
  for (let now = clock.set(fromIso); now.getTime() <= Date.parse(toIso); now = clock.advance(60_000)) {
    const report = await app.scheduler.tick(now);
    if (report.due > 0) busy.push([now.toISOString(), report]);
  }
  return busy;
}

export const discordChannel = (id: string, community = 'g1'): Destination => ({ platform: 'discord', community, channel: id });
