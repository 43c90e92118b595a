import { ingestFeeds, noSourceRead } from '../../../src/bot/use-cases/ingest.ts';
import { formatIngestReport } from '../../../src/ingest/index.ts';
import { openAppCore } from '../../app-core.ts';
import { EXIT, parseCommandArgs, writeLine, type CliCommandHandler } from '../cli-io.ts';
import { quietIngestLogger } from '../ingest-report.ts';

export const ingestCommand: CliCommandHandler = {
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    const app = await openAppCore(io, { configPath: values.config });
    try {
      const reports = await ingestFeeds(app, {
        logger: quietIngestLogger(app.logger),
        onAlert: (alert) => app.logger.warn({ source: alert.source.name, kind: alert.kind, error: alert.error }, 'source health changed'),
      });
      if (values.json === true) writeLine(io.stdout, JSON.stringify(reports, null, 2));
      else for (const report of reports) writeLine(io.stdout, formatIngestReport(report));
      if (reports.length === 0) {
        writeLine(io.stderr, 'No sources to ingest: add one with `digest sources add <url or path>`.');
        return EXIT.ok;
      }
      const failed = reports.filter((r) => r.outcome === 'failed').length;
      // The lines above already name each cause; this says what it means for the run.
      if (noSourceRead(reports)) {
        writeLine(io.stderr, `digest ingest: no source could be read (${failed} failed); nothing was ingested.`);
        return EXIT.failed;
      }
      if (failed > 0) writeLine(io.stderr, `digest ingest: ${failed} of ${reports.length} sources could not be read.`);
      return failed > 0 ? EXIT.failed : EXIT.ok;
    } finally {
      await app.close();
    }
  },
};
