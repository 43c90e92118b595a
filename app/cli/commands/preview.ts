import { renderDigest } from '../../../adapters/console/render-digest.ts';
import { fallbackSourceName } from '../../../src/bot/config/sync-config.ts';
import { checkFeedLocation } from '../../../src/rules/feed-location.ts';
import { createAppContext, buildDigestFor } from '../../compose.ts';
import { consoleChannel } from '../../console-channel.ts';
import { EXIT, parseCommandArgs, UsageError, writeLine, type CliCommandHandler } from '../cli-io.ts';
import { quietIngestLogger, reportUnreadableSources } from '../ingest-report.ts';
import { stdoutTerminal } from '../terminal.ts';

export const previewCommand: CliCommandHandler = {
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { source: { type: 'string', multiple: true }, pieces: { type: 'string' }, json: { type: 'boolean' }, all: { type: 'boolean' }, 'full-text': { type: 'boolean' } });
    const pieces = values.pieces === undefined ? undefined : Number(values.pieces);
    if (pieces !== undefined && (!Number.isInteger(pieces) || pieces < 1 || pieces > 10)) throw new UsageError(`--pieces must be a whole number from 1 to 10, not "${values.pieces}"`);
    // The operator typed them: the one location policy, local files allowed, relative to where they ran it.
    const adHoc = (values.source ?? []).map((value) => {
      const check = checkFeedLocation(value, { typedBy: 'local', cwd: io.cwd });
      if (!check.ok) throw new UsageError(`--source ${check.problem}`);
      return check.location;
    });
    // Ad-hoc sources are previewed in a throwaway database so nothing about them is saved.
    const app = await createAppContext(io, { configPath: values.config, inMemory: adHoc.length > 0 });
    try {
      const channel = await consoleChannel(app);
      if (adHoc.length > 0) {
        await app.store.transaction(async (tx) => {
          for (const s of await tx.listSubscriptions({ channelIds: [channel.id] })) await tx.unsubscribe(s.id);
          for (const url of adHoc) {
            // Named by host or file name only until the feed is read; ingest then adopts the feed's own title.
            const { source } = await tx.addSource({ url, name: fallbackSourceName(url) });
            await tx.subscribe({ channelId: channel.id, sourceId: source.id, origin: 'chat', fullText: app.config.ingest.fullText });
          }
        });
      }
      // A preview of local feed files stays offline: article pages are fetched only when asked (--full-text).
      const reports = await app.ingest(await app.store.listChannelSources(channel.id), { logger: quietIngestLogger(app.logger), fullTextSources: values['full-text'] === true ? 'all' : 'remote-only' });
      reportUnreadableSources(io, reports);
      const digest = await buildDigestFor(app, channel, { edition: `preview:${app.now().toISOString()}`, includeDelivered: values.all === true || adHoc.length > 0, pieces });
      if (digest === null) {
        if (values.json === true) writeLine(io.stdout, 'null');
        writeLine(io.stderr, 'Nothing new since the last digest. Use --all to include pieces already delivered.');
        return EXIT.ok;
      }
      if (values.json === true) writeLine(io.stdout, JSON.stringify(digest, null, 2));
      else io.stdout.write(renderDigest(digest, stdoutTerminal(io)));
      return EXIT.ok;
    } finally {
      await app.close();
    }
  },
};
