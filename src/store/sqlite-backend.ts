import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { RawBackend } from './backend.ts';

const notYet = async (): Promise<never> => {
  throw new Error('fenced leases: not implemented on this backend yet');
};

/**
 * SQLite through better-sqlite3. WAL mode and a busy timeout let several processes share one file; each statement is
 * atomic, so `add` is an upsert that only overwrites an expired row.
 */
export function createSqliteBackend(file: string): RawBackend {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE IF NOT EXISTS kv (
    ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, expires_at INTEGER,
    PRIMARY KEY (ns, key)) WITHOUT ROWID`);
  const live = '(expires_at IS NULL OR expires_at > @now)';
  const q = {
    get: db.prepare(`SELECT value FROM kv WHERE ns = @ns AND key = @key AND ${live}`).pluck(),
    set: db.prepare(`INSERT INTO kv (ns, key, value, expires_at) VALUES (@ns, @key, @value, @expiresAt)
      ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`),
    add: db.prepare(`INSERT INTO kv (ns, key, value, expires_at) VALUES (@ns, @key, @value, @expiresAt)
      ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
      WHERE kv.expires_at IS NOT NULL AND kv.expires_at <= @now`),
    delete: db.prepare('DELETE FROM kv WHERE ns = @ns AND key = @key'),
    clear: db.prepare('DELETE FROM kv WHERE ns = @ns'),
    purge: db.prepare('DELETE FROM kv WHERE expires_at IS NOT NULL AND expires_at <= @now'),
    entries: db.prepare(`SELECT key, value FROM kv WHERE ns = @ns AND ${live} ORDER BY key`).raw(),
  };
  const now = () => Date.now();

  return {
    description: `sqlite ${file}`,
    async get(ns, key) {
      return q.get.get({ ns, key, now: now() }) as string | undefined;
    },
    async set(ns, key, value, ttlMs) {
      const expiresAt = ttlMs === undefined ? undefined : Date.now() + ttlMs;
      q.set.run({ ns, key, value, expiresAt: expiresAt ?? null });
    },
    async add(ns, key, value, ttlMs) {
      const expiresAt = ttlMs === undefined ? undefined : Date.now() + ttlMs;
      return q.add.run({ ns, key, value, expiresAt: expiresAt ?? null, now: now() }).changes === 1;
    },
    async delete(ns, key) {
      return q.delete.run({ ns, key }).changes > 0;
    },
    async clear(ns) {
      q.clear.run({ ns });
    },
    async *entries(ns) {
      for (const row of q.entries.all({ ns, now: now() }) as [string, string][]) yield row;
    },
    async purgeExpired(_nsPrefix) {
      return q.purge.run({ now: now() }).changes;
    },
    acquire: notYet, renew: notYet, remaining: notYet, release: notYet, setIfHolds: notYet, addIfHolds: notYet, deleteIfHolds: notYet,
    async close() {
      db.close();
    },
  };
}
