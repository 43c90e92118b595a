import { assertSomeSourceRead } from '../../src/bot/use-cases/ingest.ts';
import type { SourceIngestReport } from '../../src/ingest/index.ts';
import type { Logger } from '../../src/log/logger.ts';
import { writeLine, type CliIo } from './cli-io.ts';

/**
 * Each unreadable source is told once: when none could be read, as the command's error (exit 1) listing every
 * cause; otherwise as one warning line per source, and the command goes on with the rest.
 */
export function reportUnreadableSources(io: CliIo, reports: readonly SourceIngestReport[]): void {
  assertSomeSourceRead(reports);
  for (const r of reports) if (r.outcome === 'failed') writeLine(io.stderr, `warning: ${r.sourceName}: ${r.error ?? 'failed'}${r.hint ? ` — ${r.hint}` : ''}`);
}

/** The logger a one-shot command ingests with: the command prints each failure itself, so the log does not repeat it. */
export function quietIngestLogger(logger: Logger): Logger {
  return logger.levelVal <= 20 ? logger : logger.child({}, { level: 'error' });
}
