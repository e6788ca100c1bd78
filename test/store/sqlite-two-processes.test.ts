import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { StoreUnavailableError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';

const Item = z.object({ n: z.number() });
const HOLD_MS = 4_000;

/** Another process on the same file: takes the write lock (BEGIN IMMEDIATE, one write), holds it, then commits. */
const LOCK_HOLDER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('journal_mode = WAL');
db.exec('BEGIN IMMEDIATE');
db.prepare("INSERT OR REPLACE INTO kv (ns, key, value, expires_at) VALUES ('items', 'other', '{\\"value\\":{\\"n\\":9}}', NULL)").run();
console.log('locked');
setTimeout(() => { db.exec('COMMIT'); console.log('released'); db.close(); }, ${HOLD_MS});
`;

function lines(child: ChildProcess) {
  const seen = new Map<string, () => void>();
  const waits = new Map<string, Promise<void>>();
  const waitFor = (line: string) => {
    if (!waits.has(line)) waits.set(line, new Promise<void>((r) => seen.set(line, r)));
    return waits.get(line)!;
  };
  waitFor('locked');
  waitFor('released');
  createInterface({ input: child.stdout! }).on('line', (l) => seen.get(l.trim())?.());
  return waitFor;
}

describe('two processes on one SQLite file', () => {
  let store: Store | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    child?.kill();
    await store?.close();
  });

  it('keeps this event loop running while the other holds the write lock: reads answer, writes finish or fail fast', { timeout: 20_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'paperboy-')), 'store.sqlite');
    store = await openStore(`sqlite://${file}`, silentLogger());
    const items = store.collection('items', Item);
    await items.set('before', { n: 1 });

    child = spawn(process.execPath, ['-e', LOCK_HOLDER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    const waitFor = lines(child);
    await waitFor('locked');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 100);
    let released = false;
    void waitFor('released').then(() => (released = true));

    const writes: string[] = [];
    let reads = 0;
    while (!released) {
      expect(await items.get('before')).toEqual({ n: 1 });
      reads++;
      try {
        await items.set('during', { n: 2 });
        writes.push('stored');
      } catch (err) {
        expect(err).toBeInstanceOf(StoreUnavailableError);
        writes.push('unavailable');
      }
      await sleep(20); // SQLite answers synchronously when the file is free: let the child's "released" line in
    }
    const ticksWhileLocked = ticks;
    clearInterval(timer);

    expect(ticksWhileLocked).toBeGreaterThanOrEqual(25);
    expect(reads).toBeGreaterThan(1);
    expect(writes).toContain('unavailable');
    await items.set('after', { n: 3 });
    expect(await items.get('after')).toEqual({ n: 3 });
    expect(await items.get('other')).toEqual({ n: 9 });
  });
});
