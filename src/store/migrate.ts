import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { DigestError } from '../errors.ts';
import { openPostgres, openSqlite } from './connect.ts';
import type { StoreDialect } from './db-schema.ts';
import { staticMigrationProvider, versionOf } from './migrations/index.ts';
import { resolveStoreTarget } from './store-target.ts';

/** What a migration run did: schema version before and after, and the migrations applied. */
export interface MigrationSummary {
  from: number;
  to: number;
  applied: string[];
}

const MIGRATION_TABLE = 'kysely_migration';

/** The version of the newest applied migration; 0 on a database never migrated. */
export async function currentSchemaVersion<DB>(db: Kysely<DB>): Promise<number> {
  try {
    const result = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(db);
    return result.rows.reduce((max, row) => Math.max(max, versionOf(row.name)), 0);
  } catch (error) {
    if (/no such table|does not exist/i.test((error as Error).message)) return 0;
    throw error;
  }
}

/** Runs every pending migration on an open database. */
export async function migrateDatabase<DB>(db: Kysely<DB>, dialect: StoreDialect): Promise<MigrationSummary> {
  const from = await currentSchemaVersion(db);
  const migrator = new Migrator({ db: db as unknown as Kysely<never>, provider: staticMigrationProvider(dialect), migrationTableName: MIGRATION_TABLE });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'the migration bookkeeping';
    throw new DigestError(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      code: 'migration-failed',
      hint: 'The database was left at its previous version. Check that the database user may create tables, then run `digest migrate` again.',
      cause: error,
    });
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  return { from, to: await currentSchemaVersion(db), applied };
}

/** `digest migrate`: opens the configured database, migrates it to the latest version and closes it. */
export async function migrateStore(options: { databaseUrl?: string; sqlitePath: string }): Promise<MigrationSummary> {
  const target = resolveStoreTarget(options);
  const db = target.kind === 'postgres' ? await openPostgres(target.url) : openSqlite(target.path);
  try {
    return await migrateDatabase(db, target.kind);
  } finally {
    await db.destroy();
  }
}
