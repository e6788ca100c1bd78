import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/log.ts';
import { openBackend, openStore } from '../../src/store/open-store.ts';
import { createStore, type Store } from '../../src/store/store.ts';

export interface BackendCase {
  name: string;
  /** Undefined when the service is not configured: the suite is skipped, and says so. */
  url: string | undefined;
}

const warned = new Set<string>();

/** Every store backend a suite should run against. Redis and PostgreSQL need REDIS_URL / DATABASE_URL. */
export function backendCases(): BackendCase[] {
  const cases: BackendCase[] = [
    { name: 'memory', url: 'memory://' },
    { name: 'sqlite', url: `sqlite://${join(mkdtempSync(join(tmpdir(), 'paperboy-')), 'store.sqlite')}` },
    { name: 'redis', url: process.env.REDIS_URL },
    { name: 'postgres', url: process.env.DATABASE_URL },
  ];
  for (const c of cases) {
    if (c.url || warned.has(c.name)) continue;
    warned.add(c.name);
    const v = c.name === 'redis' ? 'REDIS_URL' : 'DATABASE_URL';
    console.warn(`\n!!! SKIPPED: ${c.name} store suites — ${v} is not set. Set it (see .ci/run) to test against ${c.name}. !!!\n`);
  }
  return cases;
}

/** A fresh store whose keys no other test run can see (a unique namespace prefix on shared servers). */
export async function openTestStore(url: string, prefix = `t${randomUUID().slice(0, 8)}:`): Promise<Store> {
  return openStore(url, silentLogger(), prefix);
}

/**
 * `count` stores on the same data under one prefix, each with its own connection (Redis, PostgreSQL, SQLite), as
 * separate processes would have them; on memory they share the one process-local backend. `close` closes them all.
 */
export async function openPeerStores(
  url: string,
  count: number,
  prefix = `t${randomUUID().slice(0, 8)}:`,
): Promise<{ stores: Store[]; close: () => Promise<void> }> {
  const log = silentLogger();
  if (url.startsWith('memory:')) {
    const backend = await openBackend(url, log);
    return { stores: Array.from({ length: count }, () => createStore(backend, log, prefix)), close: () => backend.close() };
  }
  const stores = await Promise.all(Array.from({ length: count }, () => openStore(url, log, prefix)));
  return { stores, close: async () => void (await Promise.all(stores.map((s) => s.close()))) };
}

/** Stores with different prefixes over one backend (one connection); `close` closes it once. */
export async function openStoresByPrefix(url: string, prefixes: string[]): Promise<{ stores: Store[]; close: () => Promise<void> }> {
  const log = silentLogger();
  const backend = await openBackend(url, log);
  return { stores: prefixes.map((p) => createStore(backend, log, p)), close: () => backend.close() };
}
