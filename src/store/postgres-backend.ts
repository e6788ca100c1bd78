import pg from 'pg';
import { keysetPages, leaseToken, leaseValue, type Fence, type FencedAddResult, type RawBackend } from './backend.ts';
import { parseStoreUrl } from './store-url.ts';

/**
 * The server's clock, read once per statement (a CTE referenced several times is evaluated once), so every expiry in a
 * statement is judged against the same instant of PostgreSQL's clock, never this host's.
 */
const CLOCK = 'WITH clock AS (SELECT floor(extract(epoch from clock_timestamp()) * 1000)::bigint AS now)';
const NOW = '(SELECT now FROM clock)';
const live = (row: string) => `(${row}.expires_at IS NULL OR ${row}.expires_at > ${NOW})`;
/** The token of a lease value `token|owner` (0 when unreadable), as `leaseToken` reads it. */
const tokenOf = (value: string) => `COALESCE(substring(${value} from '^([0-9]{1,15})\\|')::bigint, 0)`;
const UPSERT = `ON CONFLICT (ns, key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`;
/** `$1 $2 $3`: the fence's namespace, key and lease value; the row is locked FOR SHARE, so a take-over waits for us. */
const LEASE_HELD = `lease AS (SELECT 1 FROM paperboy_kv kv WHERE ns = $1 AND key = $2 AND value = $3 AND ${live('kv')} FOR SHARE)`;

/** Rows read by one query of a listing. */
const PAGE_ROWS = 1_000;

const SQL = {
  get: `${CLOCK} SELECT value FROM paperboy_kv kv WHERE ns = $1 AND key = $2 AND ${live('kv')}`,
  set: `${CLOCK} INSERT INTO paperboy_kv AS kv (ns, key, value, expires_at) SELECT $1, $2, $3, now + $4::bigint FROM clock ${UPSERT}`,
  add: `${CLOCK} INSERT INTO paperboy_kv AS kv (ns, key, value, expires_at) SELECT $1, $2, $3, now + $4::bigint FROM clock
    ${UPSERT} WHERE NOT ${live('kv')}`,
  firstPage: `${CLOCK} SELECT key, value FROM paperboy_kv kv WHERE ns = $1 AND ${live('kv')} ORDER BY key LIMIT $2`,
  nextPage: `${CLOCK} SELECT key, value FROM paperboy_kv kv WHERE ns = $1 AND key > $3 AND ${live('kv')} ORDER BY key LIMIT $2`,
  firstKeys: `${CLOCK} SELECT key FROM paperboy_kv kv WHERE ns = $1 AND ${live('kv')} ORDER BY key LIMIT $2`,
  nextKeys: `${CLOCK} SELECT key FROM paperboy_kv kv WHERE ns = $1 AND key > $3 AND ${live('kv')} ORDER BY key LIMIT $2`,
  /**
   * Locks the expired rows it can without waiting (SKIP LOCKED: a row being written, or taken by another instance's
   * purge, is left for the next purge), then deletes them. Two purges on overlapping rows no longer deadlock, and a
   * row written again since the statement began is re-checked on its new version and kept.
   */
  purge: `${CLOCK}, doomed AS (
      SELECT ns, key FROM paperboy_kv k WHERE ns LIKE $1 ESCAPE '\\' AND NOT ${live('k')} FOR UPDATE SKIP LOCKED)
    DELETE FROM paperboy_kv kv USING doomed d WHERE kv.ns = d.ns AND kv.key = d.key AND NOT ${live('kv')}`,
  /** A lapsed or absent row is taken with the next token; a live row of the same owner is returned unchanged. */
  acquire: `${CLOCK} INSERT INTO paperboy_kv AS kv (ns, key, value, expires_at)
    SELECT $1, $2, now::text || '|' || $3, now + $4::bigint FROM clock
    ON CONFLICT (ns, key) DO UPDATE SET
      value = CASE WHEN ${live('kv')} THEN kv.value ELSE GREATEST(${tokenOf('kv.value')} + 1, ${NOW})::text || '|' || $3 END,
      expires_at = CASE WHEN ${live('kv')} THEN kv.expires_at ELSE EXCLUDED.expires_at END
    WHERE NOT ${live('kv')} OR substr(kv.value, strpos(kv.value, '|') + 1) = $3
    RETURNING value`,
  renew: `${CLOCK} UPDATE paperboy_kv kv SET expires_at = ${NOW} + $4::bigint
    WHERE ns = $1 AND key = $2 AND value = $3 AND ${live('kv')}`,
  remaining: `${CLOCK} SELECT CASE WHEN expires_at IS NULL THEN -1 ELSE expires_at - ${NOW} END AS left_ms
    FROM paperboy_kv kv WHERE ns = $1 AND key = $2 AND value = $3 AND ${live('kv')}`,
  release: `${CLOCK} DELETE FROM paperboy_kv kv WHERE ns = $1 AND key = $2 AND value = $3 AND ${live('kv')}`,
  setIfHolds: `${CLOCK}, ${LEASE_HELD} INSERT INTO paperboy_kv AS kv (ns, key, value, expires_at)
    SELECT $4, $5, $6, ${NOW} + $7::bigint FROM lease ${UPSERT}`,
  addIfHolds: `${CLOCK}, ${LEASE_HELD}, written AS (INSERT INTO paperboy_kv AS kv (ns, key, value, expires_at)
      SELECT $4, $5, $6, ${NOW} + $7::bigint FROM lease ${UPSERT} WHERE NOT ${live('kv')} RETURNING 1)
    SELECT (SELECT count(*) FROM lease)::int AS held, (SELECT count(*) FROM written)::int AS added`,
  deleteIfHolds: `${CLOCK}, ${LEASE_HELD} DELETE FROM paperboy_kv WHERE ns = $4 AND key = $5 AND EXISTS (SELECT 1 FROM lease)`,
};

const ttlParam = (ttlMs: number | undefined) => (ttlMs === undefined ? null : Math.max(1, Math.ceil(ttlMs)));
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * PostgreSQL: one table keyed by (namespace, key), expiry in epoch ms of the server's clock. Every operation, fenced
 * ones included, is a single statement, so each is atomic; `add` is an upsert that only overwrites an expired row.
 */
export async function createPostgresBackend(url: string, onError: (err: Error) => void): Promise<RawBackend> {
  const u = parseStoreUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 });
  pool.on('error', onError);
  await pool.query(`CREATE TABLE IF NOT EXISTS paperboy_kv (
    ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, expires_at BIGINT, PRIMARY KEY (ns, key))`);
  const count = (r: pg.QueryResult) => r.rowCount ?? 0;
  const fenced = (f: Fence) => [f.ns, f.key, leaseValue(f.token, f.owner)];
  /** One page of a keyset listing (`keysetPages`): the first, or the one after key `after`. */
  const page = async <R>(first: string, next: string, ns: string, after: string | undefined): Promise<R[]> =>
    (await (after === undefined ? pool.query(first, [ns, PAGE_ROWS]) : pool.query(next, [ns, PAGE_ROWS, after]))).rows as R[];

  return {
    description: `postgres ${u.host}${u.pathname}`,
    async get(ns, key) {
      return (await pool.query(SQL.get, [ns, key])).rows[0]?.value as string | undefined;
    },
    async set(ns, key, value, ttlMs) {
      await pool.query(SQL.set, [ns, key, value, ttlParam(ttlMs)]);
    },
    async add(ns, key, value, ttlMs) {
      return count(await pool.query(SQL.add, [ns, key, value, ttlParam(ttlMs)])) === 1;
    },
    async delete(ns, key) {
      return count(await pool.query('DELETE FROM paperboy_kv WHERE ns = $1 AND key = $2', [ns, key])) > 0;
    },
    async clear(ns) {
      await pool.query('DELETE FROM paperboy_kv WHERE ns = $1', [ns]);
    },
    async *entries(ns) {
      for await (const row of keysetPages((after) => page<{ key: string; value: string }>(SQL.firstPage, SQL.nextPage, ns, after), (r) => r.key, PAGE_ROWS))
        yield [row.key, row.value];
    },
    async *keys(ns) {
      for await (const row of keysetPages((after) => page<{ key: string }>(SQL.firstKeys, SQL.nextKeys, ns, after), (r) => r.key, PAGE_ROWS)) yield row.key;
    },
    async purgeExpired(nsPrefix) {
      return count(await pool.query(SQL.purge, [likePrefix(nsPrefix)]));
    },
    async acquire(ns, key, owner, ttlMs) {
      const value = (await pool.query(SQL.acquire, [ns, key, owner, ttlParam(ttlMs)])).rows[0]?.value as string | undefined;
      const token = leaseToken(value);
      return token > 0 ? token : undefined;
    },
    async renew(fence, ttlMs) {
      return count(await pool.query(SQL.renew, [...fenced(fence), ttlParam(ttlMs)])) === 1;
    },
    async remaining(fence) {
      const left = (await pool.query(SQL.remaining, fenced(fence))).rows[0]?.left_ms as string | undefined;
      if (left === undefined) return 0;
      return Number(left) < 0 ? Number.MAX_SAFE_INTEGER : Math.max(0, Number(left));
    },
    async release(fence) {
      return count(await pool.query(SQL.release, fenced(fence))) === 1;
    },
    async setIfHolds(fence, ns, key, value, ttlMs) {
      return count(await pool.query(SQL.setIfHolds, [...fenced(fence), ns, key, value, ttlParam(ttlMs)])) === 1;
    },
    async addIfHolds(fence, ns, key, value, ttlMs): Promise<FencedAddResult> {
      const row = (await pool.query(SQL.addIfHolds, [...fenced(fence), ns, key, value, ttlParam(ttlMs)])).rows[0] as {
        held: number;
        added: number;
      };
      return row.held === 0 ? 'fenced' : row.added === 1 ? 'added' : 'exists';
    },
    async deleteIfHolds(fence, ns, key) {
      return count(await pool.query(SQL.deleteIfHolds, [...fenced(fence), ns, key])) === 1;
    },
    async close() {
      await pool.end();
    },
  };
}
