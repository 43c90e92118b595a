// Runs a command as a child process and measures its wall time and peak RSS as the operating system counts them.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ProcessFigures {
  wallMs: number;
  /** Peak resident set size in MB (the kernel's maxrss via GNU time, else VmHWM sampled from /proc). */
  peakMb: number;
  /** User + system CPU seconds (GNU time); null without it. On a shared machine this moves less than wall time. */
  cpuS: number | null;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';

/** Runs `command args…` with `env`, returning its wall time, peak RSS and output. */
export async function measureProcess(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<ProcessFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-proc-'));
  const timeFile = path.join(dir, 'time');
  const useTime = existsSync(GNU_TIME);
  const [cmd, argv] = useTime ? [GNU_TIME, ['-f', '%M %U %S', '-o', timeFile, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(cmd, argv, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  // Without GNU time, VmHWM (the high-water mark) read until exit is the peak up to the last sample.
  let sampledKb = 0;
  const sample = (): void => {
    try {
      const kb = Number(/VmHWM:\s*(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
      if (kb > sampledKb) sampledKb = kb;
    } catch {
      // the process is gone
    }
  };
  const timer = useTime ? null : setInterval(sample, 10);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const wallMs = performance.now() - started;
  if (timer) clearInterval(timer);
  let peakKb = sampledKb;
  let cpuS: number | null = null;
  if (useTime) {
    const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
    const [kb, user, system] = lines[lines.length - 1]!.split(' ').map(Number);
    peakKb = kb!;
    cpuS = user! + system!;
  }
  rmSync(dir, { recursive: true, force: true });
  return { wallMs, peakMb: Math.round(peakKb / 1024), cpuS, exitCode, stdout, stderr };
}
