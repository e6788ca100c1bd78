/** Slack HTTP mode with HEALTH_PORT = PORT: the health routes are served by the Slack server, beside /slack/events. */
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreApp, type CoreApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { observeApp } from '../../src/observability/observe-app.ts';
import { startSlackRig, type SlackRig } from '../helpers/slack-rig.ts';

let rig: SlackRig | undefined;
let core: CoreApp | undefined;
afterEach(async () => {
  await rig?.close();
  await core?.close();
  rig = core = undefined;
});

describe('the health routes on the Slack HTTP port', () => {
  it('answers /healthz, /readyz (Slack listening) and /metrics on the port of /slack/events', async () => {
    core = await createCoreApp(loadConfig({ STORE_URL: 'memory://' }), { log: silentLogger() });
    const routes = observeApp(createMetrics({ processMetrics: false }), core, {
      platforms: () => (rig ? [{ platform: 'slack', connected: rig.adapter.connected }] : []),
    });
    rig = await startSlackRig({ mode: 'http', adapter: { extraRoutes: routes } });
    const base = `http://127.0.0.1:${rig.adapter.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { slack: { ok: true, detail: 'connected' } } });
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('paperboy_sender_lease_held');
    const unsigned = await fetch(`${base}/slack/events`, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);
  });
});
