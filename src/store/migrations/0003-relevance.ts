import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../db-schema.ts';

/** The LLM relevance cache: one score per (piece text, interests, model, prompt), shared by every channel with those interests. */
export function relevanceMigration(dialect: StoreDialect): Migration {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createTable('relevance_scores')
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('interests_key', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('prompt_version', 'text', (c) => c.notNull())
        .addColumn('score', real, (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('relevance_scores_pk', ['content_hash', 'interests_key', 'model', 'prompt_version'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('relevance_scores').execute();
    },
  };
}
