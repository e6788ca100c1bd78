import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CommandDeps } from '../../commands/deps.ts';
import { runCommand } from '../../commands/dispatch.ts';
import { StoreUnavailableError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { createHfClient } from '../../src/papers/hf-client.ts';
import { createPapersService } from '../../src/papers/papers-service.ts';
import type { Store } from '../../src/store/store.ts';
import { openTestStore } from '../helpers/backends.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { startTcpProxy, type TcpProxy } from '../fakes/tcp-proxy.ts';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('\n!!! SKIPPED: Redis outage tests — REDIS_URL is not set. !!!\n');

let proxy: TcpProxy | undefined;
let store: Store | undefined;
let hf: FakeHf | undefined;
afterEach(async () => {
  await store?.close().catch(() => {});
  await proxy?.close();
  await hf?.close();
});

async function until(check: () => Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe.skipIf(!redisUrl)('a Redis outage', () => {
  it('fails store calls fast with StoreUnavailableError, then reconnects and keeps the data', async () => {
    const target = new URL(redisUrl!);
    proxy = await startTcpProxy(Number(target.port || 6379), target.hostname);
    store = await openTestStore(`redis://127.0.0.1:${proxy.port}`);
    const c = store.collection('outage', z.object({ n: z.number() }));
    await c.set('k', { n: 1 });
    proxy.cut();
    const started = Date.now();
    await expect(c.get('k')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(c.add('other', { n: 2 })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(Date.now() - started).toBeLessThan(6000);
    proxy.restore();
    expect(await until(async () => (await c.get('k'))?.n === 1, 10_000)).toBe(true);
  });

  it('answers a command with "temporarily unavailable" instead of hanging, and recovers', async () => {
    const target = new URL(redisUrl!);
    proxy = await startTcpProxy(Number(target.port || 6379), target.hostname);
    hf = await startFakeHf();
    store = await openTestStore(`redis://127.0.0.1:${proxy.port}`);
    const source = createHfClient({ endpoint: hf.url, log: silentLogger(), retries: 0 });
    const papers = createPapersService({ source, store, log: silentLogger(), refreshMs: 600_000, pastDayMs: 1e9, lookbackDays: 7 });
    const deps: CommandDeps = { papers, config: { TZ_DEFAULT: 'UTC' }, log: silentLogger() };
    const today = () =>
      runCommand(
        {
          command: 'today',
          options: { date: '2026-08-20' },
          user: { id: 'u', name: 'u', canManageChannel: false },
          where: { platform: 'console', community: 'c', channel: 't' },
          now: new Date('2026-08-21T00:00:00Z'),
        },
        deps,
      );
    expect((await today()).kind).toBe('digest');
    proxy.cut();
    const reply = await today();
    expect(reply.kind === 'error' && reply.message).toMatch(/temporarily unavailable/);
    proxy.restore();
    expect(await until(async () => (await today()).kind === 'digest', 10_000)).toBe(true);
  });
});
