import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { seedArchive, type SeededArchive } from '../adapters/web/archive-fixture.ts';
import { runCli } from './cli-process.ts';

let cwd: string;
let seeded: SeededArchive;
beforeAll(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'digest-site-cli-'));
  const store = await createSqliteStore({ path: path.join(cwd, 'digest.db') });
  seeded = await seedArchive(store);
  await store.close();
  writeFileSync(path.join(cwd, 'digest.config.yaml'), JSON.stringify({ database: { sqlitePath: 'digest.db' }, web: { publicUrl: 'https://digests.example.org/team' } }));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('digest site', () => {
  it('build writes the static archive, then updates only what changed', async () => {
    const first = await runCli(['site', 'build', 'public'], { cwd });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^public: 38 files for 2 channels — 38 written, 0 unchanged, 0 removed\./m);
    expect(readFileSync(path.join(cwd, `public/c/${seeded.token}/2026-03-02/index.html`), 'utf8')).toContain('AI Research Digest — 2 March 2026');
    const second = await runCli(['site', 'build', 'public'], { cwd });
    expect(second.stdout).toContain('0 written, 38 unchanged, 0 removed');
  });

  it("urls lists each channel's visibility and full address", async () => {
    const run = await runCli(['site', 'urls'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`slack:T0ACME:C0RESEARCH  private  https://digests.example.org/team/c/${seeded.token}/`);
    expect(run.stdout).toContain(`discord:111111111111111111:222222222222222222  public  https://digests.example.org/team/c/${seeded.publicSlug}/`);
    expect(run.stdout).toContain('slack:T0OTHER:C0SECRET  off  (off)');
  });

  it('refuses wrong arguments with the usage, exit 2', async () => {
    for (const args of [['site', 'publish'], ['site', 'build', 'a', 'b']]) {
      const run = await runCli(args, { cwd });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('Usage: digest site build <dir>');
    }
  });

  it('refuses to build into a directory it did not make', async () => {
    writeFileSync(path.join(cwd, 'notes.txt'), 'mine');
    const run = await runCli(['site', 'build', '.'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not empty and was not made by `digest site build`');
    expect(existsSync(path.join(cwd, 'index.html'))).toBe(false);
  });
});

describe('digest serve', () => {
  let blocker: Server;
  let port: number;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('a port in use is a clear error, exit 1; a bad --port is a usage error, exit 2', async () => {
    const busy = await runCli(['serve', '--port', String(port), '--host', '127.0.0.1'], { cwd });
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain(`cannot serve the web archive on 127.0.0.1:${port}: port ${port} is already in use`);
    expect(busy.stderr).toContain('web.port');
    const bad = await runCli(['serve', '--port', 'eighty'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--port must be a port number');
  });
});
