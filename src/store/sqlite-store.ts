import { openSqlite } from './connect.ts';
import { createKyselyStore } from './kysely-store.ts';
import { migrateDatabase } from './migrate.ts';
import type { Store } from './store.ts';

/** The embedded backend: a SQLite file (created with its directory on first run) or ':memory:'. */
export async function createSqliteStore(options: { path: string; migrate?: boolean }): Promise<Store> {
  const db = openSqlite(options.path);
  try {
    if (options.migrate !== false) await migrateDatabase(db, 'sqlite');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createKyselyStore(db, 'sqlite');
}
