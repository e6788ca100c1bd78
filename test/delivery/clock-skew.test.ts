import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendCases } from '../helpers/backends.ts';

const script = join(import.meta.dirname, '../fakes/skewed-queue-process.ts');

function runSkewed(env: Record<string, string>): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env }, cwd: join(import.meta.dirname, '../..') });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
  return new Promise((resolve) => child.on('close', () => resolve(out.trim().split('\n'))));
}

const spans = (lines: string[], tag: string) =>
  lines.filter((l) => l.startsWith(`${tag} `)).map((l) => l.split(' ')).map((p) => ({ key: p.length > 3 ? p[1]! : '', from: Number(p.at(-2)), to: Number(p.at(-1)) }));
const overlapping = (a: Array<{ from: number; to: number }>, b: Array<{ from: number; to: number }>) =>
  a.flatMap((x) => b.filter((y) => x.from < y.to && y.from < x.to).map((y) => [x, y]));

/**
 * Two delivery processes whose clocks (Date.now, everywhere in each process) are 5 s ahead and 5 s behind, with leases
 * and claims of 300 ms. Were expiry judged by either process's own clock, the one ahead would take the other's lease
 * and claims at once.
 */
describe.each(backendCases().filter((c) => c.name === 'redis' || c.name === 'postgres'))('two processes whose clocks differ by 10 s on $name', ({ url }) => {
  it.skipIf(!url)('never lead at the same time, never send one item at the same time, and send each item once', async () => {
    const prefix = `t${randomUUID().slice(0, 8)}:`;
    const env = { STORE_URL: url!, STORE_PREFIX: prefix, ITEMS: '60' };
    const [ahead, behind] = await Promise.all([runSkewed({ ...env, CLOCK_OFFSET_MS: '5000' }), runSkewed({ ...env, CLOCK_OFFSET_MS: '-5000' })]);
    expect(ahead.at(-1)).toBe('DONE');
    expect(behind.at(-1)).toBe('DONE');
    const sends = [...spans(ahead, 'SENT'), ...spans(behind, 'SENT')];
    expect(sends.map((s) => s.key).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `k${i}`).sort());
    expect(overlapping(spans(ahead, 'LEAD'), spans(behind, 'LEAD'))).toEqual([]);
  }, 30_000);
});
