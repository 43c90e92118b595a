import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../db-schema.ts';

/**
 * What running the bot for months needs: LLM usage attributed to a workspace (budgets, `/digest usage`),
 * workspace-wide settings (alert channel and mention, token budget), each alert's state machine (one message
 * per change), and cached `/digest ask` answers.
 */
export function operationsMigration(dialect: StoreDialect): Migration {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('llm_usage').addColumn('workspace', 'text').execute();
      await db.schema.createIndex('llm_usage_workspace_at').on('llm_usage').columns(['workspace', 'at']).execute();
      // Alerts about a source go to the channels reading it.
      await db.schema.createIndex('channel_sources_source').on('channel_sources').column('source_id').execute();

      await db.schema.createTable('workspace_settings')
        .addColumn('workspace', 'text', (c) => c.primaryKey())
        .addColumn('alert_channel_id', 'text')
        .addColumn('alert_mention', json)
        .addColumn('monthly_token_budget', 'bigint')
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();

      await db.schema.createTable('alert_states')
        .addColumn('workspace', 'text', (c) => c.notNull())
        .addColumn('family', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('detail', json, (c) => c.notNull())
        .addColumn('changed_at', ts, (c) => c.notNull())
        .addColumn('announced', 'text', (c) => c.notNull())
        .addColumn('announced_at', ts)
        .addPrimaryKeyConstraint('alert_states_pk', ['workspace', 'family', 'subject'])
        .execute();

      await db.schema.createTable('ask_answers')
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('prompt_version', 'text', (c) => c.notNull())
        .addColumn('answer', json, (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('ask_answers_pk', ['content_hash', 'question', 'language', 'model', 'prompt_version'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('ask_answers').execute();
      await db.schema.dropTable('alert_states').execute();
      await db.schema.dropTable('workspace_settings').execute();
      await sql`drop index channel_sources_source`.execute(db);
      await sql`drop index llm_usage_workspace_at`.execute(db);
      await db.schema.alterTable('llm_usage').dropColumn('workspace').execute();
    },
  };
}
