import { formatFullTextReport } from './full-text-report.ts';
import type { SourceIngestReport } from './run-ingest.ts';

function counted(n: number, word: string): string {
  return `${n} ${word}`;
}

/** Why a source failed, without its name (a fetch failure's error names the source already: "Blog: HTTP 500"). */
export function failureMessage(report: SourceIngestReport): string {
  const error = report.error ?? 'failed';
  return error.startsWith(`${report.sourceName}: `) ? error.slice(report.sourceName.length + 2) : error;
}

/** One human line per source for `digest ingest`, e.g. `✓ The Gradient  200  12 new, 38 seen  143 ms`. */
export function formatIngestReport(report: SourceIngestReport): string {
  if (report.outcome === 'failed') {
    const message = failureMessage(report);
    const failing = report.failing ? ' [failing]' : '';
    return `✗ ${report.sourceName}${failing}  ${message}${report.hint ? ` — ${report.hint}` : ''}`;
  }
  if (report.outcome === 'skipped') return `… ${report.sourceName}  skipped: ${report.error ?? 'paused'}`;
  if (report.outcome === 'not-modified') return `✓ ${report.sourceName}  304  unchanged  ${report.durationMs} ms`;
  const parts = [counted(report.newItems, 'new'), counted(report.seenItems, 'seen')];
  if (report.updatedItems > 0) parts.push(counted(report.updatedItems, 'updated'));
  if (report.duplicateItems > 0) parts.push(counted(report.duplicateItems, 'duplicate'));
  if (report.failedItems > 0) parts.push(counted(report.failedItems, 'unreadable'));
  if (report.fullText) parts.push(formatFullTextReport(report.fullText));
  return `✓ ${report.sourceName}  ${report.status}  ${parts.join(', ')}  ${report.durationMs} ms`;
}

/** All lines of a run plus a one-line total. */
export function formatIngestReports(reports: SourceIngestReport[]): string {
  const lines = reports.map(formatIngestReport);
  const failed = reports.filter((r) => r.outcome === 'failed').length;
  const fresh = reports.reduce((sum, r) => sum + r.newItems, 0);
  lines.push(`${reports.length} sources, ${fresh} new pieces${failed > 0 ? `, ${failed} failed` : ''}`);
  return lines.join('\n');
}
