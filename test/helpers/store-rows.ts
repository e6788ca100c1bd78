import Database from 'better-sqlite3';

/** Namespaces a running app rewrites on its own (the sender lease is renewed every few seconds), whatever users do. */
export const HEARTBEAT_NAMESPACES = ['delivery-leases'];

/**
 * Every live row of a SQLite store file, as `namespace key → value`, read through a second read-only connection (the
 * app keeps its own open). Rows in `ignore` namespaces (matched by suffix, so any test prefix) are left out.
 */
export function storeRows(file: string, ignore: readonly string[] = HEARTBEAT_NAMESPACES): Map<string, string> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare('SELECT ns, key, value FROM kv WHERE expires_at IS NULL OR expires_at > ? ORDER BY ns, key')
      .all(Date.now()) as Array<{ ns: string; key: string; value: string }>;
    return new Map(rows.filter((r) => !ignore.some((n) => r.ns.endsWith(n))).map((r) => [`${r.ns} ${r.key}`, r.value]));
  } finally {
    db.close();
  }
}
