import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dispatchText } from '../../commands/dispatch.ts';
import { openSqlite } from '../../src/store/connect.ts';
import { createKyselyStore } from '../../src/store/kysely-store.ts';
import { migrateDatabase } from '../../src/store/migrate.ts';
import { createPostgresStore } from '../../src/store/postgres-store.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { StoreFaultError, withStoreFaults } from '../../src/store/store-faults.ts';
import type { Store } from '../../src/store/store.ts';
import { runCli } from '../app/cli-process.ts';
import { servicesFor } from '../e2e/slack/slack-harness.ts';
import { postgresBackend, postgresUrl } from '../deliver/delivery-harness.ts';
import { at, makeDigest, makeDigestPiece, ref, settings } from './contract/fixtures.ts';

const root = mkdtempSync(path.join(tmpdir(), 'digest-faults-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const isRoot = process.getuid?.() === 0;

/** A tmpfs of `size` mounted at a fresh directory when this process may mount one (root), else undefined. */
function tinyTmpfs(size: string): { dir: string; remount(options: string): void; unmount(): void } | undefined {
  // DIGEST_TEST_NO_MOUNT=1 runs the fallbacks (permissions, an injected SQLITE_FULL) even where mounting works.
  if (!isRoot || process.platform !== 'linux' || process.env['DIGEST_TEST_NO_MOUNT'] === '1') return undefined;
  const dir = mkdtempSync(path.join(root, 'tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return {
    dir,
    remount: (options) => execFileSync('mount', ['-o', `remount,${options}`, dir], { stdio: 'ignore' }),
    unmount: () => execFileSync('umount', [dir], { stdio: 'ignore' }),
  };
}

/**
 * Without a mount: permissions for an ordinary user; root ignores those, so an immutable file (chattr +i) instead.
 * Undone after the test.
 */
function makeReadOnly(file: string, dir: string): void {
  if (isRoot) {
    execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
    cleanups.push(() => execFileSync('chattr', ['-i', file], { stdio: 'ignore' }));
    return;
  }
  chmodSync(file, 0o444);
  chmodSync(dir, 0o555);
  cleanups.push(() => makeWritable(file, dir));
}

function makeWritable(file: string, dir: string): void {
  if (isRoot) {
    execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
    return;
  }
  chmodSync(dir, 0o755);
  chmodSync(file, 0o644);
}

async function faultOf(work: Promise<unknown>): Promise<StoreFaultError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(StoreFaultError);
  return error as StoreFaultError;
}

const digest = (id: string, minutes: number) =>
  makeDigest(id, 'discord:g1:c1', at(minutes), [makeDigestPiece(1, `${id}-p1`, { summary: { summary: 'x'.repeat(20_000), whyItMatters: null, whatToBuild: null, keyTakeaways: ['a', 'b', 'c'] } })]);

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('a read-only database', () => {
  it('is a coded error naming the file and the fix, before SQLite maps anything; nothing recorded is lost', async () => {
    const mount = tinyTmpfs('8m');
    const dir = mount?.dir ?? mkdtempSync(path.join(root, 'ro-'));
    const file = path.join(dir, 'digest.db');
    const store = await createSqliteStore({ path: file });
    await store.saveDigest(digest('kept', 0));
    await store.close();
    if (mount !== undefined) {
      // A read-only mount: as root, file permissions alone would not stop a write.
      mount.remount('ro');
      cleanups.push(() => mount.unmount());
    } else {
      makeReadOnly(file, dir);
    }
    console.info(`read-only database test: ${mount !== undefined ? 'a read-only tmpfs mount' : isRoot ? 'an immutable file (chattr +i)' : 'file and directory permissions'}`);
    const fault = await faultOf(createSqliteStore({ path: file }));
    expect(fault).toMatchObject({ fault: 'read-only', code: 'store-unavailable' });
    expect(fault.message).toContain(file);
    expect(fault.hint).toMatch(/writable/);
    if (mount !== undefined) mount.remount('rw');
    else makeWritable(file, dir);
    const again = await createSqliteStore({ path: file });
    expect((await again.getDigest('kept'))?.pieces).toHaveLength(1);
    await again.close();
  });

  it('makes `digest preview` exit 1 with that message, not an "unexpected error"', async () => {
    const cwd = mkdtempSync(path.join(root, 'cli-'));
    const file = path.join(cwd, 'data', 'digest.db');
    mkdirSync(path.dirname(file), { recursive: true });
    await (await createSqliteStore({ path: file })).close();
    const mount = tinyTmpfs('4m');
    let dbPath = file;
    if (mount !== undefined) {
      dbPath = path.join(mount.dir, 'digest.db');
      await (await createSqliteStore({ path: dbPath })).close();
      mount.remount('ro');
      cleanups.push(() => mount.unmount());
    } else {
      makeReadOnly(file, path.dirname(file));
    }
    writeFileSync(path.join(cwd, 'digest.config.yaml'), `database:\n  sqlitePath: ${JSON.stringify(dbPath)}\n`);
    const run = await runCli(['preview'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`the SQLite database ${dbPath} is read-only`);
    expect(run.stderr).not.toMatch(/unexpected error|This is a bug/);
  });
});

describe('a corrupt database', () => {
  it('that is not SQLite at all is named, with how to recover', async () => {
    const file = path.join(mkdtempSync(path.join(root, 'corrupt-')), 'digest.db');
    writeFileSync(file, 'this is not a database, it is a note someone saved over it\n'.repeat(200));
    const fault = await faultOf(createSqliteStore({ path: file }));
    expect(fault).toMatchObject({ fault: 'corrupt' });
    expect(fault.message).toContain(file);
    expect(fault.hint).toMatch(/backup|\.recover/);
  });

  it('that is damaged inside reports the damage from the query that meets it', async () => {
    const file = path.join(mkdtempSync(path.join(root, 'corrupt-')), 'digest.db');
    const store = await createSqliteStore({ path: file });
    for (let i = 0; i < 20; i++) await store.saveDigest(digest(`d${i}`, i));
    await store.close();
    // Overwrite 128 KB from the 4 KB mark (the rest of the schema page, and the tables after it) with garbage.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(128 * 1024, 0x5a), 0, 128 * 1024, 4096);
    closeSync(fd);
    // Met when opening (SQLite reads the schema) or by the first query that reads a damaged page.
    const fault = await faultOf((async () => {
      const damaged = await createSqliteStore({ path: file, migrate: false });
      try {
        for (let i = 0; i < 20; i++) await damaged.getDigest(`d${i}`);
        await damaged.listDigests('discord:g1:c1', { limit: 100 });
      } finally {
        await damaged.close();
      }
    })());
    expect(fault.fault).toBe('corrupt');
    expect(fault.message).toContain(file);
  });
});

describe('a full disk', () => {
  it('is reported as a full disk (not "cannot rollback"), keeps what was recorded, and reads still answer', async () => {
    const mount = tinyTmpfs('4m');
    let store: Store;
    let makeRoom: () => void;
    if (mount !== undefined) {
      cleanups.push(() => mount.unmount());
      store = await createSqliteStore({ path: path.join(mount.dir, 'digest.db') });
      // Something else fills the disk.
      const filler = path.join(mount.dir, 'filler');
      makeRoom = () => rmSync(filler);
      await store.ensureChannel(ref, settings);
      await store.saveDigest(digest('kept', 0));
      const fd = openSync(filler, 'w');
      try {
        for (;;) writeSync(fd, Buffer.alloc(64 * 1024));
      } catch {
        // ENOSPC: the disk is full now.
      } finally {
        closeSync(fd);
      }
    } else {
      // No tmpfs here: SQLite's own page limit gives the same SQLITE_FULL from the same code path.
      const file = path.join(mkdtempSync(path.join(root, 'full-')), 'digest.db');
      const db = openSqlite(file);
      await migrateDatabase(db, 'sqlite');
      store = withStoreFaults(createKyselyStore(db, 'sqlite'), { kind: 'sqlite', label: file });
      await store.ensureChannel(ref, settings);
      await store.saveDigest(digest('kept', 0));
      const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]?.page_count);
      await sql.raw(`pragma max_page_count = ${pages + 2}`).execute(db);
      makeRoom = () => void sql.raw('pragma max_page_count = 1073741823').execute(db);
    }
    console.info(`disk-full test: ${mount !== undefined ? 'a real 4 MB tmpfs, filled' : 'SQLITE_FULL injected with max_page_count'}`);
    try {
      const fault = await faultOf((async () => {
        for (let i = 1; i < 200; i++) await store.saveDigest(digest(`new${i}`, i));
      })());
      expect(fault.fault).toBe('full');
      expect(fault.message).toMatch(/is full/);
      expect(fault.message).not.toMatch(/cannot rollback/);
      // Reads still answer, and what was recorded before is whole.
      expect((await store.getDigest('kept'))?.pieces[0]?.summary.summary).toHaveLength(20_000);
      const reply = await dispatchText('latest', { channel: ref, user: { id: 'u', isAdmin: async () => false }, services: servicesFor(store) });
      expect(reply.kind).toBe('ok');
      if (mount !== undefined) {
        // A real full disk refuses even a small update (the write-ahead log cannot grow); a page limit would not.
        const refused = await dispatchText('settings pieces 3', { channel: ref, user: { id: 'u', isAdmin: async () => true }, services: servicesFor(store) });
        expect(refused).toMatchObject({ kind: 'error', text: expect.stringMatching(/disk .* is full/) });
      }
      // Once there is room again, writes go through.
      makeRoom();
      await store.saveDigest(digest('after', 500));
      expect(await store.getDigest('after')).toBeDefined();
    } finally {
      await store.close();
    }
  });
});

describe('a locked database', () => {
  it('is reported as locked by another process, with the fix', async () => {
    const file = path.join(mkdtempSync(path.join(root, 'locked-')), 'digest.db');
    const store = await createSqliteStore({ path: file, busyTimeoutMs: 50 });
    const other = new BetterSqlite3(file);
    cleanups.push(() => other.close());
    other.exec('begin exclusive');
    try {
      const fault = await faultOf(store.ensureChannel(ref, settings));
      expect(fault.fault).toBe('locked');
      expect(fault.message).toContain(file);
      expect(fault.hint).toMatch(/another|second `digest run`/);
    } finally {
      other.exec('rollback');
      await store.close();
    }
    expect(existsSync(file)).toBe(true);
  });
});

describe.skipIf(postgresUrl === undefined)('a read-only PostgreSQL database', () => {
  it('is a coded error naming host:port/database, never the URL', async () => {
    const backend = postgresBackend(postgresUrl!);
    cleanups.push(() => void backend.cleanup());
    const open = await backend.freshDatabase();
    await (await open()).close();
    const name = new URL(postgresUrl!);
    // Every new session of that database starts read-only, as on a hot standby.
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    const databases = await client.query<{ datname: string }>("select datname from pg_database where datname like 'digest_deliver_%' order by oid desc limit 1");
    const database = databases.rows[0]!.datname;
    await client.query(`alter database ${database} set default_transaction_read_only = on`);
    await client.end();
    name.pathname = `/${database}`;
    const readOnly = await createPostgresStore({ url: name.toString(), migrate: false });
    try {
      const fault = await faultOf(readOnly.ensureChannel(ref, settings));
      expect(fault.fault).toBe('read-only');
      expect(fault.message).toContain(`/${database}`);
      expect(fault.message).not.toContain('postgres://');
    } finally {
      await readOnly.close();
    }
  });
});
