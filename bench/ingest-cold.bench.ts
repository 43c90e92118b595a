// Issue 14's workload: 200 full-content feeds (50–800 KB each, ~90 MB) from one local server. `digest ingest` cold
// (empty database) and warm (every feed answers 304), as whole processes through bin/digest.js, against newsboat reading the same feeds
// from the same local server (one port per feed, as sites are distinct hosts) into its own cache (Debian's `newsboat`; skipped with a note when it is not installed), and
// against bare rss-parser `parseString` and our own parseFeed on the same bytes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Parser from 'rss-parser';
import { decodeFeed } from '../src/ingest/decode-feed.ts';
import { parseFeed } from '../src/ingest/parse-feed.ts';
import { currentBundle } from '../bin/bundle.js';
import type { BenchResult } from './bench-result.ts';
import { serveWorkload, type WorkloadSetup } from './ingest-workload-server.ts';
import { measureProcess, type ProcessFigures } from './measure-process.ts';

const FEEDS = 200;
/** Cold and warm runs of each side, alternated; the fastest and the median of each are quoted (the machine is shared and noisy). */
const ROUNDS = 3;
/** The entry users run (npm bin, `npm start`, the container and the unit): with the V8 flags and compile cache it sets. */
const CLI = path.join(import.meta.dirname, '..', 'bin', 'digest.js');
const PEAK_TARGET_MB = 250;

function newsboatPath(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v newsboat'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

async function digestIngest(config: string, env: NodeJS.ProcessEnv, feeds = FEEDS): Promise<ProcessFigures> {
  const run = await measureProcess(process.execPath, [CLI, 'ingest', '--config', config], { env: { ...process.env, ...env, LOG_LEVEL: 'warn' } });
  const fetched = run.stdout.split('\n').filter((line) => line.startsWith('✓')).length;
  if (run.exitCode !== 0 || fetched !== feeds) throw new Error(`digest ingest failed (exit ${run.exitCode}, ${fetched}/${feeds} ok): ${run.stderr.slice(0, 500)}`);
  return run;
}

/** A feed none of the 200 carries: news for a cycle over a full store. */
const NEW_FEED = path.join(import.meta.dirname, '..', 'tests', 'fixtures', 'feeds', 'rss2.xml');

/** newsboat `-x reload` into a fresh cache (cold) or the same cache again (warm); as many reload threads as our concurrency. */
async function newsboatReload(binary: string, setup: WorkloadSetup, name: string): Promise<ProcessFigures> {
  const home = path.join(setup.dir, `newsboat-${name}`);
  mkdirSync(home, { recursive: true });
  writeFileSync(path.join(home, 'urls'), `${setup.urls.join('\n')}\n`);
  writeFileSync(path.join(home, 'config'), 'reload-threads 8\n');
  const args = ['-u', path.join(home, 'urls'), '-c', path.join(home, 'cache.db'), '-C', path.join(home, 'config'), '-x', 'reload'];
  const run = await measureProcess(binary, args, { env: { ...process.env, HOME: home }, cwd: home });
  if (run.exitCode !== 0) throw new Error(`newsboat failed (exit ${run.exitCode}): ${run.stderr.slice(0, 500)}`);
  return run;
}

const best = (runs: ProcessFigures[]): ProcessFigures => runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const walls = (runs: ProcessFigures[]): string => runs.map((r) => Math.round(r.wallMs)).join(', ');
const peaks = (runs: ProcessFigures[]): string => runs.map((r) => r.peakMb).join(', ');
const leastCpu = (runs: ProcessFigures[]): number | null => (runs.every((r) => r.cpuS !== null) ? Math.min(...runs.map((r) => r.cpuS!)) : null);
const round = (value: number): number => Math.round(value * 100) / 100;

/** CPU seconds of both sides: what each costs, which a busy machine distorts less than wall time. */
function cpuRatio(ours: number | null, theirs: number | null): BenchResult[] {
  if (ours === null || theirs === null) return [];
  return [
    { name: 'cold digest ingest CPU (user + sys)', value: round(ours), unit: 's' },
    { name: 'newsboat cold CPU (user + sys)', value: round(theirs), unit: 's' },
    { name: 'cold CPU digest ingest / newsboat', value: round(ours / theirs), unit: '×', note: 'newsboat waits more than it computes (its wall time is several times its CPU time)' },
  ];
}

export async function run(): Promise<BenchResult[]> {
  const setup = await serveWorkload(FEEDS);
  const newsboat = newsboatPath();
  try {
    const cold: ProcessFigures[] = [];
    const warm: ProcessFigures[] = [];
    const nbCold: ProcessFigures[] = [];
    const nbWarm: ProcessFigures[] = [];
    // Node's compile cache in a directory of the bench's own, filled by a first run as an installed bot's is.
    const cached = { NODE_COMPILE_CACHE: path.join(setup.dir, 'compile-cache') };
    // The first run after an install or upgrade: the cache is empty and this run fills it, so every timed run has it.
    const firstRun = await digestIngest(setup.writeDigestConfig('first-run'), cached);
    for (let i = 0; i < ROUNDS; i++) {
      const config = setup.writeDigestConfig(`round${i}`);
      cold.push(await digestIngest(config, cached));
      if (newsboat) nbCold.push(await newsboatReload(newsboat, setup, `round${i}`));
      warm.push(await digestIngest(config, cached));
      if (newsboat) nbWarm.push(await newsboatReload(newsboat, setup, `round${i}`));
    }
    // A cycle with news over a full store: the 200 feeds answer 304, one new feed has items, and round 0 stored 3,750
    // pieces, which near-duplicate matching compares them with.
    const withNews = await digestIngest(setup.writeDigestConfig('round0', [NEW_FEED]), cached, FEEDS + 1);
    // The same cold ingest from the TypeScript sources (a production install has no bundle): what the bundle saves.
    const fromSources = await digestIngest(setup.writeDigestConfig('sources'), { ...cached, DIGEST_FROM_SOURCE: '1' });

    // The same bytes in this process, sequentially: rss-parser as the reference, then our reader (decode + parse).
    const parser = new Parser();
    await parser.parseString(setup.bodies[0]!.toString('utf8'));
    let started = performance.now();
    for (const body of setup.bodies) await parser.parseString(body.toString('utf8'));
    const bareMs = performance.now() - started;
    started = performance.now();
    let items = 0;
    for (const [i, body] of setup.bodies.entries()) items += (await parseFeed(decodeFeed(body, 'application/rss+xml; charset=utf-8'), { feedUrl: setup.urls[i]! })).items.length;
    const oursMs = performance.now() - started;

    const c = best(cold);
    const w = best(warm);
    const coldMedianMs = median(cold.map((r) => r.wallMs));
    const peak = Math.max(...cold.map((r) => r.peakMb));
    const peakMedian = median(cold.map((r) => r.peakMb));
    const entry = currentBundle() === null ? 'the sources (no current bundle: npm run build)' : 'the bundle (dist/)';
    const workload = `${FEEDS} feeds, ${(setup.totalBytes / 1e6).toFixed(1)} MB, ${items} items; ${ROUNDS} alternated runs each (ms: ${walls(cold)}); digest runs ${entry}`;
    const results: BenchResult[] = [
      { name: 'cold digest ingest wall, fastest', value: Math.round(c.wallMs), unit: 'ms', note: workload },
      { name: 'cold digest ingest wall, median', value: Math.round(coldMedianMs), unit: 'ms' },
      { name: 'cold digest ingest peak RSS, median', value: peakMedian, unit: 'MB', target: `< ${PEAK_TARGET_MB}`, ok: peakMedian < PEAK_TARGET_MB,
        note: `kernel maxrss of each cold run (MB: ${peaks(cold)}), through bin/digest.js with its compile cache` },
      { name: 'cold digest ingest peak RSS, highest', value: peak, unit: 'MB', target: `< ${PEAK_TARGET_MB}`, ok: peak < PEAK_TARGET_MB },
      { name: 'cold digest ingest peak RSS, first run (empty compile cache)', value: firstRun.peakMb, unit: 'MB',
        note: `the first run after an install or upgrade, which compiles every module (from the sources: type-strips too) and writes the cache (wall ${Math.round(firstRun.wallMs)} ms, CPU ${
          firstRun.cpuS === null ? '?' : round(firstRun.cpuS)
        } s)` },
      { name: 'cold digest ingest from the sources, one run', value: Math.round(fromSources.wallMs), unit: 'ms', note: `DIGEST_FROM_SOURCE=1 (a production install): peak RSS ${fromSources.peakMb} MB` },
      { name: 'warm digest ingest wall (all 304)', value: Math.round(w.wallMs), unit: 'ms', note: `${w.stdout.split('\n').filter((l) => /\s304\s/.test(l)).length}/${FEEDS} answered 304` },
      { name: 'warm digest ingest peak RSS', value: Math.max(...warm.map((r) => r.peakMb)), unit: 'MB' },
      { name: 'digest ingest with news over a full store, peak RSS', value: withNews.peakMb, unit: 'MB', target: `< ${PEAK_TARGET_MB}`, ok: withNews.peakMb < PEAK_TARGET_MB,
        note: `one new feed beside the 200 (all 304), over the 3,750 pieces of a cold run (wall ${Math.round(withNews.wallMs)} ms)` },
    ];
    if (newsboat) {
      const nc = best(nbCold);
      const nw = best(nbWarm);
      const ratio = c.wallMs / nc.wallMs;
      const medianRatio = coldMedianMs / median(nbCold.map((r) => r.wallMs));
      results.push(
        { name: 'newsboat cold reload wall, fastest', value: Math.round(nc.wallMs), unit: 'ms', note: `${newsboat} -x reload, reload-threads 8, fresh cache (ms: ${walls(nbCold)})` },
        { name: 'newsboat cold reload wall, median', value: Math.round(median(nbCold.map((r) => r.wallMs))), unit: 'ms' },
        { name: 'newsboat cold peak RSS', value: Math.max(...nbCold.map((r) => r.peakMb)), unit: 'MB' },
        { name: 'cold digest ingest / newsboat, fastest of each', value: round(ratio), unit: '×', target: '≤ 2', ok: ratio <= 2 },
        { name: 'cold digest ingest / newsboat, median of each', value: round(medianRatio), unit: '×', target: '≤ 2', ok: medianRatio <= 2 },
        ...cpuRatio(leastCpu(cold), leastCpu(nbCold)),
        { name: 'newsboat warm reload wall', value: Math.round(nw.wallMs), unit: 'ms' },
        { name: 'warm digest ingest / newsboat', value: round(w.wallMs / nw.wallMs), unit: '×' },
      );
    } else {
      results.push({ name: 'newsboat comparison', value: Number.NaN, unit: '', note: 'newsboat is not installed (Debian: apt-get install newsboat): comparison skipped' });
    }
    results.push(
      { name: 'bare rss-parser parseString, all feeds', value: Math.round(bareMs), unit: 'ms', note: 'in process, sequential, same bytes as served' },
      { name: 'our decode + parseFeed, all feeds', value: Math.round(oursMs), unit: 'ms', note: `${round(oursMs / bareMs)}× rss-parser; the reader behind digest ingest` },
      { name: 'cold digest ingest / bare parseString', value: round(c.wallMs / bareMs), unit: '×', note: 'fastest whole process (start-up, fetch, sanitise, dedupe, SQLite) against parsing alone' },
    );
    return results;
  } finally {
    await Promise.all(setup.servers.map((server) => server.close()));
    rmSync(setup.dir, { recursive: true, force: true });
  }
}
