import type { Kysely, Transaction } from 'kysely';
import type { Database, StoreDialect } from '../db-schema.ts';
import type { RowCodec } from '../row-codec.ts';

/** What each concern's queries run on: the database (or one transaction of it), its dialect and codec. */
export interface QueryContext {
  db: Kysely<Database>;
  dialect: StoreDialect;
  codec: RowCodec;
}

/** Runs `work` in a transaction, or in the one `db` already is (Kysely does not nest them). */
export function inTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute((trx: Transaction<Database>) => work(trx));
}
