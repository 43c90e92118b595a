import { afterAll, describe } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres-store.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { postgresDatabases, postgresUrl, urlFor } from './postgres-databases.ts';

/** Runs a suite on SQLite and, when the test server is up, on PostgreSQL (a fresh database per store). */
export function describeOnEveryStore(title: string, suite: (makeStore: () => Promise<Store>) => void): void {
  describe(`${title} (sqlite)`, () => suite(() => createSqliteStore({ path: ':memory:' })));
  describe.skipIf(postgresUrl === undefined)(`${title} (postgres)`, () => {
    const databases = postgresDatabases();
    afterAll(() => databases.dropDatabases());
    suite(async () => createPostgresStore({ url: urlFor(await databases.freshDatabase({ migrated: true })) }));
  });
}
