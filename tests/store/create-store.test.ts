import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DigestError } from '../../src/errors.ts';
import { createStore } from '../../src/store/create-store.ts';
import { migrateStore } from '../../src/store/migrate.ts';
import { resolveStoreTarget } from '../../src/store/store-target.ts';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations/index.ts';

const root = mkdtempSync(join(tmpdir(), 'digest-create-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

describe('resolveStoreTarget', () => {
  it('picks PostgreSQL for postgres:// and postgresql:// URLs', () => {
    expect(resolveStoreTarget({ databaseUrl: 'postgres://u:p@db:5432/digest', sqlitePath: 'x.db' })).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/digest' });
    expect(resolveStoreTarget({ databaseUrl: 'postgresql://db/digest', sqlitePath: 'x.db' }).kind).toBe('postgres');
  });

  it('picks SQLite otherwise: no URL, sqlite:PATH, file:PATH, file:// URLs and bare paths', () => {
    expect(resolveStoreTarget({ sqlitePath: './data/digest.db' })).toEqual({ kind: 'sqlite', path: './data/digest.db' });
    expect(resolveStoreTarget({ databaseUrl: '', sqlitePath: './data/digest.db' })).toEqual({ kind: 'sqlite', path: './data/digest.db' });
    expect(resolveStoreTarget({ databaseUrl: 'sqlite:/var/lib/digest.db', sqlitePath: 'x.db' })).toEqual({ kind: 'sqlite', path: '/var/lib/digest.db' });
    expect(resolveStoreTarget({ databaseUrl: 'file:rel/digest.db', sqlitePath: 'x.db' })).toEqual({ kind: 'sqlite', path: 'rel/digest.db' });
    expect(resolveStoreTarget({ databaseUrl: 'file:///tmp/a%20b.db', sqlitePath: 'x.db' })).toEqual({ kind: 'sqlite', path: '/tmp/a b.db' });
    expect(resolveStoreTarget({ databaseUrl: 'sqlite::memory:', sqlitePath: 'x.db' })).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(resolveStoreTarget({ databaseUrl: '/srv/digest.db', sqlitePath: 'x.db' })).toEqual({ kind: 'sqlite', path: '/srv/digest.db' });
  });
});

describe('createStore', () => {
  it('opens the SQLite file at sqlitePath when there is no database URL', async () => {
    const path = join(root, 'default', 'digest.db');
    const store = await createStore({ sqlitePath: path });
    expect(store.kind).toBe('sqlite');
    expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    await store.close();
    expect(existsSync(path)).toBe(true);
  });

  it('opens a file: URL as SQLite and leaves the schema alone with migrate: false', async () => {
    const path = join(root, 'nomigrate.db');
    const store = await createStore({ databaseUrl: pathToFileURL(path).href, sqlitePath: 'unused.db', migrate: false });
    expect(store.kind).toBe('sqlite');
    expect(await store.schemaVersion()).toBe(0);
    await store.close();
  });

  it('reports an unreachable PostgreSQL as a DigestError with host and database, never the password', async () => {
    const port = await closedPort();
    const error = await createStore({ databaseUrl: `postgres://digest:hunter2-secret@127.0.0.1:${port}/digestdb`, sqlitePath: 'x.db' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestError);
    const { message, hint } = error as DigestError;
    expect(message).toContain(`127.0.0.1:${port}/digestdb`);
    expect(`${message} ${hint}`).not.toContain('hunter2');
    expect(hint).toMatch(/DATABASE_URL/);
  });

  it('reports a SQLite path it cannot create as a DigestError with a hint', async () => {
    const blocker = join(root, 'not-a-dir.db');
    const first = await createStore({ sqlitePath: blocker });
    await first.close();
    // A path under a regular file cannot be created.
    const error = await createStore({ sqlitePath: join(blocker, 'nested.db') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DigestError);
    expect((error as DigestError).message).toContain(join(blocker, 'nested.db'));
    expect((error as DigestError).hint).toBeTruthy();
  });
});

describe('migrateStore', () => {
  it('migrates from 0 to the latest version once, then has nothing to apply', async () => {
    const path = join(root, 'migrate', 'digest.db');
    expect(await migrateStore({ sqlitePath: path })).toEqual({ from: 0, to: 6, applied: ['0001-initial', '0002-leases', '0003-relevance', '0004-occurrence-url-index', '0005-piece-store-order', '0006-operations'] });
    expect(await migrateStore({ sqlitePath: path })).toEqual({ from: 6, to: 6, applied: [] });
    const store = await createStore({ sqlitePath: path, migrate: false });
    expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    await store.close();
  });
});
