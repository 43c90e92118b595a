import { describePostgresUrl, openPostgres } from './connect.ts';
import { createKyselyStore } from './kysely-store.ts';
import { migrateDatabase } from './migrate.ts';
import type { Store } from './store.ts';
import { classifyStoreError, withStoreFaults, type StoreLocation } from './store-faults.ts';

/** The server backend, chosen by DATABASE_URL=postgres://…; fails fast with a DigestError when unreachable. */
export async function createPostgresStore(options: { url: string; migrate?: boolean }): Promise<Store> {
  const db = await openPostgres(options.url);
  const where: StoreLocation = { kind: 'postgres', label: describePostgresUrl(options.url) };
  try {
    if (options.migrate !== false) await migrateDatabase(db, 'postgres');
  } catch (error) {
    await db.destroy();
    throw classifyStoreError((error as { cause?: unknown }).cause, where) ?? error;
  }
  return withStoreFaults(createKyselyStore(db, 'postgres'), where);
}
