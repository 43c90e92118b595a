import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_V8_FLAGS, relaunchEnvironment, v8FlagsFor } from '../../bin/v8-flags.js';
import { REPO_ROOT } from '../app/cli-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'digest-v8-flags-'));
const probe = path.join(dir, 'probe.mjs');
// Written by every process at exit: the flags it ran with, its pid and V8's heap limit.
writeFileSync(probe,
  "import v8 from 'node:v8';\nimport { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.PROBE_OUT, JSON.stringify({ execArgv: process.execArgv, pid: process.pid, arenas: process.env.MALLOC_ARENA_MAX ?? null, limitMb: v8.getHeapStatistics().heap_size_limit / 1048576 })));\n");
writeFileSync(path.join(dir, 'digest.config.yaml'), 'database:\n  sqlitePath: ./digest.db\nsources: []\n');

interface Probe {
  execArgv: string[];
  arenas: string | null;
  pid: number;
  limitMb: number;
}
function probed(args: string[], env: NodeJS.ProcessEnv = {}): Probe & { spawnedPid: number } {
  const out = path.join(dir, `probe-${Math.random().toString(36).slice(2)}.json`);
  // A launcher that re-executed itself again and again would never exit: killed after the timeout, it fails here.
  const run = spawnSync(process.execPath, ['--import', probe, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, PROBE_OUT: out, ...env }, encoding: 'utf8', timeout: 30_000 });
  expect(run.status, run.error?.message ?? run.stderr).toBe(0);
  return { ...(JSON.parse(readFileSync(out, 'utf8')) as Probe), spawnedPid: run.pid! };
}
const digest = (args: string[], env?: NodeJS.ProcessEnv, nodeFlags: string[] = []) => probed([...nodeFlags, path.join(REPO_ROOT, 'bin/digest.js'), ...args], env);
const INGEST_FLAGS = ['--max-semi-space-size=8', '--heap-growing-percent=30'];

describe('V8 flags per command', () => {
  it('sizes the heap (young generation, old generation growth) for the commands that ingest, and only those', () => {
    expect(Object.keys(COMMAND_V8_FLAGS).sort()).toEqual(['ingest', 'preview', 'run']);
    for (const command of ['run', 'ingest', 'preview']) expect(v8FlagsFor(['node', 'digest.js', command], [], undefined), command).toEqual(INGEST_FLAGS);
    for (const command of ['sources', 'command', 'serve', 'migrate', '--help', 'toString', 'constructor']) expect(v8FlagsFor(['node', 'digest.js', command], [], undefined), command).toEqual([]);
    expect(v8FlagsFor(['node', 'digest.js'], [], undefined)).toEqual([]);
  });

  it('leaves a heap the user sized alone, on the command line or in NODE_OPTIONS', () => {
    expect(v8FlagsFor(['node', 'digest.js', 'run'], ['--max-semi-space-size=64'], undefined)).toEqual([]);
    expect(v8FlagsFor(['node', 'digest.js', 'run'], ['--max-old-space-size=2048'], undefined)).toEqual([]);
    expect(v8FlagsFor(['node', 'digest.js', 'run'], [], '--max_heap_size=900 --trace-gc')).toEqual([]);
    expect(v8FlagsFor(['node', 'digest.js', 'run'], ['--heap-growing-percent=80'], undefined)).toEqual([]);
    expect(v8FlagsFor(['node', 'digest.js', 'run'], ['--trace-gc'], '--enable-source-maps')).toEqual(INGEST_FLAGS);
    // What the re-executed process sees: its own flags, so it never re-executes again.
    expect(v8FlagsFor(['node', 'digest.js', 'ingest'], INGEST_FLAGS, undefined)).toEqual([]);
  });

  it('`digest ingest` re-executes itself once with the flags, in the same process; `digest --help` does not', () => {
    const ingest = digest(['ingest']);
    expect(ingest.execArgv).toEqual([...INGEST_FLAGS, '--import', probe]);
    expect(ingest.pid).toBe(ingest.spawnedPid);
    expect(digest(['--help']).execArgv).toEqual(['--import', probe]);
    expect(digest(['ingest'], { NODE_OPTIONS: '--max-semi-space-size=8' }).execArgv).toEqual(['--import', probe]);
  });

  it('gives the re-executed process at most two malloc arenas, unless the user chose a number', () => {
    expect(relaunchEnvironment({ PATH: '/bin' })).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: '2' });
    expect(relaunchEnvironment({ MALLOC_ARENA_MAX: '8' })).toEqual({ MALLOC_ARENA_MAX: '8' });
    expect(digest(['ingest']).arenas).toBe('2');
    expect(digest(['ingest'], { MALLOC_ARENA_MAX: '4' }).arenas).toBe('4');
    expect(digest(['--help']).arenas).toBeNull();
  });

  it('runs a command whose heap the user sized on the node command line with their flags only, unrelaunched', () => {
    const sized = digest(['ingest'], {}, ['--max-old-space-size=300']);
    expect(sized.execArgv).toEqual(['--import', probe, '--max-old-space-size=300']);
    expect(sized.pid).toBe(sized.spawnedPid);
    const growth = digest(['ingest'], {}, ['--heap-growing-percent=80']);
    expect(growth.execArgv).toEqual(['--import', probe, '--heap-growing-percent=80']);
    // Another command's own flags are passed through untouched, and nothing is added to them.
    expect(digest(['--help'], {}, ['--trace-warnings']).execArgv).toEqual(['--import', probe, '--trace-warnings']);
  });

  it("keeps the old generation's limit (what a process that outgrows its heap dies of) at V8's default", () => {
    // heap_size_limit is the old generation's limit plus the young generation's reservation of three semi-spaces:
    // two explicit semi-space sizes show the reservation, and what is left is the same old-generation limit.
    const at16 = probed(['--max-semi-space-size=16', '-e', '0']).limitMb;
    const at32 = probed(['--max-semi-space-size=32', '-e', '0']).limitMb;
    expect(at32 - at16).toBe(3 * 16);
    const oldGeneration = at16 - 3 * 16;
    expect(digest(['ingest']).limitMb - 3 * 8).toBe(oldGeneration);
    // Without any flag V8 picks its own semi-space size; the old generation's limit is the same whatever that is.
    const byDefault = probed(['-e', '0']).limitMb;
    expect((byDefault - oldGeneration) % 3).toBe(0);
    expect((byDefault - oldGeneration) / 3).toBeGreaterThanOrEqual(16);
  });
});
