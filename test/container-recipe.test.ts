/**
 * The Dockerfile, proved without an image (none can be pulled here): its npm steps run in a clean temporary directory,
 * stage by stage, in the file's order, with its COPY instructions; then the runtime stage's CMD starts with the stage's
 * ENV against the fake HF (console adapter), and /healthz, /readyz, the HEALTHCHECK command and SIGTERM are checked.
 * Only system package installs (apt-get) are skipped; any other RUN fails the test until it is taught here.
 * better-sqlite3's prebuilt binary, which a real build downloads from GitHub, comes from a loopback host serving this
 * machine's own build (test/helpers/prebuilt-binary-host.ts): the npm steps are unchanged, only the download is local.
 */
import { exec, execSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeHf, type FakeHf } from './fakes/hf-server.ts';
import { startPrebuiltBinaryHost, type PrebuiltBinaryHost } from './helpers/prebuilt-binary-host.ts';

const root = join(import.meta.dirname, '..');

interface Instruction { op: string; args: string }

/** The Dockerfile's instructions, comments dropped and `\` continuations joined. */
export function parseDockerfile(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: l.slice(op!.length).trim() };
    });
}

interface Stage { name: string; dir: string; workdir: string; env: Record<string, string>; user?: string; cmd?: string[]; healthcheck?: string; stopSignal?: string }

const npmEnv: NodeJS.ProcessEnv = { ...process.env, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false', NODE_ENV: '' };

/** Runs the recipe in `tmp`: each stage is a directory standing for the image's root. Returns the stages by name. */
async function runRecipe(instructions: Instruction[], tmp: string, log: string[]): Promise<Map<string, Stage>> {
  const stages = new Map<string, Stage>();
  let stage: Stage | undefined;
  const inStage = (s: Stage, path: string) => join(s.dir, path.startsWith('/') ? path : join(s.workdir, path));
  for (const { op, args } of instructions) {
    if (op === 'FROM') {
      const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? `stage${stages.size}`;
      stage = { name, dir: join(tmp, name), workdir: '/', env: {} };
      mkdirSync(stage.dir, { recursive: true });
      stages.set(name, stage);
      continue;
    }
    if (!stage) throw new Error(`${op} before FROM`);
    if (op === 'WORKDIR') mkdirSync(inStage(stage, (stage.workdir = join(stage.workdir, args))), { recursive: true });
    else if (op === 'ENV') {
      const [k, ...v] = args.split('=');
      stage.env[k!] = v.join('=');
    } else if (op === 'COPY') {
      const parts = args.split(/\s+/);
      const from = parts[0]!.startsWith('--from=') ? stages.get(parts.shift()!.slice('--from='.length)) : undefined;
      const dest = parts.pop()!;
      for (const src of parts) {
        const source = from ? join(from.dir, src) : join(root, src);
        const target = dest.endsWith('/') ? join(inStage(stage, dest), src.split('/').pop()!) : inStage(stage, dest);
        cpSync(source, target, { recursive: true, verbatimSymlinks: true });
      }
    } else if (op === 'RUN') {
      if (/^apt-get\b/.test(args)) {
        log.push(`skipped (system packages): ${args.slice(0, 60)}`);
        continue;
      }
      if (!/^npm\s/.test(args)) throw new Error(`the recipe test does not know how to run: RUN ${args}`);
      const started = Date.now();
      // Asynchronous, so the loopback binary host in this process can answer npm's install scripts.
      await promisify(exec)(args, { cwd: inStage(stage, '.'), env: npmEnv, maxBuffer: 64 * 1024 * 1024 });
      log.push(`${stage.name}: ${args} (${Math.round((Date.now() - started) / 1000)} s)`);
    } else if (op === 'USER') stage.user = args;
    else if (op === 'CMD') stage.cmd = JSON.parse(args) as string[];
    else if (op === 'HEALTHCHECK') stage.healthcheck = args.replace(/^.*?\bCMD\s+/, '');
    else if (op === 'STOPSIGNAL') stage.stopSignal = args;
  }
  return stages;
}

let hf: FakeHf | undefined;
let binaries: PrebuiltBinaryHost | undefined;
let tmp: string | undefined;
afterAll(async () => {
  await hf?.close();
  await binaries?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the Dockerfile recipe', () => {
  it('builds with tsc, installs production dependencies only, and the runtime stage starts, answers /healthz and /readyz, and stops on SIGTERM', async () => {
    const instructions = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));
    tmp = mkdtempSync(join(tmpdir(), 'pb-recipe-'));
    binaries = await startPrebuiltBinaryHost(root);
    Object.assign(npmEnv, binaries.env);
    const log: string[] = [];
    const stages = await runRecipe(instructions, tmp, log);
    console.info(`container recipe in ${tmp}:\n  ${log.join('\n  ')}`);
    const runtime = [...stages.values()].pop()!;
    const app = join(runtime.dir, runtime.workdir);
    expect(runtime.user).toBe('node');
    expect(runtime.stopSignal).toBe('SIGTERM');
    expect(runtime.healthcheck).toContain('/readyz');
    expect(existsSync(join(app, 'dist/bin/start.js'))).toBe(true);
    expect(existsSync(join(app, 'node_modules/better-sqlite3'))).toBe(true);
    // The npm ci steps took the prebuilt binary, as a build with internet would from GitHub (the second step may find it
    // in npm's prebuild cache, which is keyed by the download address).
    expect(binaries.requests.filter((r) => r.endsWith('.tar.gz')).length, binaries.requests.join(', ')).toBeGreaterThanOrEqual(1);
    for (const stage of stages.values())
      if (existsSync(join(stage.dir, 'app/node_modules/better-sqlite3')))
        expect(existsSync(join(stage.dir, 'app/node_modules/better-sqlite3/build/Release/better_sqlite3.node')), stage.name).toBe(true);
    for (const dev of ['typescript', 'vitest', 'tsx']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(app, 'src'))).toBe(false);

    hf = await startFakeHf();
    const store = `sqlite://${join(tmp, 'data', 'paperboy.sqlite')}`;
    const env = { PATH: process.env.PATH, ...runtime.env, HEALTH_PORT: '0', STORE_URL: store, HF_ENDPOINT: hf.url, LOG_LEVEL: 'info', ARXIV_CATEGORIES: '' };
    const bot = spawn(runtime.cmd![0]!, runtime.cmd!.slice(1), { cwd: app, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    bot.stdout.on('data', (d: Buffer) => (out += d.toString()));
    bot.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => bot.on('close', resolve));
    const end = Date.now() + 30_000;
    let port: number | undefined;
    while (!port && Date.now() < end && bot.exitCode === null) {
      port = Number(/"port":(\d+),"msg":"health server listening/.exec(out)?.[1]) || undefined;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!port) throw new Error(`the runtime did not start its health server:\n${out}`);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status, await ready.clone().text()).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, checks: { store: { ok: true }, console: { ok: true } } });
    execSync(runtime.healthcheck!, { cwd: app, env: { ...env, HEALTH_PORT: String(port) }, stdio: 'pipe' });
    bot.kill('SIGTERM');
    expect(await exited, out).toBe(0);
  }, 600_000);
});
