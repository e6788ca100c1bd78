/**
 * `npm start` on SQLite writes the alert engine's snapshot when it stops, and the next start reads it (decision 109):
 * the production path (bin/start, the console adapter, shutdown) rather than the engine alone.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

let hf: FakeHf | undefined;
afterEach(async () => hf?.close());

function npmStart(env: Record<string, string>, input: string) {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: join(import.meta.dirname, '../..'),
    env: { ...process.env, LOG_LEVEL: 'info', DISCORD_TOKEN: '', SLACK_BOT_TOKEN: '', ARXIV_CATEGORIES: '', ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin.end(input);
  return new Promise<{ out: string; code: number | null }>((resolve) => child.on('close', (code) => resolve({ out, code })));
}

/** The JSON log lines of `out` whose message starts with `msg`. */
const logLines = (out: string, msg: string): Array<Record<string, unknown>> =>
  out.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    const parsed = JSON.parse(line) as Record<string, unknown>;
    return String(parsed.msg).startsWith(msg) ? [parsed] : [];
  });

describe('npm start: the alert snapshot', () => {
  it('is written when the bot stops and read by the next start, which still lists the subscriptions', async () => {
    hf = await startFakeHf(new Map([[new Date().toISOString().slice(0, 10), loadFixtureDays().get('2026-08-20')!]]));
    const dir = mkdtempSync(join(tmpdir(), 'pb-e2e-snapshot-'));
    const env = { HF_ENDPOINT: hf.url, STORE_URL: `sqlite://${join(dir, 'db.sqlite')}` };
    const first = await npmStart(env, '/papers subscribe agent\n/papers subscribe "video diffusion"\nexit\n');
    expect(first.code, first.out).toBe(0);
    expect(logLines(first.out, 'alert snapshot written')).toHaveLength(1);
    expect(existsSync(join(dir, 'db.sqlite-alerts.snapshot'))).toBe(true);

    const second = await npmStart(env, '/papers subscriptions\nexit\n');
    expect(second.code, second.out).toBe(0);
    expect(logLines(second.out, 'alert snapshot read')).toEqual([expect.objectContaining({ subscriptions: 2 })]);
    expect(second.out).toContain('agent');
    expect(second.out).toContain('video diffusion');
  }, 90_000);
});
