import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../src/store/connect.ts';

describe('the SQLite connection hand-over', () => {
  it('keeps a query issued during a transaction out of it: it waits, and survives the rollback', async () => {
    const db = openSqlite(':memory:');
    try {
      await sql`create table t (v text)`.execute(db);
      let inside!: () => void;
      const started = new Promise<void>((resolve) => {
        inside = resolve;
      });
      const transaction = db.transaction().execute(async (trx) => {
        await sql`insert into t values ('in transaction')`.execute(trx);
        inside();
        await new Promise((resolve) => setTimeout(resolve, 30));
        throw new Error('roll back');
      });
      await started;
      const outside = sql`insert into t values ('outside')`.execute(db);
      await expect(transaction).rejects.toThrow('roll back');
      await outside;
      expect((await sql<{ v: string }>`select v from t`.execute(db)).rows.map((r) => r.v)).toEqual(['outside']);
    } finally {
      await db.destroy();
    }
  });

  it('serves concurrent queries in the order they were issued', async () => {
    const db = openSqlite(':memory:');
    try {
      await sql`create table t (n integer)`.execute(db);
      await Promise.all(Array.from({ length: 200 }, (_, n) => sql`insert into t values (${n})`.execute(db)));
      const rows = (await sql<{ n: number }>`select n from t order by rowid`.execute(db)).rows.map((r) => r.n);
      expect(rows).toEqual(Array.from({ length: 200 }, (_, n) => n));
    } finally {
      await db.destroy();
    }
  });
});
