// Measured in its own process: the real core app (npm start without the platform adapters) started on a SQLite store,
// scheduler and alert engine on; prints its memory once the scheduler index and the alert matcher are loaded.
// argv: <sqlite file> [alert snapshot file, or off (default)]. Run with --expose-gc.
import { createCoreApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';

export interface MemoryReport {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  channels: number;
  subscriptions: number;
  loadMs: number;
  /** CPU time (user + system) of this process until loaded: less disturbed than `loadMs` on a shared machine. */
  loadCpuMs: number;
}

const file = process.argv[2]!;
const config = loadConfig({
  STORE_URL: `sqlite://${file}`, HF_ENDPOINT: 'http://127.0.0.1:9', HF_RETRIES: '0', LOG_LEVEL: 'silent', ALERT_SNAPSHOT_FILE: process.argv[3] ?? 'off',
});
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const app = await createCoreApp(config, { log: silentLogger() });
// As npm start, except that the alert poller is not started: its first poll would list the subscriptions a second time,
// at once with this resync. Loaded means the scheduler's index built (and its catch-up done) and the matcher filled
// (from the store, or from the snapshot and then checked against the store's ids).
await app.start({ scheduler: true, alerts: false });
await app.alerts.engine.resync();
const loadMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const loadCpuMs = (cpu.user + cpu.system) / 1000;
const gc = (globalThis as { gc?: () => void }).gc;
for (let i = 0; i < 3; i++) {
  gc?.();
  await new Promise((r) => setTimeout(r, 100));
}
const m = process.memoryUsage();
const report: MemoryReport = {
  rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external,
  channels: app.scheduler.size, subscriptions: app.alerts.engine.size, loadMs, loadCpuMs,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
await app.close();
process.exit(0);
