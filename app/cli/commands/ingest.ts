import { formatIngestReport } from '../../../src/ingest/index.ts';
import { createAppContext } from '../../compose.ts';
import { EXIT, parseCommandArgs, writeLine, type CliCommandHandler } from '../cli-io.ts';

export const ingestCommand: CliCommandHandler = {
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    const app = await createAppContext(io, { configPath: values.config });
    try {
      const reports = await app.ingest(undefined, (alert) => app.logger.warn({ source: alert.source.name, kind: alert.kind, error: alert.error }, 'source health changed'));
      if (values.json === true) writeLine(io.stdout, JSON.stringify(reports, null, 2));
      else for (const report of reports) writeLine(io.stdout, formatIngestReport(report));
      if (reports.length === 0) writeLine(io.stderr, 'No sources configured: add one with `digest sources add <url>`.');
      return reports.some((r) => r.outcome === 'failed') ? EXIT.failed : EXIT.ok;
    } finally {
      await app.close();
    }
  },
};
