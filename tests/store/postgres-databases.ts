import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createPostgresStore } from '../../src/store/postgres-store.ts';

/** The test PostgreSQL server (tests/setup/postgres.ts starts one), or undefined when there is none. */
export const postgresUrl: string | undefined = inject('postgresUrl') ?? process.env.TEST_DATABASE_URL;

/** A URL for `database` on the same server. */
export function urlFor(database: string): string {
  const target = new URL(postgresUrl ?? 'postgres://localhost');
  target.pathname = `/${database}`;
  return target.toString();
}

/** Throwaway databases on the test server: each test gets its own, dropped by dropDatabases(). */
export function postgresDatabases() {
  const created: string[] = [];
  let template: Promise<string> | undefined;

  const adminQuery = async (text: string): Promise<void> => {
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    try {
      await admin.query(text);
    } finally {
      await admin.end();
    }
  };

  /** A database migrated once, which fresh databases are cloned from (much cheaper than migrating each). */
  const migratedTemplate = (): Promise<string> => {
    template ??= (async () => {
      const name = await freshDatabase({ migrated: false });
      const store = await createPostgresStore({ url: urlFor(name) });
      await store.close();
      return name;
    })();
    return template;
  };

  async function freshDatabase(options: { migrated: boolean }): Promise<string> {
    const name = `digest_test_${randomBytes(6).toString('hex')}`;
    const from = options.migrated ? ` template ${await migratedTemplate()}` : '';
    await adminQuery(`create database ${name}${from}`);
    created.push(name);
    return name;
  }

  return {
    freshDatabase,
    async dropDatabases(): Promise<void> {
      for (const name of created.splice(0).reverse()) await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
