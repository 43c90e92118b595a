// Plain JavaScript on purpose, no syntax newer than Node 18 and no dependency: this file runs first, on whatever
// Node the machine has, and either returns (the Node is new enough) or re-runs the same command under Node 24
// (fetched once from the npm registry's node-<platform>-<arch> package into .tools/, like scripts/use-node24.sh).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The floor: Node runs the TypeScript sources directly from 22.18 (type stripping on by default; 22.17 fails with
 * ERR_UNKNOWN_FILE_EXTENSION ".ts"), undici 8 declares >= 22.19, and vitest 5 supports 22.12+ and 24+ but not 23.
 * Keep in step with package.json "engines" and README.md.
 */
export const FLOOR = { text: '22.19 (or any 24+; 24 LTS recommended)', engines: '^22.19.0 || >=24' };
/** The major version fetched for an older Node. Pinned: the package's `latest` runs ahead of the LTS line. */
export const FETCHED_MAJOR = 24;

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Set on the re-run, so a fetched Node that is somehow still too old fails instead of looping. */
const REEXEC_MARK = 'DIGEST_NODE_BOOTSTRAPPED';

/** True when `version` ("v22.19.0") meets the floor. */
export function meetsFloor(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  if (major === 22) return minor >= 19;
  return major >= 24;
}

/** Where the fetched Node lives: the same place scripts/use-node24.sh puts it, so both share one download. */
export function fetchedNodeDir(root = PROJECT_ROOT, platform = process.platform, arch = process.arch) {
  return path.join(root, '.tools', 'node_modules', `node-${platform}-${arch}`);
}

/**
 * Returns when this Node meets the floor. Otherwise fetches Node 24 if needed, re-runs this very command line under
 * it (same arguments, stdio and working directory), and exits with its exit code: the caller's code after this call
 * only ever runs on a supported Node.
 */
export async function ensureSupportedNode() {
  if (meetsFloor(process.version)) return;
  if (process.env[REEXEC_MARK] !== undefined) {
    fail(`digest: Node ${process.version} is running after the switch to Node ${FETCHED_MAJOR}; remove ${path.join(PROJECT_ROOT, '.tools')} and try again.`);
  }
  const node = installedNode() ?? fetchNode();
  const bin = path.dirname(node);
  const env = { ...process.env, [REEXEC_MARK]: '1', PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
  // npm finds its global config (registry, CA bundle, proxy) next to the node running it; keep the machine's.
  const globalconfig = path.resolve(path.dirname(process.execPath), '..', 'etc', 'npmrc');
  if (env.npm_config_globalconfig === undefined && existsSync(globalconfig)) env.npm_config_globalconfig = globalconfig;
  // Native addons built from now on must use the new Node's headers, not a machine-wide nodedir (Node 20's).
  if (existsSync(path.join(path.dirname(bin), 'include', 'node'))) env.npm_config_nodedir = path.dirname(bin);
  await new Promise(() => rerun(node, env));
}

function installedNode() {
  const node = path.join(fetchedNodeDir(), 'bin', 'node');
  return existsSync(node) ? node : undefined;
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** npm install into a private prefix, then one rename: two launchers starting at once never see half a Node. */
function fetchNode() {
  const pkg = `node-${process.platform}-${process.arch}`;
  if (!['linux', 'darwin'].includes(process.platform) || !['x64', 'arm64'].includes(process.arch)) {
    fail(`digest: Node ${process.version} is older than ${FLOOR.text}. Install Node ${FETCHED_MAJOR} from nodejs.org and run the command again.`);
  }
  process.stderr.write(`digest: Node ${process.version} is older than ${FLOOR.text}; fetching Node ${FETCHED_MAJOR} from the npm registry (${pkg}@${FETCHED_MAJOR}) into .tools/ once, and running under it.\n`);
  const tools = path.join(PROJECT_ROOT, '.tools');
  const staging = path.join(tools, `.fetch-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  // Run by the machine's npm under the machine's Node; under `npm start`/`npm test`, that is the npm running us.
  const npm = process.env.npm_execpath;
  const args = ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', '--prefix', staging, `${pkg}@${FETCHED_MAJOR}`];
  const result = npm !== undefined && /\.[cm]?js$/.test(npm)
    ? spawnSync(process.execPath, [npm, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
    : spawnSync('npm', args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const fetched = path.join(staging, 'node_modules', pkg);
  if (result.status !== 0 || !existsSync(path.join(fetched, 'bin', 'node'))) {
    rmSync(staging, { recursive: true, force: true });
    const why = result.error !== undefined ? result.error.message : (result.stderr || '').trim().split('\n').slice(-3).join('\n');
    fail(`digest: could not fetch Node ${FETCHED_MAJOR} with npm${why ? `:\n${why}` : ''}\nInstall Node ${FETCHED_MAJOR} (nodejs.org, or your package manager) and run the command again.`);
  }
  mkdirSync(path.dirname(fetchedNodeDir()), { recursive: true });
  try {
    renameSync(fetched, fetchedNodeDir());
  } catch (error) {
    // Another launcher got there first: use its copy.
    if (installedNode() === undefined) throw error;
  }
  rmSync(staging, { recursive: true, force: true });
  return path.join(fetchedNodeDir(), 'bin', 'node');
}

/**
 * Re-runs the command under `node` and mirrors its end. A terminal's Ctrl-C already reaches the child (same process
 * group), so SIGINT is not forwarded (the bot would take a second one as "exit now"); SIGTERM and SIGHUP, which a
 * supervisor sends to this process only, are.
 */
function rerun(node, env) {
  const child = spawn(node, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
  const forward = (signal) => () => {
    child.kill(signal);
  };
  const handlers = { SIGTERM: forward('SIGTERM'), SIGHUP: forward('SIGHUP'), SIGINT: () => {} };
  for (const [signal, handler] of Object.entries(handlers)) process.on(signal, handler);
  child.on('error', (error) => fail(`digest: could not start ${node}: ${error.message}`));
  child.on('exit', (code, signal) => {
    for (const [name, handler] of Object.entries(handlers)) process.off(name, handler);
    if (signal !== null) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
