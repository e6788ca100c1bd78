import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

/** Logs one line in a fresh process; returns whether pino-pretty was loaded and what reached stderr. */
function logIn(pretty: boolean): { loaded: boolean; stderr: string } {
  const script = `
import { createRequire } from 'node:module';
import { createLogger } from './src/log.ts';
const log = createLogger({ pretty: ${pretty}, secrets: ['s3cret-value-123'] });
log.info('hello s3cret-value-123');
const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('pino-pretty'));
console.log(JSON.stringify({ loaded }));
`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const { loaded } = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { loaded: boolean };
  return { loaded, stderr: run.stderr };
}

describe('the logger', () => {
  it('writes JSON without loading pino-pretty, and loads it only for a terminal, secrets redacted either way', () => {
    const json = logIn(false);
    expect(json.loaded).toBe(false);
    expect(JSON.parse(json.stderr.trim())).toMatchObject({ level: 30, msg: 'hello [redacted]', app: 'paperboy' });
    const pretty = logIn(true);
    expect(pretty.loaded).toBe(true);
    expect(pretty.stderr).toContain('hello [redacted]');
    expect(pretty.stderr).toMatch(/INFO/);
    expect(() => JSON.parse(pretty.stderr.trim())).toThrow();
  }, 30_000);
});
