import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFixtureDays, startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

let hf: FakeHf | undefined;
afterEach(async () => hf?.close());

const today = new Date().toISOString().slice(0, 10);

function runBot(env: Record<string, string>, input: string, command = ['start', '--silent']) {
  const child = spawn('npm', command, {
    cwd: join(import.meta.dirname, '../..'),
    env: { ...process.env, LOG_LEVEL: 'warn', DISCORD_TOKEN: '', SLACK_BOT_TOKEN: '', ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(input);
  return new Promise<{ out: string; err: string; code: number | null }>((resolve) =>
    child.on('close', (code) => resolve({ out, err, code })),
  );
}

describe('npm start with the console adapter', () => {
  it('answers /papers today with the titles in upvote order', async () => {
    const fixtures = loadFixtureDays();
    hf = await startFakeHf(new Map([[today, fixtures.get('2026-08-20')!]]));
    const store = `sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-e2e-')), 'db.sqlite')}`;
    const { out, code } = await runBot({ HF_ENDPOINT: hf.url, STORE_URL: store }, '/papers today\nexit\n');
    expect(code).toBe(0);
    expect(out).toContain('paperboy console');
    expect(out).toContain(`store:  sqlite`);
    const expected = (fixtures.get('2026-08-20') as Array<{ numComments: number; paper: { id: string; title: string; upvotes: number } }>)
      .sort((a, b) => b.paper.upvotes - a.paper.upvotes || b.numComments - a.numComments || (a.paper.id < b.paper.id ? -1 : 1))
      .slice(0, 10)
      .map((i) => i.paper.title.replace(/\s+/g, ' ').trim());
    const positions = expected.map((t) => out.indexOf(t));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  }, 60_000);

  it('exits non-zero with every configuration problem listed', async () => {
    const { err, code } = await runBot({ STORE_URL: 'mongo://x', TZ_DEFAULT: 'Nowhere/Land' }, '');
    expect(code).not.toBe(0);
    expect(err).toContain('STORE_URL: unsupported scheme "mongo"');
    expect(err).toContain('TZ_DEFAULT: not an IANA time zone');
    expect(err).not.toMatch(/at .*\.ts:\d+/);
  }, 60_000);

  it('prints a past day from the one-shot CLI, as JSON when asked', async () => {
    hf = await startFakeHf();
    const store = `sqlite://${join(mkdtempSync(join(tmpdir(), 'pb-cli-')), 'db.sqlite')}`;
    const { out, code } = await runBot({ HF_ENDPOINT: hf.url, STORE_URL: store }, '', [
      'exec',
      '--',
      'paperboy',
      'today',
      '--date',
      '2026-08-20',
      '--limit',
      '3',
      '--json',
    ]);
    expect(code).toBe(0);
    const reply = JSON.parse(out) as { kind: string; papers: Array<{ paper: { upvotes: number } }> };
    expect(reply.kind).toBe('digest');
    expect(reply.papers.map((p) => p.paper.upvotes)).toEqual([92, 74, 59]);
  }, 60_000);
});
