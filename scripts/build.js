// Bundles the `digest` command into dist/ (npm run build; npm ci and npm install run it through `prepare`).
//
// Why: a command started from the sources loads ~780 modules (257 of them kysely's, 109 undici's, 95 zod's, 72
// yaml's) and type-strips ours; the bundle is a few files, so `digest ingest` starts in about half the time and its
// heap holds ~10 MB less (docs/ingest.md, "Fourth pass"). bin/digest.js runs the bundle only while it is current:
// dist/manifest.json lists every file it was built from with its size and modification time, and any change (an
// edit, a checkout, a new lockfile) sends the command back to the sources until the next build. Nothing is lost
// without a build, only start-up time: a production install (`npm ci --omit=dev`) has no bundler and runs the sources.
//
//   node scripts/build.js               build, or fail
//   node scripts/build.js --if-possible build if it can (the bundler installed and working), else say why and succeed
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'dist');
const ENTRIES = { digest: 'app/cli/main.ts', 'normalise-worker': 'src/ingest/normalise-worker.ts' };
/**
 * Dependencies bundled in: pure JavaScript, loaded by the commands that must start fast, and many files each. Every
 * other package stays a real import from node_modules: native addons (better-sqlite3), packages that load files
 * by path at run time (pino's transports, pino-pretty) and the platform SDKs, which only `digest run` loads.
 */
const BUNDLED = new Set(['kysely', 'zod', 'yaml', 'undici', 'entities', 'htmlparser2', 'domhandler', 'domutils', 'dom-serializer', 'domelementtype', 'chardet']);
/** Files outside the module graph that a bundle also depends on. */
const ALSO_INPUTS = ['package.json', 'package-lock.json', 'scripts/build.js'];

const packageOf = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
const isBare = (id) => !id.startsWith('.') && !path.isAbsolute(id) && !id.startsWith('\0');

async function loadBundler(ifPossible) {
  try {
    return await import('rolldown');
  } catch (error) {
    if (!ifPossible || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return null;
  }
}

/** What bin/digest.js checks: each input file with the size and modification time it had when the bundle was built. */
function manifestOf(moduleIds) {
  const files = new Set(ALSO_INPUTS);
  for (const id of moduleIds) {
    if (!path.isAbsolute(id) || id.includes(`${path.sep}node_modules${path.sep}`)) continue;
    const relative = path.relative(ROOT, id);
    if (!relative.startsWith('..')) files.add(relative.split(path.sep).join('/'));
  }
  const inputs = [...files].sort().map((file) => {
    const stat = statSync(path.join(ROOT, file));
    return { file, size: stat.size, mtimeMs: stat.mtimeMs };
  });
  return { entry: 'digest.js', inputs };
}

/** `outDir`: where the bundle goes (default dist/; tests build elsewhere inside the repository, where its imports resolve). */
export async function build({ ifPossible = false, outDir = OUT } = {}) {
  const rolldown = await loadBundler(ifPossible);
  if (rolldown === null) {
    console.log('digest build: skipped (no bundler installed: a production install runs the sources)');
    return false;
  }
  const staging = `${outDir}.build-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const { output } = await rolldown.build({
      cwd: ROOT,
      input: ENTRIES,
      platform: 'node',
      external: (id) => isBare(id) && (id.startsWith('node:') || !BUNDLED.has(packageOf(id))),
      logLevel: 'warn',
      output: { dir: staging, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', sourcemap: false },
    });
    const moduleIds = output.flatMap((chunk) => (chunk.type === 'chunk' ? chunk.moduleIds : []));
    writeFileSync(path.join(staging, 'manifest.json'), `${JSON.stringify(manifestOf(moduleIds), null, 1)}\n`);
    // Replaced whole, so a command never sees half of an old bundle and half of a new one.
    rmSync(outDir, { recursive: true, force: true });
    renameSync(staging, outDir);
  } finally {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
  console.log(`digest build: ${path.relative(ROOT, outDir)}/ (${Object.keys(ENTRIES).join(', ')})`);
  return true;
}

/**
 * What `prepare` runs after an install: the bundle only saves start-up time, so no failure to build it (a bundler that
 * does not run on this Node, a full disk) may fail the install; the command then runs the sources, as it says.
 */
export async function buildAfterInstall() {
  try {
    return await build({ ifPossible: true });
  } catch (error) {
    console.warn(`digest build: skipped (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); digest runs the sources`);
    return false;
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-possible')) await buildAfterInstall();
  else await build();
}
