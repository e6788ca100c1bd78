/**
 * Two processes on one SQLite file write their alert snapshots to the same path (decision 109). A reader meanwhile
 * must always find a whole snapshot, one writer's or the other's, never a mix or a partial file; and no temporary file
 * stays behind.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/alerts/engine-snapshot.ts';

const dir = mkdtempSync(join(tmpdir(), 'pb-snapshot-writers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writer(file: string, times: number, subscriptions: number): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../helpers/snapshot-writer.ts'), file, String(times), String(subscriptions)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve) => child.on('close', resolve));
}

describe('two processes writing the alert snapshot to one file', () => {
  it('leave a whole snapshot at every moment a reader looks, and no temporary file', async () => {
    const file = join(dir, 'shared.sqlite-alerts.snapshot');
    const writers = Promise.all([writer(file, 40, 3_000), writer(file, 40, 2_000)]);
    let finished = false;
    void writers.then(() => (finished = true));
    const seen = new Map<number, number>();
    while (!finished) {
      const loaded = loadSnapshot(file);
      if ('refused' in loaded) expect(loaded.refused).toBe('missing');
      else {
        const size = loaded.state.tracked.size;
        expect([3_000, 2_000]).toContain(size);
        seen.set(size, (seen.get(size) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await writers).toEqual([0, 0]);
    // Both writers' files were read whole at some point (the readers did overlap the writes).
    expect(seen.size).toBe(2);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 120_000);
});
