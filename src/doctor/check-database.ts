import { existsSync, accessSync, constants } from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { describePostgresUrl, openPostgres, openSqlite } from '../store/connect.ts';
import type { Database } from '../store/db-schema.ts';
import { currentSchemaVersion } from '../store/migrate.ts';
import { LATEST_SCHEMA_VERSION } from '../store/migrations/index.ts';
import { resolveStoreTarget } from '../store/store-target.ts';
import type { CheckResult } from './checklist.ts';

/**
 * The database the bot would use: reachable, at the schema version this code expects (never migrated here), and
 * writable by this user. A SQLite file not created yet passes when its directory can be created and written.
 */
export async function checkDatabase(options: { databaseUrl?: string; sqlitePath: string }): Promise<CheckResult> {
  const target = resolveStoreTarget(options);
  if (target.kind === 'sqlite' && target.path !== ':memory:' && !existsSync(target.path)) {
    const dir = nearestExisting(path.dirname(path.resolve(target.path)));
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      return { status: 'fail', detail: `SQLite ${target.path} does not exist and ${dir} is not writable`,
        fix: 'Make the directory writable by the user running the bot (in the container: mount a volume at /data), or set database.sqlitePath / DATABASE_URL.' };
    }
    return { status: 'pass', detail: `SQLite ${target.path} will be created and migrated to schema v${LATEST_SCHEMA_VERSION} on first start` };
  }
  const where = target.kind === 'postgres' ? `PostgreSQL ${describePostgresUrl(target.url)}` : `SQLite ${target.path}`;
  const db = target.kind === 'postgres' ? await openPostgres(target.url) : openSqlite(target.path);
  try {
    const version = await currentSchemaVersion(db);
    const writable = target.kind === 'postgres' ? await postgresWritable(db) : await sqliteWritable(db);
    if (writable !== null) {
      return { status: 'fail', detail: `${where} is not writable: ${writable}`, fix: target.kind === 'postgres'
        ? 'Grant the DATABASE_URL user INSERT, UPDATE, DELETE and CREATE on its database (and connect to the primary, not a read replica).'
        : 'Make the file and its directory writable by the user running the bot.' };
    }
    if (version > LATEST_SCHEMA_VERSION) {
      return { status: 'fail', detail: `${where} is at schema v${version}, newer than this version of the bot knows (v${LATEST_SCHEMA_VERSION})`,
        fix: 'Run the newer version of the bot that migrated it, or restore a backup from before the upgrade.' };
    }
    if (version < LATEST_SCHEMA_VERSION) {
      return { status: 'warn', detail: `${where} is at schema v${version}; this version migrates it to v${LATEST_SCHEMA_VERSION}`, fix: 'Run `digest migrate` (digest run also applies the migrations at start-up).' };
    }
    return { status: 'pass', detail: `${where}, schema v${version} (current), writable` };
  } finally {
    await db.destroy();
  }
}

function nearestExisting(dir: string): string {
  let current = dir;
  while (!existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/** Takes the write lock and lets go: fails on a read-only file or directory. */
async function sqliteWritable(db: Kysely<Database>): Promise<string | null> {
  try {
    await sql`begin immediate`.execute(db);
    await sql`rollback`.execute(db);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

async function postgresWritable(db: Kysely<Database>): Promise<string | null> {
  const { rows } = await sql<{ read_only: string; can_create: boolean; can_write: boolean | null }>`
    select current_setting('transaction_read_only') as read_only,
      has_database_privilege(current_database(), 'CREATE') or has_schema_privilege(current_schema(), 'CREATE') as can_create,
      case when to_regclass('kysely_migration') is null then null else has_table_privilege(to_regclass('kysely_migration'), 'INSERT') end as can_write`.execute(db);
  const row = rows[0];
  if (row === undefined) return 'no answer';
  if (row.read_only === 'on') return 'the connection is read-only (a standby, or default_transaction_read_only)';
  if (row.can_write === false) return 'the user may not write the bot’s tables';
  if (row.can_write === null && !row.can_create) return 'the user may not create the bot’s tables';
  return null;
}
