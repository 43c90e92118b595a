import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../db-schema.ts';

/** The first schema: every table of the Store port, with per-dialect column types and search. */
export function initialMigration(dialect: StoreDialect): Migration {
  const pg = dialect === 'postgres';
  // SQLite keeps ISO-8601 text (sorts correctly) and 0/1; Postgres gets native types.
  const ts = pg ? 'timestamptz' : 'text';
  const bool = pg ? 'boolean' : 'integer';
  const json = pg ? 'jsonb' : 'text';
  const real = pg ? 'double precision' : 'real';

  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createTable('sources')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('weight', real, (c) => c.notNull())
        .addColumn('full_text', bool, (c) => c.notNull())
        .addColumn('paused', bool, (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('etag', 'text')
        .addColumn('last_modified', 'text')
        .addColumn('last_fetched_at', ts)
        .addColumn('last_success_at', ts)
        .addColumn('retry_after', ts)
        .addColumn('consecutive_failures', 'integer', (c) => c.notNull())
        .addColumn('failing', bool, (c) => c.notNull())
        .addColumn('last_error', 'text')
        .execute();

      await db.schema.createTable('fetch_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
        .addColumn('at', ts, (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('new_items', 'integer', (c) => c.notNull())
        .addColumn('seen_items', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('fetch_log_source_at').on('fetch_log').columns(['source_id', 'at']).execute();

      await db.schema.createTable('channel_sources')
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
        .addColumn('created_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('channel_sources_pk', ['channel_id', 'source_id'])
        .execute();

      // No foreign key to sources: removing a source keeps the pieces already ingested.
      await db.schema.createTable('pieces')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('guid', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('canonical_url', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('authors', json, (c) => c.notNull())
        .addColumn('published_at', ts, (c) => c.notNull())
        .addColumn('published_at_estimated', bool, (c) => c.notNull())
        .addColumn('fetched_at', ts, (c) => c.notNull())
        .addColumn('content_text', 'text', (c) => c.notNull())
        .addColumn('content_html', 'text', (c) => c.notNull())
        .addColumn('word_count', 'integer', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('signature', json, (c) => c.notNull())
        .addColumn('full_text_fetched', bool, (c) => c.notNull())
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('pieces_canonical_url').on('pieces').column('canonical_url').execute();
      await db.schema.createIndex('pieces_content_hash').on('pieces').column('content_hash').execute();
      await db.schema.createIndex('pieces_fetched_at').on('pieces').column('fetched_at').execute();

      await db.schema.createTable('piece_occurrences')
        .addColumn('piece_id', 'text', (c) => c.notNull().references('pieces.id').onDelete('cascade'))
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('guid', 'text', (c) => c.notNull())
        .addColumn('canonical_url', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', ts, (c) => c.notNull())
        .addColumn('matched_by', 'text', (c) => c.notNull())
        .addColumn('similarity', real)
        .addUniqueConstraint('piece_occurrences_source_guid', ['source_id', 'guid'])
        .execute();
      await db.schema.createIndex('piece_occurrences_piece').on('piece_occurrences').column('piece_id').execute();

      await db.schema.createTable('summaries')
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('summariser', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('prompt_version', 'text', (c) => c.notNull())
        .addColumn('summary', json, (c) => c.notNull())
        .addColumn('fallback', bool, (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('summaries_pk', ['content_hash', 'summariser', 'model', 'prompt_version'])
        .execute();

      await db.schema.createTable('llm_usage')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', ts, (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text')
        .addColumn('prompt_tokens', 'integer', (c) => c.notNull())
        .addColumn('completion_tokens', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('llm_usage_at').on('llm_usage').column('at').execute();

      await db.schema.createTable('channels')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('workspace_id', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('settings', json, (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('last_delivery_error', 'text')
        .addColumn('last_delivery_error_at', ts)
        .execute();

      await db.schema.createTable('digests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('edition', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('header_line', 'text', (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addColumn('read_minutes', 'integer', (c) => c.notNull())
        .addColumn('summarised_offline', bool, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('digests_channel_created').on('digests').columns(['channel_id', 'created_at']).execute();

      await db.schema.createTable('digest_pieces')
        .addColumn('digest_id', 'text', (c) => c.notNull().references('digests.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('piece_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('source_name', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('read_minutes', 'integer', (c) => c.notNull())
        .addColumn('summary', json, (c) => c.notNull())
        .addColumn('summarised_by', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('digest_pieces_pk', ['digest_id', 'position'])
        .execute();
      await db.schema.createIndex('digest_pieces_piece').on('digest_pieces').column('piece_id').execute();

      if (pg) {
        // A generated column keeps the vector in step with the row without triggers.
        await sql`alter table digest_pieces add column search_vector tsvector
          generated always as (to_tsvector('english', title || ' ' || search_text)) stored`.execute(db);
        await sql`create index digest_pieces_search on digest_pieces using gin (search_vector)`.execute(db);
      } else {
        await sql`create virtual table digest_search using fts5(
          digest_id unindexed, channel_id unindexed, position unindexed, title, body,
          tokenize = 'porter unicode61')`.execute(db);
      }

      await db.schema.createTable('deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('edition', 'text', (c) => c.notNull())
        .addColumn('digest_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('claimed_by', 'text', (c) => c.notNull())
        .addColumn('claimed_at', ts, (c) => c.notNull())
        .addColumn('completed_at', ts)
        .addColumn('error', 'text')
        // The delivery claim is an insert that this constraint lets win exactly once.
        .addUniqueConstraint('deliveries_channel_edition', ['channel_id', 'edition'])
        .execute();
      await db.schema.createIndex('deliveries_status').on('deliveries').column('status').execute();

      await db.schema.createTable('delivered_messages')
        .addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id').onDelete('cascade'))
        .addColumn('slot', 'text', (c) => c.notNull())
        .addColumn('platform_message_id', 'text', (c) => c.notNull())
        .addColumn('posted_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('delivered_messages_pk', ['delivery_id', 'slot'])
        .execute();
    },
  };
}
