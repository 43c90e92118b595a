import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../db-schema.ts';

/**
 * Reader discussion: replies and reactions under the bot's digest messages, public comments of a piece's source,
 * per-channel discussion and feedback settings, the discussion timer's checks, the discussion replies posted
 * (for the web archive), votes and bookmarks. Replies are
 * found from the ledger by platform message id, hence the index on delivered_messages.
 */
export function discussionMigration(dialect: StoreDialect): Migration {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  const bool = dialect === 'postgres' ? 'boolean' : 'integer';
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('delivered_messages_platform_id').on('delivered_messages').column('platform_message_id').execute();

      await db.schema.createTable('thread_comments')
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('digest_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer')
        .addColumn('reply_to', 'text')
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('author_name', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('permalink', 'text', (c) => c.notNull())
        .addColumn('posted_at', ts, (c) => c.notNull())
        .addColumn('edited_at', ts)
        .addColumn('mentions_bot', bool, (c) => c.notNull())
        .addPrimaryKeyConstraint('thread_comments_pk', ['channel_id', 'message_id'])
        .execute();
      await db.schema.createIndex('thread_comments_digest').on('thread_comments').columns(['channel_id', 'digest_id', 'position']).execute();

      await db.schema.createTable('comment_reactions')
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('emoji', 'text', (c) => c.notNull())
        .addColumn('at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('comment_reactions_pk', ['channel_id', 'message_id', 'member_id', 'emoji'])
        .execute();

      await db.schema.createTable('source_comments')
        .addColumn('piece_id', 'text', (c) => c.notNull())
        .addColumn('guid', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('permalink', 'text', (c) => c.notNull())
        .addColumn('posted_at', ts)
        .addColumn('in_reply_to', 'text')
        .addColumn('fetched_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('source_comments_pk', ['piece_id', 'guid'])
        .execute();

      await db.schema.createTable('comment_feeds')
        .addColumn('piece_id', 'text', (c) => c.primaryKey())
        .addColumn('feed_url', 'text')
        .addColumn('comment_count', 'integer')
        .addColumn('checked_at', ts, (c) => c.notNull())
        .addColumn('error', 'text')
        .execute();

      await db.schema.createTable('discussion_settings')
        .addColumn('channel_id', 'text', (c) => c.primaryKey())
        .addColumn('feedback', bool, (c) => c.notNull())
        .addColumn('discussion', bool, (c) => c.notNull())
        .addColumn('delay_hours', 'integer')
        .addColumn('updated_at', ts, (c) => c.notNull())
        .execute();

      await db.schema.createTable('discussion_checks')
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('digest_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('checked_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('discussion_checks_pk', ['channel_id', 'digest_id', 'position'])
        .execute();

      // What was posted under each piece, for its web page.
      await db.schema.createTable('discussion_replies')
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('digest_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('reply', json, (c) => c.notNull())
        .addColumn('created_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('discussion_replies_pk', ['channel_id', 'digest_id', 'position'])
        .execute();

      await db.schema.createTable('piece_votes')
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('piece_id', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('piece_votes_pk', ['channel_id', 'piece_id', 'member_id', 'kind'])
        .execute();
      await db.schema.createIndex('piece_votes_channel_at').on('piece_votes').columns(['channel_id', 'at']).execute();

      await db.schema.createTable('saved_pieces')
        .addColumn('member_key', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('piece_id', 'text', (c) => c.notNull())
        .addColumn('digest_id', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('saved_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('saved_pieces_pk', ['member_key', 'channel_id', 'piece_id'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['saved_pieces', 'piece_votes', 'discussion_replies', 'discussion_checks', 'discussion_settings', 'comment_feeds', 'source_comments', 'comment_reactions', 'thread_comments']) {
        await db.schema.dropTable(table).execute();
      }
      await sql`drop index delivered_messages_platform_id`.execute(db);
    },
  };
}
