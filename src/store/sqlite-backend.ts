import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { keysetPages, leaseOwner, leaseToken, leaseValue, nextToken, type Fence, type RawBackend } from './backend.ts';
import { createWriteBatcher } from './sqlite-write-batch.ts';

export interface SqliteOptions {
  /** How long one operation keeps retrying while another process holds the write lock, then fails. */
  busyRetryMs?: number;
}

/** SQLite's own wait for a lock, which blocks this process's event loop: kept tiny (docs/decisions/082). */
const BUSY_TIMEOUT_MS = 10;
/** Below the store's 2.5 s operation timeout, so a write given up on is never done afterwards. */
const DEFAULT_BUSY_RETRY_MS = 2_000;

/** Rows read by one statement of a listing. */
const PAGE_ROWS = 1_000;

const isBusy = (err: unknown) => String((err as { code?: unknown })?.code ?? '').startsWith('SQLITE_BUSY');

/**
 * SQLite through better-sqlite3. WAL mode lets readers go on while another process writes. better-sqlite3 is
 * synchronous, so a lock is never waited for inside SQLite (that would stop the event loop): a busy statement is
 * retried after a short asynchronous pause until `busyRetryMs`. The store's clock is this host's clock; every lease step
 * is one IMMEDIATE transaction, so it is atomic across processes.
 */
export function createSqliteBackend(file: string, opts: SqliteOptions = {}): RawBackend {
  const busyRetryMs = opts.busyRetryMs ?? DEFAULT_BUSY_RETRY_MS;
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  // Opening waits up to 5 s for a lock, once, at start-up; afterwards SQLite itself never waits longer than a blink.
  const db = new Database(file, { timeout: 5_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS kv (
    ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, expires_at INTEGER,
    PRIMARY KEY (ns, key)) WITHOUT ROWID`);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const live = '(expires_at IS NULL OR expires_at > @now)';
  const upsert = `INSERT INTO kv (ns, key, value, expires_at) VALUES (@ns, @key, @value, @expiresAt)
      ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`;
  const q = {
    get: db.prepare(`SELECT value FROM kv WHERE ns = @ns AND key = @key AND ${live}`).pluck(),
    row: db.prepare('SELECT value, expires_at AS expiresAt FROM kv WHERE ns = @ns AND key = @key'),
    set: db.prepare(upsert),
    add: db.prepare(`${upsert} WHERE kv.expires_at IS NOT NULL AND kv.expires_at <= @now`),
    delete: db.prepare('DELETE FROM kv WHERE ns = @ns AND key = @key'),
    clear: db.prepare('DELETE FROM kv WHERE ns = @ns'),
    // substr, not LIKE: SQLite's LIKE ignores ASCII case, so prefix "A:" would purge "a:" too.
    purge: db.prepare(`DELETE FROM kv WHERE substr(ns, 1, length(@prefix)) = @prefix AND NOT ${live}`),
    firstPage: db.prepare(`SELECT key, value FROM kv WHERE ns = @ns AND ${live} ORDER BY key LIMIT @limit`).raw(),
    nextPage: db.prepare(`SELECT key, value FROM kv WHERE ns = @ns AND key > @after AND ${live} ORDER BY key LIMIT @limit`).raw(),
    firstKeys: db.prepare(`SELECT key FROM kv WHERE ns = @ns AND ${live} ORDER BY key LIMIT @limit`).pluck(),
    nextKeys: db.prepare(`SELECT key FROM kv WHERE ns = @ns AND key > @after AND ${live} ORDER BY key LIMIT @limit`).pluck(),
  };
  const now = () => Date.now();
  /** One page of a keyset listing (`keysetPages`): the first, or the one after key `after`. */
  const page = (first: Database.Statement, next: Database.Statement, ns: string, after: string | undefined): unknown[] =>
    after === undefined ? first.all({ ns, now: now(), limit: PAGE_ROWS }) : next.all({ ns, after, now: now(), limit: PAGE_ROWS });
  const deadline = (ttlMs: number | undefined, at = now()) => (ttlMs === undefined ? null : at + ttlMs);

  /** Runs `op` (synchronous, atomic), retrying after short pauses while the file is locked by another process. */
  async function attempt<T>(op: () => T): Promise<T> {
    const giveUpAt = Date.now() + busyRetryMs;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      try {
        return op();
      } catch (err) {
        if (!isBusy(err) || Date.now() + pause > giveUpAt) throw err;
      }
      await sleep(pause);
    }
  }
  const liveValue = (ns: string, key: string, at: number) =>
    (q.get.get({ ns, key, now: at }) as string | undefined) ?? undefined;
  const holds = (f: Fence, at: number) => liveValue(f.ns, f.key, at) === leaseValue(f.token, f.owner);
  const addAt = (ns: string, key: string, value: string, ttlMs: number | undefined, at: number) =>
    q.add.run({ ns, key, value, expiresAt: deadline(ttlMs, at), now: at }).changes === 1;
  /** A transaction taken with BEGIN IMMEDIATE: the write lock first, so reads and writes inside it are one step. */
  const tx = <A extends unknown[], R>(fn: (...args: A) => R) => {
    const t = db.transaction(fn);
    return (...args: A) => attempt(() => t.immediate(...args));
  };

  /** `set`, `add` and `delete` of one event-loop turn, in one transaction (docs/decisions/107). */
  const inOneTransaction = db.transaction((ops: Array<() => unknown>) => ops.map((op) => op()));
  const writes = createWriteBatcher((ops) => inOneTransaction.immediate(ops), { busyRetryMs, isBusy });

  const acquire = tx((ns: string, key: string, owner: string, ttlMs: number): number | undefined => {
    const at = now();
    const current = q.row.get({ ns, key }) as { value: string; expiresAt: number | null } | undefined;
    const held = current && (current.expiresAt === null || current.expiresAt > at) ? current.value : undefined;
    if (held !== undefined) return leaseOwner(held) === owner ? leaseToken(held) || undefined : undefined;
    const token = nextToken(current?.value, at);
    q.set.run({ ns, key, value: leaseValue(token, owner), expiresAt: deadline(ttlMs, at) });
    return token;
  });
  const renew = tx((f: Fence, ttlMs: number) => {
    const at = now();
    if (!holds(f, at)) return false;
    q.set.run({ ns: f.ns, key: f.key, value: leaseValue(f.token, f.owner), expiresAt: deadline(ttlMs, at) });
    return true;
  });
  const remaining = tx((f: Fence) => {
    const at = now();
    if (!holds(f, at)) return 0;
    const row = q.row.get({ ns: f.ns, key: f.key }) as { expiresAt: number | null };
    return row.expiresAt === null ? Number.MAX_SAFE_INTEGER : row.expiresAt - at;
  });
  const release = tx((f: Fence) => holds(f, now()) && q.delete.run({ ns: f.ns, key: f.key }).changes > 0);
  const setIfHolds = tx((f: Fence, ns: string, key: string, value: string, ttlMs: number | undefined) => {
    const at = now();
    if (!holds(f, at)) return false;
    q.set.run({ ns, key, value, expiresAt: deadline(ttlMs, at) });
    return true;
  });
  const addIfHolds = tx((f: Fence, ns: string, key: string, value: string, ttlMs: number | undefined) => {
    const at = now();
    if (!holds(f, at)) return 'fenced' as const;
    return addAt(ns, key, value, ttlMs, at) ? ('added' as const) : ('exists' as const);
  });
  const deleteIfHolds = tx((f: Fence, ns: string, key: string) => holds(f, now()) && q.delete.run({ ns, key }).changes > 0);

  return {
    description: `sqlite ${file}`,
    get: (ns, key) => attempt(() => liveValue(ns, key, now())),
    set: (ns, key, value, ttlMs) => writes.write(() => void q.set.run({ ns, key, value, expiresAt: deadline(ttlMs) })),
    add: (ns, key, value, ttlMs) => writes.write(() => addAt(ns, key, value, ttlMs, now())),
    delete: (ns, key) => writes.write(() => q.delete.run({ ns, key }).changes > 0),
    clear: (ns) => attempt(() => void q.clear.run({ ns })),
    entries: (ns) => keysetPages((after) => attempt(() => page(q.firstPage, q.nextPage, ns, after) as [string, string][]), (row) => row[0], PAGE_ROWS),
    keys: (ns) => keysetPages((after) => attempt(() => page(q.firstKeys, q.nextKeys, ns, after) as string[]), (key) => key, PAGE_ROWS),
    purgeExpired: (prefix) => attempt(() => q.purge.run({ prefix, now: now() }).changes),
    acquire,
    renew,
    remaining,
    release,
    setIfHolds,
    addIfHolds,
    deleteIfHolds,
    async close() {
      await writes.drain();
      db.close();
    },
  };
}
