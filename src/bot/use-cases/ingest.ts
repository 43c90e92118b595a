import type { Config } from '../../config/schema.ts';
import type { Source } from '../../domain/source.ts';
import { DigestError } from '../../errors.ts';
import { failureMessage } from '../../ingest/format-report.ts';
import type { IngestAlert, RunIngestInput, SourceIngestReport } from '../../ingest/index.ts';
import type { Logger } from '../../log/logger.ts';
import type { Store } from '../../store/store.ts';
import { fallbackSourceName } from '../config/sync-config.ts';

export interface IngestDeps {
  store: Store;
  config: Config;
  logger: Logger;
  now(): Date;
}

/** The feeds an ingest cycle fetches: every feed some channel reads actively (shared: one fetch per URL). */
export async function feedsToFetch(store: Pick<Store, 'listSources'>): Promise<Source[]> {
  return (await store.listSources()).filter((s) => !s.paused);
}

/**
 * One ingest cycle over the given feeds (default: every feed to fetch). A feed added without a name takes its
 * own title once read.
 */
export async function ingestFeeds(
  deps: IngestDeps,
  options: { sources?: Source[]; logger?: Logger; onAlert?: (alert: IngestAlert) => void } & Pick<RunIngestInput, 'lease' | 'fullTextSources'> = {},
): Promise<SourceIngestReport[]> {
  const sources = (options.sources ?? (await feedsToFetch(deps.store))).filter((s) => !s.paused);
  // Loaded on first use: parsers, sanitiser and HTTP client are most of what a command would load otherwise.
  const { runIngest } = await import('../../ingest/index.ts');
  const reports = await runIngest({
    store: deps.store,
    sources,
    options: { ...deps.config.ingest, lookbackDays: deps.config.selection.lookbackDays },
    logger: options.logger ?? deps.logger,
    now: deps.now,
    onAlert: options.onAlert,
    ...(options.lease === undefined ? {} : { lease: options.lease }),
    ...(options.fullTextSources === undefined ? {} : { fullTextSources: options.fullTextSources }),
  });
  await adoptFeedTitles(deps.store, reports);
  return reports;
}

async function adoptFeedTitles(store: Store, reports: SourceIngestReport[]): Promise<void> {
  for (const report of reports) {
    if (report.feedTitle === null || report.feedTitle === undefined || report.feedTitle.trim() === '') continue;
    // The feed row's own name, not a channel's name for it (sources may be channel views).
    const source = await store.getSource(report.sourceId);
    // A name that is only the URL, its host or its file name is a placeholder until the feed's title is known.
    if (source !== undefined && (source.name === fallbackSourceName(source.url) || source.name === source.url)) {
      await store.updateSource(source.id, { name: report.feedTitle.trim().slice(0, 100) });
    }
  }
}

/** True when sources were tried and every one of them failed. */
export function noSourceRead(reports: readonly SourceIngestReport[]): boolean {
  const tried = reports.filter((r) => r.outcome !== 'skipped');
  return tried.length > 0 && tried.every((r) => r.outcome === 'failed');
}

/**
 * Fails, naming every cause, when sources were tried and none could be read: "nothing new" would hide that the
 * digest could not have anything in it. One failing source among readable ones is a warning, not a failure.
 */
export function assertSomeSourceRead(reports: readonly SourceIngestReport[]): void {
  if (!noSourceRead(reports)) return;
  const tried = reports.filter((r) => r.outcome !== 'skipped');
  const causes = tried.map((r) => `${r.sourceName}: ${failureMessage(r)}${r.hint ? ` — ${r.hint}` : ''}`);
  throw new DigestError(`no source could be read (${tried.length} tried):\n${causes.map((c) => `  ${c}`).join('\n')}`, {
    code: 'no-source-read',
    hint: 'Fix the sources above (check the paths and URLs with `digest sources list`), then run again.',
  });
}
