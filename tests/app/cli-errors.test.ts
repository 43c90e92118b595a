import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-process.ts';

describe('digest CLI errors', () => {
  it('a malformed config prints one line per problem and exits 2 without a stack trace', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-cli-'));
    writeFileSync(path.join(cwd, 'digest.config.yaml'), 'sources:\n  - url: a.xml\n  - url: b.xml\n  - url: "htp://x"\nselection:\n  pieces: 40\n');
    const run = await runCli(['preview'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('sources[2].url: "htp://x" is not an http(s) URL or a file path');
    expect(run.stderr).toContain('selection.pieces: 40 is more than the maximum 10');
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(run.stdout).toBe('');
  });

  it('unknown commands and bad arguments exit 2 with the usage', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-cli-'));
    const unknown = await runCli(['frobnicate'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const badFlag = await runCli(['preview', '--pieces', 'many'], { cwd });
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('--pieces must be a whole number from 1 to 10');
  });

  it('migrate creates the database and applies migrations once', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-cli-'));
    const first = await runCli(['migrate'], { cwd });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/migrated from version 0 to \d+/);
    const second = await runCli(['migrate'], { cwd });
    expect(second.stdout).toMatch(/schema is up to date \(version \d+\)/);
  });

  it('every subcommand answers --help', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'digest-cli-'));
    for (const name of ['run', 'preview', 'ingest', 'sources', 'command', 'migrate']) {
      const run = await runCli([name, '--help'], { cwd });
      expect(run.code, name).toBe(0);
      expect(run.stdout, name).toContain(`Usage: digest ${name}`);
    }
  });
});
