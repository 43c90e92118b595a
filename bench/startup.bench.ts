// CLI start-up: wall time and peak RSS of `digest --help` and of a console `digest command help`, each a fresh
// process through the real entry (bin/digest.js), against bare `node -e 0` measured the same way in the same run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { currentBundle } from '../bin/bundle.js';
import type { BenchResult } from './bench-result.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/digest.js');
const RUNS = 9;
const TARGET = { helpMs: 150, helpMb: 80 };

interface Sample {
  ms: number;
  rssMb: number;
}

/**
 * One process, timed from spawn to exit. Its peak RSS comes from its own VmHWM at exit, written by a preload
 * that every measured process gets (the reference too), so the preload's small cost cancels out in the ratios.
 */
function measure(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; preload: string; out: string }): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', options.preload, ...args], { cwd: options.cwd, env: { ...options.env, STARTUP_BENCH_OUT: options.out }, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}`));
      resolve({ ms, rssMb: Number(readFileSync(options.out, 'utf8')) / 1024 });
    });
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'digest-startup-bench-'));
  const preload = path.join(dir, 'max-rss.mjs');
  // VmHWM, the high-water mark of this process's own memory since it started: getrusage's maxRSS also counts what a
  // child inherits at exec from the process that forked it (here the bench, large after the ingest benches).
  writeFileSync(preload,
    "import { readFileSync, writeFileSync } from 'node:fs';\nconst peakKb = () => { try { return Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]); } catch { return process.resourceUsage().maxRSS; } };\n"
      + "process.on('exit', () => writeFileSync(process.env.STARTUP_BENCH_OUT, String(peakKb())));\n");
  const cache = path.join(dir, 'compile-cache');
  // A clean environment (no tokens, no LLM): the console command runs the embedded default in `dir`.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, NODE_COMPILE_CACHE: cache };
  const cold: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, NODE_DISABLE_COMPILE_CACHE: '1' };
  const cases = [
    { name: 'node -e 0 (reference)', args: ['-e', '0'], env },
    { name: 'digest --help', args: [BIN, '--help'], env },
    { name: 'digest --help, no compile cache', args: [BIN, '--help'], env: cold },
    { name: 'digest command help', args: [BIN, 'command', 'help'], env },
    { name: 'digest command help, from the sources', args: [BIN, 'command', 'help'], env: { ...env, DIGEST_FROM_SOURCE: '1' } },
  ];
  const entry = currentBundle() === null ? 'the sources (no current bundle: npm run build)' : 'the bundle (dist/)';
  try {
    // Warm-up: the OS file cache, Node's compile cache, and the console command's database (migrated once).
    for (const c of cases) await measure(c.args, { cwd: dir, env: c.env, preload, out: path.join(dir, 'rss') });
    const samples = new Map<string, Sample[]>(cases.map((c) => [c.name, []]));
    // Interleaved, so load from other processes on this shared machine falls on every case alike.
    for (let i = 0; i < RUNS; i++) {
      for (const c of cases) samples.get(c.name)!.push(await measure(c.args, { cwd: dir, env: c.env, preload, out: path.join(dir, 'rss') }));
    }
    const figures = new Map([...samples].map(([name, s]) => [name, { ms: median(s.map((x) => x.ms)), rssMb: median(s.map((x) => x.rssMb)) }]));
    const reference = figures.get('node -e 0 (reference)')!;
    const results: BenchResult[] = [];
    for (const [name, f] of figures) {
      const help = name === 'digest --help';
      results.push({ name: `${name}: wall time`, value: round(f.ms), unit: 'ms', ...(help ? { target: `< ${TARGET.helpMs} ms`, ok: f.ms < TARGET.helpMs } : {}),
        ...(name === 'node -e 0 (reference)' ? { note: `median of ${RUNS} runs each, interleaved, one fresh process per run; node ${process.version}; digest runs ${entry}` } : {}) });
      results.push({ name: `${name}: peak RSS`, value: round(f.rssMb), unit: 'MB', ...(help ? { target: `< ${TARGET.helpMb} MB`, ok: f.rssMb < TARGET.helpMb } : {}) });
      if (name !== 'node -e 0 (reference)') {
        results.push({ name: `${name}: time / reference`, value: Math.round((f.ms / reference.ms) * 100) / 100, unit: '×' });
        results.push({ name: `${name}: RSS over reference`, value: round(f.rssMb - reference.rssMb), unit: 'MB' });
      }
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n: number): number => Math.round(n * 10) / 10;
