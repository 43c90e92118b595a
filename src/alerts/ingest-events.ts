import type { SourceIngestReport } from '../ingest/run-ingest.ts';
import type { AlertEvent } from './alert-event.ts';

/**
 * What one ingest cycle observed about each source, as alert events: failing or not (the ingest marks a source
 * failing after `ingest.failingAfter` failures in a row), whether a feed that answered held no items at all, and,
 * when the cycle wanted article pages, whether bot walls blocked them. A skipped source (paused, or fetched by
 * another instance this cycle) and a 304 say nothing new.
 */
export function eventsFromIngest(reports: readonly SourceIngestReport[], consecutiveFailures: ReadonlyMap<string, number> = new Map()): AlertEvent[] {
  const events: AlertEvent[] = [];
  for (const report of reports) {
    if (report.outcome === 'skipped') continue;
    const source = { id: report.sourceId, name: report.sourceName, url: report.url };
    events.push({
      kind: 'source-failing',
      source,
      failing: report.failing,
      error: report.failing ? report.error : null,
      consecutiveFailures: report.failing ? (consecutiveFailures.get(report.sourceId) ?? 0) : 0,
    });
    if (report.outcome === 'fetched') {
      const items = report.newItems + report.seenItems + report.updatedItems + report.duplicateItems + report.failedItems;
      events.push({ kind: 'feed-empty', source, empty: items === 0 });
    }
    const pages = report.fullText;
    if (pages !== null && pages.wanted > 0) {
      const blocked = pages.kept.blocked ?? 0;
      const hosts = [...new Set(pages.blocked.map((b) => `${b.host} (${b.vendor})`))].join(', ');
      events.push({ kind: 'full-text-blocked', source, blocked: blocked > 0, pages: blocked, reason: blocked > 0 ? `a bot wall at ${hosts || 'the site'}` : null });
    }
  }
  return events;
}
