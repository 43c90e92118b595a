import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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

export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface DigestProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** `digest <args>` as a real process in `cwd` with a clean environment (plus `env`). */
export function startDigest(cwd: string, args: string[], env: Record<string, string> = {}): DigestProcess {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child, exited, output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** `digest serve` on a free loopback port against the SQLite file in `cwd`; resolves once it answers. */
export async function startServe(cwd: string, config: Record<string, unknown>): Promise<{ process: DigestProcess; base: string }> {
  const port = await freePort();
  // JSON is YAML: the config file the process reads.
  writeFileSync(path.join(cwd, 'digest.config.yaml'), JSON.stringify({ database: { sqlitePath: 'digest.db' }, ...config }));
  const serve = startDigest(cwd, ['serve', '--port', String(port), '--host', '127.0.0.1', '--config', 'digest.config.yaml']);
  const base = `http://127.0.0.1:${port}`;
  try {
    await until('digest serve to answer', async () => (serve.output().includes('Web archive at') ? (await fetch(`${base}/`)).status : undefined));
  } catch (error) {
    await serve.stop();
    throw new Error(`${(error as Error).message}\n${serve.output()}`, { cause: error });
  }
  return { process: serve, base };
}
