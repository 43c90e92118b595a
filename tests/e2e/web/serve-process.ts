import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, startDigest, until, type DigestProcess } from '../run/run-process.ts';

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
