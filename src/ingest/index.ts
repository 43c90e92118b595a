/** Public surface of ingest, for the CLI, the scheduler and commands. */
export { runIngest, type IngestAlert, type IngestOptions, type RunIngestInput, type SourceIngestReport } from './run-ingest.ts';
export { probeFeed, type ProbeResult } from './probe-feed.ts';
export { formatIngestReport, formatIngestReports } from './format-report.ts';
export { createSafeFetcher, type SafeFetcher, type SafeFetchOptions, type Resolver } from './safe-fetch.ts';
export { canonicalUrl } from './canonical-url.ts';
