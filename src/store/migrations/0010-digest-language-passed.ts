import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../db-schema.ts';

/**
 * What an edition needs besides its pieces: the channel language its chrome is in, the candidates it
 * left out and why (`/digest passed`), and per piece the other sources that carried the story.
 * Existing rows get English, nothing passed and no crossposts.
 */
export function digestLanguagePassedMigration(dialect: StoreDialect): Migration {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('digests').addColumn('language', 'text', (c) => c.notNull().defaultTo('en')).execute();
      await db.schema.alterTable('digests').addColumn('passed', json, (c) => c.notNull().defaultTo(sql`'[]'`)).execute();
      await db.schema.alterTable('digest_pieces').addColumn('also_on', json, (c) => c.notNull().defaultTo(sql`'[]'`)).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('digest_pieces').dropColumn('also_on').execute();
      await db.schema.alterTable('digests').dropColumn('passed').execute();
      await db.schema.alterTable('digests').dropColumn('language').execute();
    },
  };
}
