import { createAppContext, type AppContext } from '../../compose.ts';
import { EXIT, parseCommandArgs, UsageError, writeLine, type CliCommandHandler } from '../cli-io.ts';

/** Every channel gets its archive settings (private, with a fresh token) before the site is built or listed. */
async function ensureArchives(app: AppContext) {
  const channels = await app.store.listChannels();
  return Promise.all(channels.map(async (channel) => ({ channel, archive: await app.archive.archiveOf(channel) })));
}

export const siteCommand: CliCommandHandler = {
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {}, true);
    const [action, dir, ...extra] = positionals;
    if (action !== 'build' && action !== 'urls') throw new UsageError(action === undefined ? 'say what to do: build <dir> or urls' : `unknown action "${action}"; expected build or urls`);
    if (action === 'build' && (dir === undefined || extra.length > 0)) throw new UsageError('site build takes one directory, e.g. digest site build ./public');
    if (action === 'urls' && dir !== undefined) throw new UsageError('site urls takes no arguments');
    const app = await createAppContext(io, { configPath: values.config });
    try {
      const archives = await ensureArchives(app);
      if (action === 'urls') {
        // These are capability URLs: printed only on request, to the operator's terminal, never logged.
        for (const { channel, archive } of archives) {
          const address = app.archive.addressOf(archive);
          writeLine(io.stdout, `${channel.id}  ${archive.visibility}  ${address === null ? '(off)' : address.url ?? `/${address.path}`}`);
        }
        if (app.archive.publicUrl === null && archives.length > 0) writeLine(io.stdout, 'Paths are relative to where the archive is served; set web.publicUrl for full addresses.');
        return EXIT.ok;
      }
      const [{ buildStaticSite }, { archiveSiteFor }] = await Promise.all([import('../../../adapters/web/build-site.ts'), import('../../web-archive.ts')]);
      const report = await buildStaticSite(archiveSiteFor(app), dir!);
      const reachable = archives.filter((a) => a.archive.visibility !== 'off').length;
      writeLine(io.stdout, `${dir}: ${report.files} files for ${reachable} ${reachable === 1 ? 'channel' : 'channels'} — ${report.written} written, ${report.unchanged} unchanged, ${report.removed} removed.`);
      writeLine(io.stdout, "`digest site urls` lists each channel's address.");
      return EXIT.ok;
    } finally {
      await app.close();
    }
  },
};
