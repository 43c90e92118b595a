import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../db-schema.ts';

/** Why an edition was summarised offline on purpose (the workspace's LLM budget was spent), for its notice; null otherwise. */
export function digestOfflineReasonMigration(dialect: StoreDialect): Migration {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('digests').addColumn('offline_reason', json).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('digests').dropColumn('offline_reason').execute();
    },
  };
}
