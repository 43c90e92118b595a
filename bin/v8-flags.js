// The V8 flags a `digest` command runs with, applied by re-executing the same process with them (plain JavaScript,
// no syntax newer than Node 18, like ensure-node.js: bin/digest.js imports it before it knows which Node runs it).

/**
 * Commands that ingest feeds: `run` (the bot, every cycle), `ingest` and `preview`. Two flags size V8's heap for them:
 *
 * - `--max-semi-space-size=8` bounds each young generation at two 8 MB semi-spaces. V8 sizes it from the machine's
 *   memory, and on one with a few GB it lets the semi-spaces grow to 64 MB each as soon as a process allocates fast:
 *   reading hundreds of feeds of full-content HTML is that, and the 128 MB nursery then alone took half of the 250 MB a
 *   cold ingest of 200 feeds may use (issue 14). The flag applies to every isolate of the process: the main thread's and
 *   the item normaliser's thread (src/ingest/item-normaliser.ts), which does the allocation-heavy sanitising; 16 MB
 *   semi-spaces were 16 MB more per isolate for no steady gain in wall time once that work moved there.
 * - `--heap-growing-percent=30` lets the old generation grow to 1.3× what survived the last full collection before
 *   the next one, instead of V8's up-to-4× when collections are cheap (here they are: the live heap is 40–55 MB). The
 *   old generation otherwise filled with dead feed documents (a decoded feed is one large string, freed only by a full
 *   collection) up to twice the live heap; bounded, a cold 200-feed ingest peaked 20–50 MB lower for ~5% more CPU.
 *
 * Why neither can make the bot die of it: they are not a cap on what the process holds. What outlives two scavenges
 * moves to the old generation, and the growing factor only schedules collections earlier; the old generation's limit
 * (the one that stops a process that outgrows it) stays V8's default, the same with and without the flags
 * (tests/bin/v8-flags.test.ts compares them).
 *
 * Other commands are short and light and start faster without the re-execution.
 */
const INGEST_HEAP = ['--max-semi-space-size=8', '--heap-growing-percent=30'];
export const COMMAND_V8_FLAGS = {
  run: INGEST_HEAP,
  ingest: INGEST_HEAP,
  preview: INGEST_HEAP,
};

/**
 * The environment the re-executed process gets. `MALLOC_ARENA_MAX=2`: glibc gives each thread that allocates its own
 * malloc arena (up to 8 per core), and each keeps what it freed; with the normaliser's thread, V8's helper threads and
 * libuv's pool a cold ingest's peak held 10–20 MB more in arenas than with two. A value the user set stands; other C
 * libraries ignore the variable.
 */
export function relaunchEnvironment(env) {
  return env.MALLOC_ARENA_MAX === undefined ? { ...env, MALLOC_ARENA_MAX: '2' } : env;
}

/**
 * Flags that size the heap or its growth; when the user gives one (command line or NODE_OPTIONS), theirs stand and ours
 * are not added. The re-executed process carries ours, so this is also what stops it re-executing again.
 */
const HEAP_SIZING = /--(max[-_](semi[-_]space|heap|old[-_]space)[-_]size|heap[-_]growing[-_]percent)\b/;

/** The flags to add for this command line; none when it needs none or the user sized the heap already. */
export function v8FlagsFor(argv, execArgv, nodeOptions) {
  const command = argv[2] ?? '';
  if (!Object.prototype.hasOwnProperty.call(COMMAND_V8_FLAGS, command)) return [];
  if (execArgv.some((arg) => HEAP_SIZING.test(arg)) || HEAP_SIZING.test(nodeOptions ?? '')) return [];
  return COMMAND_V8_FLAGS[command];
}

/**
 * Re-executes this process with the command's flags (same pid, arguments, environment and open files, so a service
 * manager or container sees nothing change) and never returns then; returns at once when the command needs none,
 * they are already set, or this platform has no process.execve (Windows: the command then runs without them).
 */
export function relaunchWithV8Flags() {
  const flags = v8FlagsFor(process.argv, process.execArgv, process.env.NODE_OPTIONS);
  if (flags.length === 0 || typeof process.execve !== 'function') return;
  process.execve(process.execPath, [process.execPath, ...flags, ...process.execArgv, ...process.argv.slice(1)], relaunchEnvironment(process.env));
}
