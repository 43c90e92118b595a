import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { DigestError } from '../../src/errors.ts';
import { createPostgresStore } from '../../src/store/postgres-store.ts';
import { createStore } from '../../src/store/create-store.ts';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations/index.ts';
import { openPostgres } from '../../src/store/connect.ts';
import { describeStoreContract } from './store-contract.ts';
import { describeOperationsContract } from './operations-contract.ts';
import { describeSubscriptionsMigration } from './subscriptions-migration.ts';

const url = inject('postgresUrl') ?? process.env.TEST_DATABASE_URL;
const where = url ? new URL(url).host : '';
if (!url) {
  console.warn(`postgres contract: SKIPPED — ${inject('postgresSkipReason') ?? 'no PostgreSQL URL was provided'}`);
}

/** A URL for `database` on the same server. */
function urlFor(database: string): string {
  const target = new URL(url ?? 'postgres://localhost');
  target.pathname = `/${database}`;
  return target.toString();
}

const created: string[] = [];
let ran = 0;

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

let template: Promise<string> | undefined;

/** A database migrated once, which fresh databases are cloned from (much cheaper than migrating each). */
async function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = await freshDatabase({ migrated: false });
    const store = await createPostgresStore({ url: urlFor(name) });
    await store.close();
    return name;
  })();
  return template;
}

/** Each test gets its own database, so tests are isolated and can run in any order. */
async function freshDatabase(options: { migrated: boolean }): Promise<string> {
  const name = `digest_test_${randomBytes(6).toString('hex')}`;
  const from = options.migrated ? ` template ${await migratedTemplate()}` : '';
  await adminQuery(`create database ${name}${from}`);
  created.push(name);
  return name;
}

describe.skipIf(!url)('postgres', () => {
  afterEach(() => {
    ran += 1;
  });

  afterAll(async () => {
    for (const name of created.reverse()) await adminQuery(`drop database if exists ${name} with (force)`);
    console.log(`postgres contract: ${ran} tests ran against ${where}`);
  });

  describeStoreContract('postgres (fresh database per test)', async () => createPostgresStore({ url: urlFor(await freshDatabase({ migrated: true })) }));
  describeOperationsContract('postgres (fresh database per test)', async () => createPostgresStore({ url: urlFor(await freshDatabase({ migrated: true })) }));
  describeSubscriptionsMigration('postgres', async () => ({ db: await openPostgres(urlFor(await freshDatabase({ migrated: false }))), dialect: 'postgres' }));

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
