import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_COMMANDS } from '../../app/cli/command-list.ts';
import { REPO_ROOT } from './cli-process.ts';

/**
 * The modules a `digest …` process loads from the sources, recorded by a module hook preloaded into it (the bundle's
 * own lazy loading is tests/bin/bundle.test.ts's).
 */
function modulesLoadedBy(args: string[], files: Record<string, string> = {}): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'digest-lazy-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const hook = path.join(dir, 'hook.mjs');
  const out = path.join(dir, 'loaded.txt');
  writeFileSync(hook,
    `import { registerHooks } from 'node:module';\nimport { writeFileSync } from 'node:fs';\nconst seen = [];\nregisterHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });\nprocess.on('exit', () => writeFileSync(${
      JSON.stringify(out)
    }, seen.join('\\n')));\n`);
  const run = spawnSync(process.execPath, ['--import', hook, path.join(REPO_ROOT, 'bin/digest.js'), ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, DIGEST_FROM_SOURCE: '1' }, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return readFileSync(out, 'utf8').split('\n').filter((url) => url.startsWith('file:')).map((url) => path.relative(REPO_ROOT, new URL(url).pathname));
}

describe('CLI lazy loading', () => {
  it('`digest --help` and `digest <command> --help` load no dependency and no command module', () => {
    for (const args of [['--help'], ['run', '--help'], ['sources', '--help']]) {
      const loaded = modulesLoadedBy(args);
      expect(loaded.filter((file) => file.includes('node_modules')), args.join(' ')).toEqual([]);
      expect(loaded.filter((file) => file.startsWith('app/cli/commands/')), args.join(' ')).toEqual([]);
      expect(loaded.length, args.join(' ')).toBeLessThan(10);
    }
  });

  it('a console command that reads no feed loads neither the feed parsers, the sanitiser nor the HTTP client', () => {
    const loaded = modulesLoadedBy(['command', 'help']);
    expect(loaded).toContain('app/cli/commands/command.ts');
    for (const pkg of ['linkedom', 'rss-parser', 'undici', '@mozilla/readability']) expect(loaded.filter((f) => f.includes(`node_modules/${pkg}/`)), pkg).toEqual([]);
  });

  it('`digest ingest` of full-content feeds loads neither the LLM SDK, the article DOM, the PostgreSQL client nor the log prettifier', () => {
    const body = 'Interpretability research explains what a network computes, one circuit at a time. '.repeat(40);
    const feed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Notes</title><link>https://notes.example/</link>
      <item><title>Circuits</title><link>https://notes.example/circuits</link><guid>c1</guid><description><![CDATA[<p>${body}</p>]]></description></item>
      </channel></rss>`;
    const config = 'database:\n  sqlitePath: ./digest.db\nsummariser:\n  kind: auto\nsources:\n  - url: ./notes.xml\n    name: Notes\n';
    const loaded = modulesLoadedBy(['ingest', '--config', 'digest.config.yaml'], { 'notes.xml': feed, 'digest.config.yaml': config });
    expect(loaded).toContain('src/ingest/run-ingest.ts');
    for (const pkg of ['openai', 'linkedom', '@mozilla/readability', 'pg', 'pino-pretty']) expect(loaded.filter((f) => f.includes(`node_modules/${pkg}/`)), pkg).toEqual([]);
  });

  it('a command loads its own module when it runs', () => {
    expect(modulesLoadedBy(['migrate'])).toContain('app/cli/commands/migrate.ts');
  });

  it('every listed command module exports the handler its entry loads', async () => {
    for (const command of CLI_COMMANDS) expect(typeof (await command.load()).run, command.name).toBe('function');
  });
});
