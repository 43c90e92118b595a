import { closeSync, constants, existsSync, openSync, accessSync } from 'node:fs';
import { dirname } from 'node:path';
import { DigestError } from '../errors.ts';
import type { Store } from './store.ts';

/** What is wrong with the database, whatever the backend said. */
export type StoreFault = 'read-only' | 'full' | 'locked' | 'corrupt' | 'unavailable';

/** Where the database is, for messages: the SQLite file, or PostgreSQL's host:port/database (never the URL). */
export interface StoreLocation {
  kind: 'sqlite' | 'postgres';
  label: string;
}

/**
 * The database cannot do what was asked, for a reason outside the bot: read-only, full, locked by another
 * process, corrupt or unreachable. The message names the database and what happened; the hint says how to fix it.
 * Everything recorded before the failed write is intact: each write is one transaction, rolled back whole.
 */
export class StoreFaultError extends DigestError {
  readonly fault: StoreFault;
  readonly where: StoreLocation;
  constructor(fault: StoreFault, where: StoreLocation, detail: string, cause?: unknown) {
    const { message, hint } = describeFault(fault, where, detail);
    super(message, { code: 'store-unavailable', hint, ...(cause === undefined ? {} : { cause }) });
    this.fault = fault;
    this.where = where;
  }
}

function describeFault(fault: StoreFault, where: StoreLocation, detail: string): { message: string; hint: string } {
  const db = where.kind === 'sqlite' ? `the SQLite database ${where.label}` : `the PostgreSQL database ${where.label}`;
  switch (fault) {
    case 'read-only':
      return {
        message: `${db} is read-only (${detail}), so nothing new can be recorded`,
        hint: where.kind === 'sqlite'
          ? 'Make the file, its -wal and -shm files and their directory writable by the user running the bot (and not on a read-only mount), or set database.sqlitePath to a writable place.'
          : 'Connect to a writable primary (not a read-only replica) and check default_transaction_read_only, or fix DATABASE_URL.',
      };
    case 'full':
      return {
        message: `the disk holding ${db} is full (${detail}); the last change was not saved, and everything recorded before it is intact`,
        hint: where.kind === 'sqlite' ? 'Free space on that disk, or move database.sqlitePath to a larger one; the bot carries on once there is room.' : 'Free space on the database server’s disk; the bot carries on once there is room.',
      };
    case 'locked':
      return {
        message: `${db} is locked by another process (${detail})`,
        hint: where.kind === 'sqlite'
          ? 'Stop the other process using the file (a second `digest run`?), or use PostgreSQL (DATABASE_URL) to run several instances on one database.'
          : 'Look for a long transaction holding locks on the server; the bot retries on its next cycle.',
      };
    case 'corrupt':
      return {
        message: `${db} is damaged (${detail})`,
        hint: where.kind === 'sqlite'
          ? 'Restore it from a backup, or move the file aside (keeping it: `sqlite3 FILE .recover` may save its contents) and start again; the bot creates a new database.'
          : 'Restore the database from a backup; the server log says which relation is damaged.',
      };
    case 'unavailable':
      return {
        message: `${db} cannot be used right now (${detail})`,
        hint: where.kind === 'sqlite' ? 'Check the disk and that the file is reachable, then restart.' : 'Check that the server is running and reachable; the bot retries on its next cycle.',
      };
  }
}

/** SQLite result codes (better-sqlite3 `SqliteError.code`) by fault; extended codes match their primary code's prefix. */
const SQLITE_FAULTS: [RegExp, StoreFault, string][] = [
  [/^SQLITE_(READONLY|PERM)/, 'read-only', 'the database refuses writes'],
  [/^SQLITE_FULL/, 'full', 'database or disk is full'],
  [/^SQLITE_IOERR_SHMSIZE/, 'full', 'no room to grow the write-ahead log index'],
  [/^SQLITE_(BUSY|LOCKED)/, 'locked', 'still busy after waiting'],
  [/^SQLITE_(CORRUPT|NOTADB)/, 'corrupt', 'not a SQLite database, or a malformed one'],
  [/^SQLITE_(CANTOPEN|IOERR)/, 'unavailable', 'cannot open or read the file'],
];

/** PostgreSQL SQLSTATE classes and codes by fault. */
const POSTGRES_FAULTS: [RegExp, StoreFault, string][] = [
  [/^25006$/, 'read-only', 'read-only transaction'],
  [/^53100$/, 'full', 'disk full'],
  [/^(55P03|40P01)$/, 'locked', 'lock not available'],
  [/^(XX001|XX002)$/, 'corrupt', 'data corrupted'],
  [/^(08|57P|53300)/, 'unavailable', 'connection lost or refused'],
];

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

/** The fault an error from better-sqlite3 or pg stands for; undefined for anything else (a constraint, a bug). */
export function classifyStoreError(error: unknown, where: StoreLocation): StoreFaultError | undefined {
  if (error instanceof StoreFaultError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const table = where.kind === 'sqlite' ? SQLITE_FAULTS : POSTGRES_FAULTS;
  const match = table.find(([pattern]) => pattern.test(code));
  const raw = error instanceof Error ? error.message : String(error);
  if (match !== undefined) return new StoreFaultError(match[1], where, `${raw} [${code}]`, error);
  if (NETWORK.has(code)) return new StoreFaultError('unavailable', where, `${raw} [${code}]`, error);
  return undefined;
}

/**
 * Every method of the store reports a fault as a StoreFaultError, never a driver error: the CLI prints it with its
 * fix and exits, `digest run` logs it and keeps serving what it can (a read still answers when writes cannot).
 */
export function withStoreFaults(store: Store, where: StoreLocation): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.catch((error: unknown) => {
          throw classifyStoreError(error, where) ?? error;
        });
      };
    },
  });
}

/**
 * Before SQLite opens a file: a database that cannot be written (permissions, a read-only mount, an immutable file)
 * is reported as such, with its name and the fix, instead of failing later on the first write, or worse: SQLite in
 * WAL mode maps the -shm index into memory, and a mapping of a file that cannot grow ends the process with SIGBUS,
 * with no log line.
 */
export function assertSqliteWritable(path: string): void {
  const where: StoreLocation = { kind: 'sqlite', label: path };
  const check = (file: string, mode: 'file' | 'directory'): void => {
    try {
      accessSync(file, constants.W_OK);
      // access() passes for root whatever the permissions; an immutable file or a read-only mount still refuses this.
      if (mode === 'file') closeSync(openSync(file, 'r+'));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EACCES';
      if (code === 'ENOENT') return;
      const why = code === 'EROFS' ? `${file} is on a read-only file system` : `${mode === 'file' ? file : `its directory ${file}`} is not writable (${code})`;
      throw new StoreFaultError('read-only', where, why, error);
    }
  };
  check(path, 'file');
  check(dirname(path), 'directory');
  for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) check(path + suffix, 'file');
}
