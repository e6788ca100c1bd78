import { resolve } from 'node:path';
import type { Logger } from '../log.ts';
import type { RawBackend } from './backend.ts';
import { createStore, type Store } from './store.ts';

/** The store URL schemes paperboy understands. */
export const STORE_SCHEMES = ['sqlite:', 'redis:', 'rediss:', 'postgres:', 'postgresql:', 'memory:'] as const;

/** `sqlite://./data/x.sqlite` → `./data/x.sqlite`; `sqlite:///abs/x.sqlite` → `/abs/x.sqlite`. */
export function sqlitePath(url: string): string {
  const rest = url.replace(/^sqlite:\/\//, '');
  return rest === ':memory:' ? rest : resolve(rest);
}

/**
 * Opens the backend of `url`. Each backend's module (and its client library: redis, pg, better-sqlite3) is loaded only
 * when its scheme is used: a process on SQLite never loads the Redis and PostgreSQL clients (less code in memory, a
 * quicker start; docs/decisions/106).
 */
export async function openBackend(url: string, log: Logger): Promise<RawBackend> {
  const scheme = `${url.split(':')[0]}:`;
  const onError = (err: Error) => log.warn({ err: { message: err.message } }, 'store connection error');
  switch (scheme) {
    case 'sqlite:':
      return (await import('./sqlite-backend.ts')).createSqliteBackend(sqlitePath(url));
    case 'redis:':
    case 'rediss:':
      return (await import('./redis-backend.ts')).createRedisBackend(url, onError);
    case 'postgres:':
    case 'postgresql:':
      return (await import('./postgres-backend.ts')).createPostgresBackend(url, onError);
    case 'memory:':
      return (await import('./memory-backend.ts')).createMemoryBackend();
    default:
      throw new Error(`unsupported store scheme "${scheme}"`);
  }
}

export async function openStore(url: string, log: Logger, prefix = ''): Promise<Store> {
  return createStore(await openBackend(url, log), log.child({ component: 'store' }), prefix);
}
