import { afterEach, beforeEach } from 'vitest';
import type { CommandDeps } from '../../commands/deps.ts';
import { runCommand } from '../../commands/dispatch.ts';
import { parseCommandText } from '../../commands/parse-text.ts';
import type { Destination, Reply } from '../../src/model.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import type { FakeClock } from '../helpers/fake-clock.ts';
import { openScheduleApp, type ScheduleApp } from '../helpers/schedule-app.ts';

/** Who runs a command: user `user` (default u1) in channel `channel` (default c1) of guild `community` (default g1). */
export interface Caller {
  user?: string;
  manager?: boolean;
  channel?: string;
  community?: string;
}

export interface AlertWorld extends ScheduleApp {
  clock: FakeClock;
  deps: CommandDeps;
  /** Runs a typed command line (Slack/console syntax) at the clock's time. */
  run(text: string, caller?: Caller): Promise<Reply>;
  /** Runs a command with options as Discord would give them. */
  runOptions(command: string, options: Record<string, string>, caller?: Caller): Promise<Reply>;
}

/** A real core app (fake HF, fake clock, counting discord sender) and the commands wired to it as `bin/start.ts` does. */
export async function openAlertWorld(opts: {
  storeUrl: string;
  hf: FakeHf;
  clock: FakeClock;
  prefix?: string;
  env?: Record<string, string>;
  script?: Parameters<typeof openScheduleApp>[0]['script'];
  log?: Parameters<typeof openScheduleApp>[0]['log'];
}): Promise<AlertWorld> {
  const world = await openScheduleApp(opts);
  const { app } = world;
  const deps: CommandDeps = {
    papers: app.papers,
    config: app.config,
    log: app.log,
    alerts: app.alerts,
    destinations: app.delivery.destinations,
  };
  const runOptions = (command: string, options: Record<string, string | boolean>, c: Caller = {}) =>
    runCommand(
      {
        command,
        options,
        user: { id: c.user ?? 'u1', name: c.user ?? 'ada', canManageChannel: c.manager ?? false },
        where: { platform: 'discord', community: c.community ?? 'g1', channel: c.channel ?? 'c1' },
        now: opts.clock.now,
      },
      deps,
    );
  return {
    ...world,
    clock: opts.clock,
    deps,
    runOptions,
    async run(text, caller) {
      const parsed = parseCommandText(text);
      if (!parsed.ok) return { kind: 'error', message: parsed.message };
      return runOptions(parsed.command, parsed.options, caller);
    },
  };
}

/** The text of a reply, errors prefixed with "ERROR ". */
export const textOf = (r: Reply): string =>
  r.kind === 'text' ? r.text : r.kind === 'error' ? `ERROR ${r.message}` : r.kind === 'digest' ? r.title : r.kind;

/** The id in "Subscribed (id k3f9x2): …". */
export function subscribedId(r: Reply): string {
  const id = /Subscribed \(id ([0-9a-z]{6})\)/.exec(textOf(r))?.[1];
  if (!id) throw new Error(`not subscribed: ${textOf(r)}`);
  return id;
}

export const dm = (user: string, community = 'g1'): Destination => ({ platform: 'discord', community, channel: 'c1', user });
export const channel = (id: string, community = 'g1'): Destination => ({ platform: 'discord', community, channel: id });

/**
 * For each test of the file: a fake HF server started before it (handed to `use`), and after it the alert worlds pushed
 * on the returned list closed, then that server.
 */
export function alertWorldsEach(use: (hf: FakeHf) => void): AlertWorld[] {
  const worlds: AlertWorld[] = [];
  let hf: FakeHf | undefined;
  beforeEach(async () => use((hf = await startFakeHf())));
  afterEach(async () => {
    for (const w of worlds.splice(0)) await w.app.close();
    await hf?.close();
  });
  return worlds;
}
