import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server URL for the store contract suite; absent when none could be started. */
    postgresUrl?: string;
    /** Why there is no postgresUrl, printed by the skipped suite. */
    postgresSkipReason?: string;
  }
}

/** The newest Debian PostgreSQL bin directory holding initdb and pg_ctl. */
function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return undefined;
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Vitest globalSetup: provides TEST_DATABASE_URL when set, otherwise starts a throwaway PostgreSQL
 * cluster in a temp dir on a loopback port (about a second) and removes it in teardown.
 */
export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (fromEnv) {
    project.provide('postgresUrl', fromEnv);
    return undefined;
  }
  const bin = findPostgresBin();
  if (!bin) {
    project.provide('postgresSkipReason', 'no TEST_DATABASE_URL and no PostgreSQL binaries under /usr/lib/postgresql/*/bin (run the tests through scripts/with-postgres.sh)');
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'digest-pg-'));
  const dataDir = join(dir, 'data');
  // initdb and postgres refuse to run as root: run them as the postgres OS user, who must own the dir.
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]): void => {
    const [file, argv] = asRoot ? ['/usr/sbin/runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    execFileSync(file, argv, { stdio: 'pipe' });
  };
  try {
    if (asRoot) {
      const pgUid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const pgGid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(dir, pgUid, pgGid);
    }
    run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    const port = await freeLoopbackPort();
    run(join(bin, 'pg_ctl'), [
      '-D',
      dataDir,
      '-l',
      join(dir, 'server.log'),
      '-w',
      'start',
      '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c wal_level=minimal -c max_wal_senders=0`,
    ]);
    project.provide('postgresUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    rmSync(dir, { recursive: true, force: true });
    project.provide('postgresSkipReason', `could not start a throwaway PostgreSQL from ${bin}: ${stderr || (error as Error).message}`);
    return undefined;
  }
  return () => {
    try {
      run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
