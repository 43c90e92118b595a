import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase } from 'kysely';
import { DigestError } from '../errors.ts';
import type { Database } from './db-schema.ts';
import { FifoSqliteDialect } from './fifo-sqlite-dialect.ts';
import { assertSqliteWritable, classifyStoreError } from './store-faults.ts';

/** How long a write waits for another process's lock on the file before it reports the database locked. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/** Bytes per page of a database this creates. */
export const SQLITE_PAGE_SIZE = 16_384;

/** KiB of page cache per connection (a negative cache_size is KiB). */
export const SQLITE_CACHE_KIB = 4_096;

/** Opens (creating it and its directory on first run) a SQLite file, or ':memory:'. */
export function openSqlite(path: string, options: { busyTimeoutMs?: number } = {}): Kysely<Database> {
  let database: BetterSqlite3.Database;
  try {
    if (path !== ':memory:' && path !== '') {
      mkdirSync(dirname(path), { recursive: true });
      assertSqliteWritable(path);
    }
    database = new BetterSqlite3(path);
    // A new database gets 16 KB pages (an existing one keeps its own: SQLite fixes the size when the file is
    // created). A piece's text and HTML run to tens of KB, so on 4 KB pages each row was a chain of overflow
    // pages: 16 KB pages halve the time a cold ingest spends writing, for a file 5% larger.
    database.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
    // WAL lets readers (e.g. `digest preview`) run while the bot writes.
    database.pragma('journal_mode = WAL');
    // With WAL, NORMAL syncs at checkpoints instead of every commit: an app crash loses nothing, a power
    // cut at worst the last commits — and ingest no longer pays an fsync per stored item.
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    // better-sqlite3 builds SQLite with a 16 MB page cache per connection (SQLite's own default is 2 MB). Ingest writes
    // each page once and reads only index pages back; the OS file cache serves the rest. 16 MB of it was 15 MB of a
    // cold 200-feed ingest's peak RSS (docs/ingest.md), and no query ran measurably slower with 4 MB.
    database.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
    database.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS))}`);
  } catch (error) {
    const fault = classifyStoreError(error, { kind: 'sqlite', label: path });
    if (fault !== undefined && fault.fault !== 'unavailable') throw fault;
    throw new DigestError(`cannot open the SQLite database at ${path}: ${(error as Error).message}`, {
      code: 'store-unavailable',
      hint: 'Check that the directory is writable and the file is a SQLite database, or set database.sqlitePath / DATABASE_URL.',
      cause: error,
    });
  }
  return new Kysely<Database>({ dialect: new FifoSqliteDialect({ database: withStatementCache(database) }) });
}

/** Distinct SQL texts kept prepared; the store issues a few dozen, so this never evicts in practice. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew, and preparing dominated ingest's profile on SQLite. The store's
 * SQL texts repeat (parameters are bound), so each is prepared once and reused.
 */
function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase & { readonly inTransaction: boolean } {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    // Read by the dialect to know whether SQLite already rolled a failed transaction back.
    get inTransaction() {
      return database.inTransaction;
    },
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

/** "host:port/database" for messages: never the user's password, never the raw URL. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default database)';
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}/${database}`;
  } catch {
    return 'an unparseable PostgreSQL URL';
  }
}

function passwordOf(url: string): string | undefined {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password === '' ? undefined : password;
  } catch {
    return undefined;
  }
}

/** Connects to PostgreSQL and proves the connection with one query, so a bad URL fails at start-up. */
export async function openPostgres(url: string): Promise<Kysely<Database>> {
  const where = describePostgresUrl(url);
  // Loaded here, not at start-up: a SQLite deployment never needs the PostgreSQL client.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => {});
    let reason = error instanceof Error ? error.message : String(error);
    const password = passwordOf(url);
    if (password) reason = reason.split(password).join('[redacted]');
    throw new DigestError(`cannot connect to PostgreSQL at ${where}: ${reason}`, {
      code: 'store-unavailable',
      hint: 'Check that the server is running and DATABASE_URL has the right host, port, database, user and password; unset DATABASE_URL to use the embedded SQLite file.',
    });
  }
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
