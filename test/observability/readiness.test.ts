/** /readyz over HTTP: the store, each platform connection and the freshness of the HF data, each named when it fails. */
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreApp, type CoreApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startHealthServer, type HealthServer } from '../../src/observability/health-server.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { hfMaxAgeMs, observeApp } from '../../src/observability/observe-app.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { startTcpProxy, type TcpProxy } from '../fakes/tcp-proxy.ts';

const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.warn('\n!!! SKIPPED: /readyz during a Redis outage — REDIS_URL is not set. !!!\n');

const NOW = Date.parse('2026-08-20T12:00:00Z');
let hf: FakeHf | undefined;
let app: CoreApp | undefined;
let health: HealthServer | undefined;
let proxy: TcpProxy | undefined;
afterEach(async () => {
  await health?.close();
  await app?.close().catch(() => {});
  await proxy?.close();
  await hf?.close();
  hf = app = health = proxy = undefined;
});

async function start(storeUrl: string) {
  hf = await startFakeHf();
  const config = loadConfig({ HF_ENDPOINT: hf.url, STORE_URL: storeUrl, STORE_PREFIX: `ready${process.pid}${Date.now()}:`, HF_RETRIES: '0' });
  const clock = { now: NOW };
  const discord = { platform: 'discord', up: true, connected: () => discord.up };
  app = await createCoreApp(config, { log: silentLogger() });
  const routes = observeApp(createMetrics({ processMetrics: false }), app, { platforms: () => [discord], now: () => clock.now });
  health = await startHealthServer(routes, 0, '127.0.0.1');
  const port = health.port;
  const readyz = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    return { status: res.status, body: (await res.json()) as { ready: boolean; checks: Record<string, { ok: boolean; detail: string }> } };
  };
  return { app, config, clock, discord, readyz, port };
}

describe('/readyz', () => {
  it('is ready with fresh HF data; 503 naming the check when the data goes stale or a platform disconnects', async () => {
    const { app: a, config, clock, discord, readyz, port } = await start('memory://');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    await a.papers.getToday(new Date(clock.now));
    expect(await readyz()).toMatchObject({ status: 200, body: { ready: true, checks: { store: { ok: true }, hf: { ok: true }, discord: { ok: true } } } });

    clock.now += hfMaxAgeMs(config) + 60_000;
    const stale = await readyz();
    expect(stale.status).toBe(503);
    expect(stale.body.checks.hf).toMatchObject({ ok: false, detail: expect.stringContaining('HF data stale') });
    expect(stale.body.checks.store?.ok).toBe(true);

    await a.papers.getToday(new Date(clock.now));
    expect((await readyz()).status).toBe(200);

    discord.up = false;
    const down = await readyz();
    expect(down.status).toBe(503);
    expect(down.body.checks.discord).toEqual({ ok: false, detail: 'not connected' });
    expect(down.body.checks.hf?.ok).toBe(true);
  });

  it.skipIf(!redisUrl)('answers 503 naming the store while Redis is unreachable, and 200 again once it is back', async () => {
    const target = new URL(redisUrl!);
    proxy = await startTcpProxy(Number(target.port || 6379), target.hostname);
    const { readyz } = await start(`redis://127.0.0.1:${proxy.port}`);
    expect((await readyz()).status).toBe(200);
    proxy.cut();
    const down = await readyz();
    expect(down.status).toBe(503);
    expect(down.body.checks.store).toMatchObject({ ok: false, detail: expect.stringContaining('store not answering') });
    expect(down.body.checks.discord?.ok).toBe(true);
    proxy.restore();
    const end = Date.now() + 15_000;
    while ((await readyz()).status !== 200 && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    expect((await readyz()).status).toBe(200);
  });
});
