// Runs every bench/*.bench.ts, prints one table and writes bench/results/<timestamp>.json.
// Benchmarks never run in the test suite: speed is measured here, on purpose, on demand.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './bench-result.ts';

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
const report: Record<string, BenchResult[] | { error: string }> = {};
let failed = false;

for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  process.stderr.write(`bench: ${name}…\n`);
  const started = performance.now();
  try {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { run: () => Promise<BenchResult[]> };
    report[name] = await mod.run();
  } catch (error) {
    failed = true;
    report[name] = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  process.stderr.write(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

const rows: string[][] = [['bench', 'figure', 'value', 'unit', 'target', 'met']];
for (const [bench, results] of Object.entries(report)) {
  if (!Array.isArray(results)) {
    rows.push([bench, 'ERROR', results.error.split('\n')[0] ?? '', '', '', '✗']);
    continue;
  }
  for (const r of results) rows.push([bench, r.name, formatNumber(r.value), r.unit, r.target ?? '', r.ok === undefined ? '' : r.ok ? '✓' : '✗']);
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
for (const [i, row] of rows.entries()) {
  console.log(row.map((cell, c) => (c === 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
for (const [bench, results] of Object.entries(report)) {
  if (Array.isArray(results)) { for (const r of results) if (r.note) console.log(`note ${bench}/${r.name}: ${r.note}`); }
}

const outDir = path.join(dir, 'results');
mkdirSync(outDir, { recursive: true });
const out = path.join(outDir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(out, JSON.stringify({ node: process.version, cpus: (await import('node:os')).cpus().length, at: new Date().toISOString(), report }, null, 2));
console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
process.exitCode = failed ? 1 : 0;

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-GB');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(3);
}
