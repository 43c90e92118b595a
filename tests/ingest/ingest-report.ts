import type { SourceIngestReport } from '../../src/ingest/run-ingest.ts';

/** One source's ingest report: a fetched feed with nothing in it, and whatever `overrides` says. */
export function ingestReport(overrides: Partial<SourceIngestReport> = {}): SourceIngestReport {
  return {
    sourceId: 's1',
    sourceName: 'Feed',
    url: 'https://f.example/rss',
    feedTitle: null,
    status: 200,
    outcome: 'fetched',
    durationMs: 1,
    bytes: 1,
    newItems: 0,
    seenItems: 0,
    updatedItems: 0,
    duplicateItems: 0,
    failedItems: 0,
    fullText: null,
    error: null,
    hint: null,
    failing: false,
    ...overrides,
  };
}
