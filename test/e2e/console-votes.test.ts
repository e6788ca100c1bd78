import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

let hf: FakeHf | undefined;
afterEach(async () => hf?.close());

const today = new Date().toISOString().slice(0, 10);

function npmStart(env: Record<string, string>, input: string) {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: join(import.meta.dirname, '../..'),
    env: { ...process.env, LOG_LEVEL: 'warn', DISCORD_TOKEN: '', SLACK_BOT_TOKEN: '', ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin.end(input);
  return new Promise<{ out: string; code: number | null }>((resolve) => child.on('close', (code) => resolve({ out, code })));
}

describe('npm start: votes from the console', () => {
  it('records a vote, and /papers top shows it after a restart', async () => {
    const day = loadFixtureDays().get('2026-08-20')!;
    hf = await startFakeHf(new Map([[today, day]]));
    const env = { HF_ENDPOINT: hf.url, STORE_URL: `sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-e2e-votes-')), 'db.sqlite')}` };
    const first = await npmStart(env, '/papers today 3\nreact 3 as bob\nreact 3 as ann\nexit\n');
    expect(first.code).toBe(0);
    const voted = /Vote recorded for (\S+) by ann; community net now \+2\./.exec(first.out);
    expect(voted).not.toBeNull();
    const second = await npmStart(env, '/papers top\nexit\n');
    expect(second.code).toBe(0);
    expect(second.out).toContain('Community top papers · last 7 days');
    expect(second.out).toContain(`· +2 community · https://huggingface.co/papers/${voted![1]}`);
  }, 60_000);
});
