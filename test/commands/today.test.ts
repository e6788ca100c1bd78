import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandDeps } from '../../commands/deps.ts';
import { runCommand } from '../../commands/dispatch.ts';
import { parseCommandText } from '../../commands/parse-text.ts';
import { silentLogger } from '../../src/log.ts';
import type { Reply } from '../../src/model.ts';
import { createHfClient } from '../../src/papers/hf-client.ts';
import { createPapersService } from '../../src/papers/papers-service.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

let hf: FakeHf;
let store: Store;
let deps: CommandDeps;

beforeEach(async () => {
  hf = await startFakeHf();
  store = await openStore('memory://', silentLogger());
  const source = createHfClient({ endpoint: hf.url, log: silentLogger(), retryBaseMs: 1, retries: 0 });
  const papers = createPapersService({ source, store, log: silentLogger(), refreshMs: 600_000, pastDayMs: 1e9, lookbackDays: 7 });
  deps = { papers, config: { TZ_DEFAULT: 'UTC' }, log: silentLogger() };
});
afterEach(async () => {
  await hf.close();
  await store.close();
});

const run = (text: string, now = '2026-08-20T12:00:00Z'): Promise<Reply> => {
  const parsed = parseCommandText(text);
  if (!parsed.ok) return Promise.resolve({ kind: 'error', message: parsed.message });
  return runCommand(
    {
      command: parsed.command,
      options: parsed.options,
      user: { id: 'u1', name: 'ada', canManageChannel: false },
      where: { platform: 'console', community: 'local', channel: 'terminal' },
      now: new Date(now),
    },
    deps,
  );
};

const fixtureOrder = (day: string) =>
  (hf.days.get(day) as Array<{ numComments: number; paper: { id: string; title: string; upvotes: number } }>)
    .sort((a, b) => b.paper.upvotes - a.paper.upvotes || b.numComments - a.numComments || (a.paper.id < b.paper.id ? -1 : 1))
    .map((i) => i.paper.title.replace(/\s+/g, ' ').trim());

describe('/papers today', () => {
  it('lists the day in upvote order, 10 by default', async () => {
    const reply = await run('today');
    expect(reply.kind).toBe('digest');
    if (reply.kind !== 'digest') return;
    expect(reply.papers.map((r) => r.paper.title)).toEqual(fixtureOrder('2026-08-20').slice(0, 10));
    expect(reply.day).toBe('2026-08-20');
  });

  it.each(['today 5 2026-08-14', 'today limit:5 date:2026-08-14', 'today --date 2026-08-14 --limit 5', 'today 2026-08-14 5'])(
    'understands "%s"',
    async (text) => {
      const reply = await run(text);
      expect(reply.kind === 'digest' && reply.papers.map((r) => r.paper.title)).toEqual(fixtureOrder('2026-08-14').slice(0, 5));
    },
  );

  it('says which day it shows when today has no papers yet', async () => {
    const reply = await run('today', '2026-08-16T08:00:00Z');
    expect(reply.kind === 'digest' && reply.note).toMatch(/showing 2026-08-14/);
  });

  it.each([
    ['today 0', /limit must be between 1 and 25/],
    ['today 26', /limit must be between 1 and 25/],
    ['today date:2026-02-30', /real day/],
    ['today 2026-08-21', /in the future/],
    ['today banana', /did not understand "banana"/],
    ['frobnicate', /Unknown command "frobnicate"/],
  ])('answers "%s" with a clear error', async (text, message) => {
    const reply = await run(text);
    expect(reply.kind).toBe('error');
    expect(reply.kind === 'error' && reply.message).toMatch(message);
  });

  it('turns a source outage with nothing cached into a message, not a crash', async () => {
    hf.failAlways({ kind: 'status', status: 503 });
    const reply = await run('today');
    expect(reply.kind === 'error' && reply.message).toMatch(/Hugging Face is not answering/);
  });

  it('lists every command in help', async () => {
    const reply = await run('help');
    expect(reply.kind === 'text' && reply.text).toMatch(/\/papers today \[<limit>\] \[<date>\]/);
  });
});
