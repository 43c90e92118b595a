// Full text under hostile pages (issue 13): peak RSS and time of one ingest run against huge, slow, shared and
// walled article pages, against the same run over ordinary pages; each run in a child process of its own.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startHostilePageServer } from '../tests/fakes/hostile-page-server.ts';
import type { BenchResult } from './bench-result.ts';
import { serveScenarios, type Scenario } from './full-text-scenario.ts';

interface RunResult {
  maxRssMb: number;
  wallMs: number;
  doneAtMs: Record<string, number>;
  reports: { name: string; outcome: string; durationMs: number; fullText: { fetched: number; wanted: number; requests: number; bytes: number; kept: Record<string, number> } | null }[];
}

function runChild(port: number, scenario: Scenario): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(import.meta.dirname, 'full-text-hostile-run.ts'), String(port), scenario], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`${scenario} run exited ${code}: ${line}`));
      else resolve(JSON.parse(line) as RunResult);
    });
  });
}

const ORDINARY = 'Ordinary blog (20 pages)';

export async function run(): Promise<BenchResult[]> {
  const web = await startHostilePageServer();
  try {
    serveScenarios(web);
    const benign = await runChild(web.port, 'benign');
    const hostile = await runChild(web.port, 'hostile');
    const ordinary = (r: RunResult) => r.reports.find((x) => x.name === ORDINARY)!;
    const pageBytes = hostile.reports.reduce((sum, r) => sum + (r.fullText?.bytes ?? 0), 0);
    const requests = hostile.reports.reduce((sum, r) => sum + (r.fullText?.requests ?? 0), 0);
    const kept = hostile.reports.map((r) => `${r.name}: ${r.fullText ? `${r.fullText.fetched}/${r.fullText.wanted} ${JSON.stringify(r.fullText.kept)}` : 'none'}`).join('; ');
    const rssRatio = hostile.maxRssMb / benign.maxRssMb;
    const ordinaryRatio = ordinary(hostile).durationMs / Math.max(1, ordinary(benign).durationMs);
    return [
      { name: 'hostile run peak RSS', value: hostile.maxRssMb, unit: 'MB', target: '≤ 400', ok: hostile.maxRssMb <= 400, note: `before the budgets, one 9.8 MB page alone peaked at 2.7 GB (issue 13). ${kept}` },
      { name: 'ordinary run peak RSS', value: benign.maxRssMb, unit: 'MB', note: 'the same five sources over ordinary pages' },
      { name: 'hostile / ordinary peak RSS', value: Math.round(rssRatio * 100) / 100, unit: '×' },
      { name: 'hostile run page bytes read', value: Math.round(pageBytes / 1024 / 1024 * 10) / 10, unit: 'MB', note: `${requests} page requests for 150 items wanting 9–10 MB pages (was 130 × 9 MB for the podcast alone)` },
      { name: 'hostile run wall time', value: hostile.wallMs, unit: 'ms', note: 'the slow-drip source stops at its 5 s cycle budget' },
      { name: 'ordinary source time, hostile / ordinary run', value: Math.round(ordinaryRatio * 100) / 100, unit: '×',
        note: `${ordinary(hostile).durationMs} ms beside hostile sources, ${ordinary(benign).durationMs} ms beside ordinary ones` },
    ];
  } finally {
    await web.close();
  }
}
