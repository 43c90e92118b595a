import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../db-schema.ts';

/**
 * The order pieces were stored in, so an ingest run can ask what other instances stored since it last looked
 * (Store.listPiecesStoredAfter). SQLite's rowid already is that order, and one process writes it; PostgreSQL gets
 * a sequence, assigned under the ingest dedupe lock, so its order is the commit order.
 */
export function pieceStoreOrderMigration(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`create sequence pieces_stored_seq`.execute(db);
      await sql`alter table pieces add column stored_seq bigint not null default nextval('pieces_stored_seq')`.execute(db);
      await sql`alter sequence pieces_stored_seq owned by pieces.stored_seq`.execute(db);
      await sql`create index pieces_stored_seq_idx on pieces (stored_seq)`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`alter table pieces drop column stored_seq`.execute(db);
    },
  };
}
