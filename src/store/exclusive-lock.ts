import { sql, type Kysely } from 'kysely';
import type { Database, StoreDialect } from './db-schema.ts';

/** Runs a task while holding a named lock; see Store.withLock. */
export type WithLock = <T>(key: string, task: () => Promise<T>) => Promise<T>;

/** Per-name promise chains: tasks under one name run one after another in this process. */
function processLocks(): WithLock {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const result = (tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.catch(() => undefined);
    tails.set(key, tail);
    // Forget an idle name, so one-off keys do not pile up.
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}

/**
 * Named locks for the store. PostgreSQL: a session advisory lock on one reserved connection, so every instance
 * sharing the database queues, while the task's own queries use the pool. Within this process the same name also
 * queues first, so at most one connection per process waits on the advisory lock. SQLite serves one process.
 */
export function createWithLock(db: Kysely<Database>, dialect: StoreDialect): WithLock {
  const local = processLocks();
  if (dialect !== 'postgres') return local;
  return <T>(key: string, task: () => Promise<T>): Promise<T> =>
    local(key, () =>
      db.connection().execute(async (connection) => {
        await sql`select pg_advisory_lock(hashtextextended(${key}, 0))`.execute(connection);
        try {
          return await task();
        } finally {
          await sql`select pg_advisory_unlock(hashtextextended(${key}, 0))`.execute(connection);
        }
      }));
}
