import { openSqlite } from './connect.ts';
import { createKyselyStore } from './kysely-store.ts';
import { migrateDatabase } from './migrate.ts';
import type { Store } from './store.ts';
import { classifyStoreError, withStoreFaults, type StoreLocation } from './store-faults.ts';

/** The embedded backend: a SQLite file (created with its directory on first run) or ':memory:'. */
export async function createSqliteStore(options: { path: string; migrate?: boolean; busyTimeoutMs?: number }): Promise<Store> {
  const db = openSqlite(options.path, options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs });
  const where: StoreLocation = { kind: 'sqlite', label: options.path };
  try {
    if (options.migrate !== false) await migrateDatabase(db, 'sqlite');
  } catch (error) {
    await db.destroy();
    // A migration that failed because the file is read-only, full or damaged says that, not "migration failed".
    throw classifyStoreError((error as { cause?: unknown }).cause, where) ?? error;
  }
  return withStoreFaults(createKyselyStore(db, 'sqlite'), where);
}
