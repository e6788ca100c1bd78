import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createWriteBatcher, MAX_BATCH_WRITES } from '../../src/store/sqlite-write-batch.ts';

const isBusy = (err: unknown) => String((err as { code?: unknown })?.code ?? '').startsWith('SQLITE_BUSY');

/** A real SQLite file and a second connection to it, standing for another process; each batch transaction is counted. */
function openFile() {
  const file = join(mkdtempSync(join(tmpdir(), 'paperboy-batch-')), 'kv.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 0');
  db.exec('CREATE TABLE kv (key TEXT PRIMARY KEY, value INTEGER NOT NULL)');
  const other = new Database(file);
  other.pragma('busy_timeout = 0');
  const put = db.prepare('INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)');
  const read = db.prepare('SELECT value FROM kv WHERE key = ?').pluck();
  const batches: number[] = [];
  const inOne = db.transaction((ops: Array<() => unknown>) => ops.map((op) => op()));
  const transaction = (ops: Array<() => unknown>) => {
    const results = inOne.immediate(ops);
    batches.push(ops.length);
    return results;
  };
  return { db, other, put, read, batches, transaction };
}

let open: ReturnType<typeof openFile>[] = [];
afterEach(() => {
  for (const f of open.splice(0)) (f.other.close(), f.db.close());
});
const file = () => {
  const f = openFile();
  open.push(f);
  return f;
};

describe('SQLite writes grouped per event-loop turn', () => {
  it('commits the writes of one turn in one transaction, in call order, and later writes in another', async () => {
    const f = file();
    const w = createWriteBatcher(f.transaction, { busyRetryMs: 2_000, isBusy });
    const first = Array.from({ length: 300 }, (_, i) => w.write(() => f.put.run('k', i).changes));
    expect(await Promise.all(first)).toEqual(Array(300).fill(1));
    expect(f.read.get('k')).toBe(299);
    await w.write(() => f.put.run('later', 1)); // alone: one statement, no transaction around it
    expect(f.batches).toEqual([300]);
    expect(f.read.get('later')).toBe(1);
  });

  it(`never puts more than ${MAX_BATCH_WRITES} writes in one transaction`, async () => {
    const f = file();
    const w = createWriteBatcher(f.transaction, { busyRetryMs: 2_000, isBusy });
    await Promise.all(Array.from({ length: 2_500 }, (_, i) => w.write(() => f.put.run(`k${i}`, i))));
    expect(f.batches).toEqual([1_000, 1_000, 500]);
    expect(f.other.prepare('SELECT count(*) FROM kv').pluck().get()).toBe(2_500);
  });

  it('fails only the write that throws; the others of its turn are committed', async () => {
    const f = file();
    const w = createWriteBatcher(f.transaction, { busyRetryMs: 2_000, isBusy });
    const results = await Promise.allSettled([
      w.write(() => f.put.run('a', 1)),
      w.write(() => f.put.run('b', null)), // NOT NULL: a constraint error
      w.write(() => f.put.run('c', 3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect([f.read.get('a'), f.read.get('b'), f.read.get('c')]).toEqual([1, undefined, 3]);
  });

  it('waits for another process to release the write lock, then commits each write once', async () => {
    const f = file();
    const w = createWriteBatcher(f.transaction, { busyRetryMs: 2_000, isBusy });
    f.other.exec('BEGIN IMMEDIATE');
    const writes = Array.from({ length: 10 }, (_, i) => w.write(() => f.put.run(`k${i}`, i)));
    await sleep(150);
    expect(f.batches).toEqual([]);
    f.other.exec('COMMIT');
    await Promise.all(writes);
    expect(f.batches).toEqual([10]);
    expect(f.read.get('k9')).toBe(9);
  });

  it('gives up on every write of a batch locked out past busyRetryMs, and never does them afterwards', async () => {
    const f = file();
    const w = createWriteBatcher(f.transaction, { busyRetryMs: 200, isBusy });
    f.other.exec('BEGIN IMMEDIATE');
    const first = Array.from({ length: 5 }, (_, i) => w.write(() => f.put.run(`early${i}`, i)));
    await sleep(100);
    const second = w.write(() => f.put.run('late', 1));
    const settled = await Promise.allSettled(first);
    expect(settled.every((r) => r.status === 'rejected' && isBusy(r.reason))).toBe(true);
    await expect(second).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_BUSY/) });
    f.other.exec('COMMIT');
    await w.write(() => f.put.run('after', 1));
    await w.drain();
    expect(f.other.prepare("SELECT key FROM kv ORDER BY key").pluck().all()).toEqual(['after']);
  });
});
