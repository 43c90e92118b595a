// One ingest run against the hostile page server, in its own process so its peak RSS is its own.
// Started by full-text.bench.ts: `node bench/full-text-hostile-run.ts <port> <hostile|benign>`; prints one JSON line.
import { configSchema } from '../src/config/schema.ts';
import { runIngest, type IngestOptions } from '../src/ingest/run-ingest.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { SOURCES, type Scenario } from './full-text-scenario.ts';

const port = Number(process.argv[2]);
const scenario = process.argv[3] as Scenario;
const options: IngestOptions = {
  ...configSchema.parse({}).ingest,
  allowPrivateNetworks: true,
  perHostIntervalMs: 0,
  // A drip page would hold its source for the default two minutes; five seconds show the same budget at work.
  sourceCycleMs: 5_000,
  resolver: async () => [{ address: '127.0.0.1', family: 4 }],
};
const store = await createSqliteStore({ path: ':memory:' });
for (const source of SOURCES) await store.addSource({ url: `http://${source.host}:${port}${source.path(scenario)}`, name: source.name, fullText: true });
const started = performance.now();
const done: Record<string, number> = {};
const reports = await runIngest({ store, sources: await store.listSources(), options, onSourceDone: (r) => {
  done[r.sourceName] = Math.round(performance.now() - started);
} });
const wallMs = Math.round(performance.now() - started);
await store.close();
console.log(JSON.stringify({
  maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  wallMs,
  doneAtMs: done,
  reports: reports.map((r) => ({ name: r.sourceName, outcome: r.outcome, newItems: r.newItems, duplicateItems: r.duplicateItems, durationMs: r.durationMs, fullText: r.fullText })),
}));
