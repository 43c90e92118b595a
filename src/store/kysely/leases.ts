import type { LeaseStore } from '../ports/leases.ts';
import type { QueryContext } from './context.ts';

export function leaseQueries({ db, codec }: QueryContext): LeaseStore {
  return {
    async tryAcquireLease(key: string, holder: string, ttlMs: number, now: Date) {
      // One upsert decides: a free key is inserted; a taken one is overwritten only when it has
      // expired or is ours (a renewal). The row lock (Postgres) or the write lock (SQLite) makes racers queue.
      const result = await db.insertInto('leases')
        .values({ key, holder, expires_at: codec.date(new Date(now.getTime() + ttlMs)) })
        .onConflict((oc) =>
          oc.column('key')
            .doUpdateSet((eb) => ({ holder: eb.ref('excluded.holder'), expires_at: eb.ref('excluded.expires_at') }))
            .where((eb) => eb.or([eb('leases.expires_at', '<=', codec.date(now)), eb('leases.holder', '=', holder)]))
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async releaseLease(key: string, holder: string) {
      const result = await db.deleteFrom('leases').where('key', '=', key).where('holder', '=', holder).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async pruneLeases(before: Date) {
      const result = await db.deleteFrom('leases').where('expires_at', '<', codec.date(before)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
