import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { currentBundle } from '../../bin/bundle.js';
import { build } from '../../scripts/build.js';
import { REPO_ROOT } from '../app/cli-process.ts';

/** A repository of two files and a bundle built from them, as scripts/build.js leaves it. */
function fakeRepository(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'digest-bundle-'));
  mkdirSync(path.join(root, 'dist'));
  writeFileSync(path.join(root, 'a.ts'), 'export const a = 1;\n');
  writeFileSync(path.join(root, 'package-lock.json'), '{}\n');
  const inputs = ['a.ts', 'package-lock.json'].map((file) => {
    const stat = statOf(path.join(root, file));
    return { file, size: stat.size, mtimeMs: stat.mtimeMs };
  });
  writeFileSync(path.join(root, 'dist', 'manifest.json'), JSON.stringify({ entry: 'digest.js', inputs }));
  return root;
}
const statOf = (file: string) => {
  const { size, mtimeMs } = JSON.parse(execFileSync(process.execPath, ['-e', `const s = require('fs').statSync(${JSON.stringify(file)}); console.log(JSON.stringify({ size: s.size, mtimeMs: s.mtimeMs }))`], { encoding: 'utf8' })) as {
    size: number;
    mtimeMs: number;
  };
  return { size, mtimeMs };
};

const outDir = path.join(REPO_ROOT, `dist.test-${process.pid}`);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('which code digest runs', () => {
  it('the bundle while every file it was built from is unchanged, the sources once one changes or it is asked to', () => {
    const root = fakeRepository();
    expect(currentBundle(root, {})).toBe(pathToFileURL(path.join(root, 'dist', 'digest.js')).href);
    expect(currentBundle(root, { DIGEST_FROM_SOURCE: '1' })).toBeNull();
    // An edit (or a checkout) gives the file a new modification time, even with the same size.
    utimesSync(path.join(root, 'a.ts'), new Date(), new Date(Date.now() + 5_000));
    expect(currentBundle(root, {})).toBeNull();
  });

  it('the sources when there is no bundle, or its manifest is unreadable, or a file it lists is gone', () => {
    const root = fakeRepository();
    rmSync(path.join(root, 'a.ts'));
    expect(currentBundle(root, {})).toBeNull();
    writeFileSync(path.join(root, 'dist', 'manifest.json'), '{ not json');
    expect(currentBundle(root, {})).toBeNull();
    rmSync(path.join(root, 'dist'), { recursive: true });
    expect(currentBundle(root, {})).toBeNull();
  });

  it('a bundle that ingests a feed with its normaliser thread, and lists the sources it was built from', async () => {
    expect(await build({ outDir })).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as { inputs: { file: string }[] };
    const files = manifest.inputs.map((input) => input.file);
    for (const file of ['app/cli/main.ts', 'src/ingest/normalise-worker.ts', 'src/ingest/run-ingest.ts', 'package-lock.json']) expect(files).toContain(file);
    expect(files.some((file) => file.includes('node_modules'))).toBe(false);

    const dir = mkdtempSync(path.join(tmpdir(), 'digest-bundle-run-'));
    const feed = path.join(REPO_ROOT, 'tests/fixtures/feeds/rss2.xml');
    writeFileSync(path.join(dir, 'digest.config.yaml'), `database:\n  sqlitePath: ./digest.db\nsources:\n  - url: ${JSON.stringify(feed)}\n`);
    // What bin/digest.js does with a current bundle, here with this one; a module hook records what it loads.
    const loadedFile = path.join(dir, 'loaded.txt');
    const script = "import { registerHooks } from 'node:module';\nimport { writeFileSync } from 'node:fs';\nconst seen = [];\n"
      + `registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });\nprocess.on('exit', () => writeFileSync(${JSON.stringify(loadedFile)}, seen.join('\\n')));\n`
      + `const { runFromProcess } = await import(${JSON.stringify(pathToFileURL(path.join(outDir, 'digest.js')).href)});\nawait runFromProcess();\n`;
    // argv[1] stands for bin/digest.js: any existing file other than the bundle's entry.
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, path.join(dir, 'digest.config.yaml'), 'ingest'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'debug' }, timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^✓ .* 2 new, 0 seen/m);
    // The thread started from the bundle's own worker file: had it not, the items were normalised inline, with a warning.
    expect(run.stderr).not.toMatch(/normaliser thread/);
    // Lazy still: none of what only digests, chat or article pages need, and no TypeScript source.
    const loaded = readFileSync(loadedFile, 'utf8').split('\n').filter((url) => url.startsWith('file:')).map((url) => path.relative(REPO_ROOT, new URL(url).pathname));
    for (const pkg of ['openai', 'linkedom', '@mozilla/readability', 'pg', 'pino-pretty', 'discord.js', '@slack/bolt', 'kysely', 'zod']) expect(loaded.filter((f) => f.includes(`node_modules/${pkg}/`)), pkg).toEqual([]);
    expect(loaded.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(loaded.filter((f) => f.startsWith(path.relative(REPO_ROOT, outDir))).length).toBeLessThan(40);
  });
});
