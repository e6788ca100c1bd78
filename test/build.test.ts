/**
 * `npm run build`'s tsc configuration compiles every runtime file to JavaScript whose imports end in `.js`, and the
 * compiled bot runs with plain node (no tsx): the console adapter answers /papers today from the fake HF.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFixtureDays, startFakeHf, type FakeHf } from './fakes/hf-server.ts';

const root = join(import.meta.dirname, '..');
let hf: FakeHf | undefined;
let out: string | undefined;
afterEach(async () => {
  await hf?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));

describe('the compiled build', () => {
  it('compiles to dist/ with .js imports only, and node runs it without tsx', async () => {
    out = mkdtempSync(join(tmpdir(), 'pb-build-'));
    const dir = out;
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', join(out, 'dist'), '--tsBuildInfoFile', join(out, 'tsbuildinfo')], { cwd: root, stdio: 'pipe' });
    const js = filesUnder(join(dir, 'dist')).filter((f) => f.endsWith('.js'));
    expect(js.map((f) => f.slice(dir.length + 1))).toEqual(expect.arrayContaining(['dist/bin/start.js', 'dist/bin/cli.js', 'dist/src/app.js']));
    for (const file of js) expect(readFileSync(file, 'utf8'), file).not.toMatch(/from\s+['"]\.{1,2}\/[^'"]*\.ts['"]/);

    // The compiled tree beside package.json (its "type") and node_modules, as the container has them; no source tree.
    cpSync(join(root, 'package.json'), join(dir, 'package.json'));
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    const today = new Date().toISOString().slice(0, 10);
    hf = await startFakeHf(new Map([[today, loadFixtureDays().get('2026-08-20')!]]));
    const bot = spawn(process.execPath, ['dist/bin/start.js'], {
      cwd: dir,
      env: { PATH: process.env.PATH, HF_ENDPOINT: hf.url, STORE_URL: 'memory://', LOG_LEVEL: 'warn', ARXIV_CATEGORIES: '' },
    });
    let text = '';
    bot.stdout.on('data', (d: Buffer) => (text += d.toString()));
    bot.stderr.on('data', (d: Buffer) => (text += d.toString()));
    bot.stdin.end('/papers today limit:3\nexit\n');
    const code = await new Promise<number | null>((resolve) => bot.on('close', resolve));
    expect(code, text).toBe(0);
    const first = (loadFixtureDays().get('2026-08-20') as Array<{ paper: { title: string; upvotes: number } }>)
      .sort((a, b) => b.paper.upvotes - a.paper.upvotes)[0]!.paper.title.replace(/\s+/g, ' ').trim();
    expect(text).toContain(first);
    expect(text).not.toMatch(/tsx|ERR_UNKNOWN_FILE_EXTENSION/);
  }, 120_000);

  it('npm start and the Dockerfile run the bot with the same node flags (the memory and latency benches read them from npm start)', () => {
    const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
    const fromNpm = /\bnode (.*)dist\/bin\/start\.js/.exec(start)?.[1]?.trim().split(/\s+/).filter(Boolean);
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(root, 'Dockerfile'), 'utf8'))?.[1];
    const fromDocker = (JSON.parse(cmd ?? '[]') as string[]).slice(1, -1);
    expect(fromNpm).toEqual(fromDocker);
    expect(fromNpm).toContain('--max-semi-space-size=4');
  });
});
