import pg from 'pg';
import type { RawBackend } from './backend.ts';

const notYet = async (): Promise<never> => {
  throw new Error('fenced leases: not implemented on this backend yet');
};

const LIVE = '(expires_at IS NULL OR expires_at > $3)';

/** PostgreSQL: one table keyed by (namespace, key); `add` is an upsert that only overwrites an expired row. */
export async function createPostgresBackend(url: string, onError: (err: Error) => void): Promise<RawBackend> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  pool.on('error', onError);
  await pool.query(`CREATE TABLE IF NOT EXISTS paperboy_kv (
    ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, expires_at BIGINT, PRIMARY KEY (ns, key))`);
  const u = new URL(url);

  return {
    description: `postgres ${u.host}${u.pathname}`,
    async get(ns, key) {
      const r = await pool.query(`SELECT value FROM paperboy_kv WHERE ns = $1 AND key = $2 AND ${LIVE}`, [ns, key, Date.now()]);
      return r.rows[0]?.value as string | undefined;
    },
    async set(ns, key, value, ttlMs) {
      const expiresAt = ttlMs === undefined ? undefined : Date.now() + ttlMs;
      await pool.query(
        `INSERT INTO paperboy_kv (ns, key, value, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (ns, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
        [ns, key, value, expiresAt ?? null],
      );
    },
    async add(ns, key, value, ttlMs) {
      const expiresAt = ttlMs === undefined ? undefined : Date.now() + ttlMs;
      const r = await pool.query(
        `INSERT INTO paperboy_kv (ns, key, value, expires_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (ns, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at
         WHERE paperboy_kv.expires_at IS NOT NULL AND paperboy_kv.expires_at <= $5`,
        [ns, key, value, expiresAt ?? null, Date.now()],
      );
      return r.rowCount === 1;
    },
    async delete(ns, key) {
      return ((await pool.query('DELETE FROM paperboy_kv WHERE ns = $1 AND key = $2', [ns, key])).rowCount ?? 0) > 0;
    },
    async clear(ns) {
      await pool.query('DELETE FROM paperboy_kv WHERE ns = $1', [ns]);
    },
    async *entries(ns) {
      const r = await pool.query(
        'SELECT key, value FROM paperboy_kv WHERE ns = $1 AND (expires_at IS NULL OR expires_at > $2) ORDER BY key',
        [ns, Date.now()],
      );
      for (const row of r.rows as { key: string; value: string }[]) yield [row.key, row.value];
    },
    async purgeExpired(_nsPrefix) {
      const r = await pool.query('DELETE FROM paperboy_kv WHERE expires_at IS NOT NULL AND expires_at <= $1', [Date.now()]);
      return r.rowCount ?? 0;
    },
    acquire: notYet, renew: notYet, remaining: notYet, release: notYet, setIfHolds: notYet, addIfHolds: notYet, deleteIfHolds: notYet,
    async close() {
      await pool.end();
    },
  };
}
