import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { postgresDatabases, postgresUrl, urlFor } from './postgres-databases.ts';
import { DigestError } from '../../src/errors.ts';
import { createPostgresStore } from '../../src/store/postgres-store.ts';
import { createStore } from '../../src/store/create-store.ts';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations/index.ts';
import { openPostgres } from '../../src/store/connect.ts';
import { describeStoreContract } from './store-contract.ts';
import { describeOperationsContract } from './operations-contract.ts';
import { describeSubscriptionsMigration } from './subscriptions-migration.ts';
import { describeDiscussionContract } from './discussion-contract.ts';

const url = postgresUrl;
const where = url ? new URL(url).host : '';
if (!url) {
  console.warn(`postgres contract: SKIPPED — ${inject('postgresSkipReason') ?? 'no PostgreSQL URL was provided'}`);
}

const databases = postgresDatabases();
const freshDatabase = databases.freshDatabase;
let ran = 0;

describe.skipIf(!url)('postgres', () => {
  afterEach(() => {
    ran += 1;
  });

  afterAll(async () => {
    await databases.dropDatabases();
    console.log(`postgres contract: ${ran} tests ran against ${where}`);
  });

  describeStoreContract('postgres (fresh database per test)', async () => createPostgresStore({ url: urlFor(await freshDatabase({ migrated: true })) }));
  describeOperationsContract('postgres (fresh database per test)', async () => createPostgresStore({ url: urlFor(await freshDatabase({ migrated: true })) }));
  describeSubscriptionsMigration('postgres', async () => ({ db: await openPostgres(urlFor(await freshDatabase({ migrated: false }))), dialect: 'postgres' }));
  describeDiscussionContract('postgres (fresh database per test)', async () => createPostgresStore({ url: urlFor(await freshDatabase({ migrated: true })) }));

  it('holds a named lock across instances: two stores on one database never run the same name at once', async () => {
    const url = urlFor(await freshDatabase({ migrated: true }));
    const [a, b] = [await createPostgresStore({ url }), await createPostgresStore({ url })];
    try {
      const log: string[] = [];
      const task = (name: string) => async () => {
        log.push(`${name} start`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        log.push(`${name} end`);
      };
      await Promise.all([a.withLock('ingest:dedupe', task('a1')), b.withLock('ingest:dedupe', task('b1')), a.withLock('ingest:dedupe', task('a2'))]);
      // Whatever the order, each task ends before the next one starts.
      for (let i = 0; i < log.length; i += 2) expect(log[i + 1]).toBe(log[i]!.replace('start', 'end'));
      expect(log).toHaveLength(6);
    } finally {
      await a.close();
      await b.close();
    }
  });

  describe('createStore', () => {
    it('chooses PostgreSQL for a postgresql:// URL and migrates it', async () => {
      const database = urlFor(await freshDatabase({ migrated: false }));
      const store = await createStore({ databaseUrl: database.replace(/^postgres:/, 'postgresql:'), sqlitePath: '/nonexistent/never-used.db' });
      try {
        expect(store.kind).toBe('postgres');
        expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
      } finally {
        await store.close();
      }
    });

    it('leaves the schema alone with migrate: false', async () => {
      const store = await createStore({ databaseUrl: urlFor(await freshDatabase({ migrated: false })), sqlitePath: 'unused.db', migrate: false });
      try {
        expect(await store.schemaVersion()).toBe(0);
      } finally {
        await store.close();
      }
    });

    it('fails with a DigestError naming host and database but never the password', async () => {
      const target = new URL(urlFor('no_such_database_here'));
      target.username = 'postgres';
      target.password = 's3cret-Pa55word';
      const error = await createPostgresStore({ url: target.toString() }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DigestError);
      const { message, hint } = error as DigestError;
      expect(message).toContain(`${target.hostname}:${target.port}/no_such_database_here`);
      expect(message).not.toContain('s3cret-Pa55word');
      expect(hint).toMatch(/DATABASE_URL/);
      expect(JSON.stringify({ message, hint })).not.toContain('s3cret');
    });
  });
});
