import { createPostgresStore } from './postgres-store.ts';
import { createSqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';
import { resolveStoreTarget } from './store-target.ts';

/** Opens the configured backend (PostgreSQL for postgres:// URLs, SQLite otherwise), migrated unless `migrate: false`. */
export async function createStore(options: { databaseUrl?: string; sqlitePath: string; migrate?: boolean }): Promise<Store> {
  const target = resolveStoreTarget(options);
  const migrate = options.migrate ?? true;
  return target.kind === 'postgres'
    ? createPostgresStore({ url: target.url, migrate })
    : createSqliteStore({ path: target.path, migrate });
}
