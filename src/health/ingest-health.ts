import type { ComponentStatus } from './status-registry.ts';

/** What one ingest cycle reports per source. */
export interface CycleSourceOutcome {
  outcome: string;
}

export interface IngestHealth {
  recordCycle(reports: readonly CycleSourceOutcome[], at?: Date): void;
  status(): ComponentStatus;
}

/**
 * The last ingest cycle: when it ended, how many sources it read and how many failed. Stalled (no cycle for two
 * intervals) makes the instance unready; failing sources are reported but do not (a restart fixes no feed).
 */
export function createIngestHealth(options: { intervalMs: number; now: () => Date; startedAt?: Date }): IngestHealth {
  const startedAt = options.startedAt ?? options.now();
  let last: { at: Date; sources: number; failing: number } | undefined;
  return {
    recordCycle(reports, at = options.now()) {
      last = { at, sources: reports.length, failing: reports.filter((r) => r.outcome === 'failed').length };
    },
    status() {
      const now = options.now().getTime();
      const stallAfterMs = 2 * options.intervalMs;
      if (last === undefined) {
        const waitedMs = now - startedAt.getTime();
        return waitedMs > stallAfterMs
          ? { ok: false, detail: `no ingest cycle has finished in ${Math.round(waitedMs / 60_000)} min since start-up` }
          : { ok: true, detail: 'first cycle running' };
      }
      const ageSeconds = Math.round((now - last.at.getTime()) / 1000);
      const fields = { lastCycleAt: last.at.toISOString(), ageSeconds, sources: last.sources, failingSources: last.failing };
      if (now - last.at.getTime() > stallAfterMs) {
        return { ok: false, detail: `the last ingest cycle ended ${Math.round(ageSeconds / 60)} min ago (every ${options.intervalMs / 60_000} min expected)`, ...fields };
      }
      if (last.failing > 0) {
        return { ok: false, critical: false, detail: `${last.failing} of ${last.sources} sources failing (see digest ingest)`, ...fields };
      }
      return { ok: true, detail: `${last.sources} sources read ${ageSeconds} s ago`, ...fields };
    },
  };
}
