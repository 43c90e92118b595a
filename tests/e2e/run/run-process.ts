import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../../app/cli-process.ts';

const MAIN = path.join(REPO_ROOT, 'app/cli/main.ts');

/** A port nobody is listening on right now (bound, read, released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` every 100 ms until it yields a value. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Bot {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** A `digest` process that can also be stopped politely. */
export interface DigestProcess extends Bot {
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** `digest <args>` as a real process in `cwd`, with only PATH, HOME and `env` set. */
export function startDigest(cwd: string, args: string[], env: Record<string, string> = {}): DigestProcess {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** `digest run --config digest.config.yaml` as a real process in `cwd`, with only PATH, HOME and `env` set. */
export function startBot(cwd: string, env: Record<string, string>): Bot {
  return startDigest(cwd, ['run', '--config', 'digest.config.yaml'], env);
}

/** The JSON log lines a bot printed (its other lines are the CLI's own). */
export function logLines(output: string): { level: number; msg: string; [key: string]: unknown }[] {
  return output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string });
}

/** GET /healthz on the bot's health port. */
export async function health(port: number): Promise<{ status: number; body: { status: string; ready: boolean; checks: Record<string, { ok: boolean; detail: string; kind?: string }> } }> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: response.status, body: await response.json() as never };
}
