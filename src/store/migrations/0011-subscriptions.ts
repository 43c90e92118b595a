import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../db-schema.ts';

/**
 * Ownership (docs/adr/0007-subscriptions-and-ownership.md): a subscription belongs to one channel and carries that channel's state
 * of the feed (paused, weight, display name, full text), under an id of its own; the feed row stays shared so a
 * URL is fetched once. Existing channel_sources rows become subscriptions: the oldest subscription of each feed
 * keeps the feed's id (so ids admins already know keep working), the others get new ones. Channels gain the list
 * of settings changed from chat (null until the next start-up classifies them against the config).
 */
export function subscriptionsMigration(dialect: StoreDialect): Migration {
  const pg = dialect === 'postgres';
  const ts = pg ? 'timestamptz' : 'text';
  const bool = pg ? 'boolean' : 'integer';
  const json = pg ? 'jsonb' : 'text';
  const real = pg ? 'double precision' : 'real';
  const randomId = pg ? sql`substr(md5(random()::text || t.channel_id || t.source_id), 1, 8)` : sql`lower(hex(randomblob(4)))`;
  const pausedKeys = pg ? sql`case when t.paused then '["paused"]'::jsonb else '[]'::jsonb end` : sql`case when t.paused = 1 then '["paused"]' else '[]' end`;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createTable('subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
        .addColumn('name', 'text')
        .addColumn('weight', real, (c) => c.notNull())
        .addColumn('full_text', bool, (c) => c.notNull())
        .addColumn('paused', bool, (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('chat_keys', json, (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addUniqueConstraint('subscriptions_channel_source', ['channel_id', 'source_id'])
        .execute();
      await db.schema.createIndex('subscriptions_source').on('subscriptions').column('source_id').execute();
      await sql`insert into subscriptions (id, channel_id, source_id, name, weight, full_text, paused, origin, chat_keys, created_at)
        select case when t.rn = 1 then t.source_id else ${randomId} end, t.channel_id, t.source_id, null, t.weight, t.full_text, t.paused, 'chat', ${pausedKeys}, t.created_at
        from (
          select cs.channel_id, cs.source_id, cs.created_at, s.weight, s.full_text, s.paused,
            row_number() over (partition by cs.source_id order by cs.created_at, cs.channel_id) as rn
          from channel_sources cs join sources s on s.id = cs.source_id
        ) t`.execute(db);
      await db.schema.dropTable('channel_sources').execute();
      await db.schema.alterTable('channels').addColumn('chat_keys', json).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.createTable('channel_sources')
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id').onDelete('cascade'))
        .addColumn('created_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('channel_sources_pk', ['channel_id', 'source_id'])
        .execute();
      await sql`insert into channel_sources (channel_id, source_id, created_at) select channel_id, source_id, created_at from subscriptions`.execute(db);
      await db.schema.dropTable('subscriptions').execute();
      await db.schema.alterTable('channels').dropColumn('chat_keys').execute();
    },
  };
}
