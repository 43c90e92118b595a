import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { SQLITE_CACHE_KIB, SQLITE_PAGE_SIZE } from '../../src/store/connect.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations/index.ts';
import { openSqlite } from '../../src/store/connect.ts';
import { describeStoreContract } from './store-contract.ts';
import { describeOperationsContract } from './operations-contract.ts';
import { describeSubscriptionsMigration } from './subscriptions-migration.ts';
import { describeDiscussionContract } from './discussion-contract.ts';

const root = mkdtempSync(join(tmpdir(), 'digest-sqlite-'));
let counter = 0;
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeStoreContract('sqlite (temp file)', () => createSqliteStore({ path: join(root, `db-${++counter}.db`) }));
describeOperationsContract('sqlite (temp file)', () => createSqliteStore({ path: join(root, `db-${++counter}.db`) }));
describeSubscriptionsMigration('sqlite', async () => ({ db: openSqlite(join(root, `db-${++counter}.db`)), dialect: 'sqlite' }));
describeDiscussionContract('sqlite (temp file)', () => createSqliteStore({ path: join(root, `db-${++counter}.db`) }));

describe('createSqliteStore', () => {
  it('creates the file and its missing parent directories on first run', async () => {
    const path = join(root, 'missing', 'nested', 'digest.db');
    expect(existsSync(join(root, 'missing'))).toBe(false);
    const store = await createSqliteStore({ path });
    await store.addSource({ url: 'https://a.example/feed', name: 'A' });
    await store.close();
    expect(existsSync(path)).toBe(true);
    // WAL is a property of the file, so it outlives the connection that set it.
    const raw = new BetterSqlite3(path);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
    const reopened = await createSqliteStore({ path });
    expect(await reopened.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    expect((await reopened.listSources()).map((s) => s.url)).toEqual(['https://a.example/feed']);
    await reopened.close();
  });

  it('gives its connection a page cache of SQLITE_CACHE_KIB, not the 16 MB better-sqlite3 builds SQLite with', async () => {
    const db = openSqlite(join(root, 'cache.db'));
    const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(db);
    await db.destroy();
    expect(rows).toEqual([{ cache_size: -SQLITE_CACHE_KIB }]);
    expect(new BetterSqlite3(':memory:').pragma('cache_size', { simple: true })).toBe(-16_000);
    expect(SQLITE_CACHE_KIB).toBeLessThan(16_000);
  });

  it('creates a new file with 16 KB pages, and opens and writes an existing file of 4 KB pages as it is', async () => {
    const fresh = join(root, 'fresh.db');
    await (await createSqliteStore({ path: fresh })).close();
    const raw = new BetterSqlite3(fresh);
    expect(raw.pragma('page_size', { simple: true })).toBe(SQLITE_PAGE_SIZE);
    raw.close();

    const old = join(root, 'old-pages.db');
    const before = new BetterSqlite3(old);
    before.pragma('page_size = 4096');
    before.pragma('journal_mode = WAL');
    before.close();
    const store = await createSqliteStore({ path: old });
    await store.addSource({ url: 'https://a.example/feed', name: 'A' });
    await store.close();
    const after = new BetterSqlite3(old);
    expect(after.pragma('page_size', { simple: true })).toBe(4096);
    expect(after.prepare('select count(*) as n from sources').get()).toEqual({ n: 1 });
    after.close();
  });

  it('supports :memory:', async () => {
    const store = await createSqliteStore({ path: ':memory:' });
    expect(store.kind).toBe('sqlite');
    expect(await store.schemaVersion()).toBe(LATEST_SCHEMA_VERSION);
    await store.close();
  });
});
