import { startArchiveServer, type ArchiveServer } from '../adapters/web/archive-server.ts';
import { createArchiveSite, type ArchiveSite } from '../adapters/web/archive-site.ts';
import { createArchiveReader } from '../src/archive/archive-reader.ts';
import { DigestError } from '../src/errors.ts';
import type { AppContext } from './compose.ts';

/** The archive site of this deployment: its store, names, language and public URL from the config. */
export function archiveSiteFor(app: AppContext): ArchiveSite {
  const { config } = app;
  return createArchiveSite({
    reader: createArchiveReader(app.store, { pageSize: config.web.pageSize }),
    siteName: config.web.siteName ?? config.name,
    digestName: config.name,
    defaultLanguage: config.summariser.language,
    publicUrl: config.web.publicUrl,
  });
}

/** Serves the archive (`digest run` with `web.port`, and `digest serve`); a port in use is a clear error. */
export async function startWebArchive(app: AppContext, options: { port: number; host?: string }): Promise<ArchiveServer> {
  const host = options.host ?? app.config.web.host;
  try {
    return await startArchiveServer({ site: archiveSiteFor(app), port: options.port, host, logger: app.logger.child({ component: 'web' }) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? `port ${options.port} is already in use` : code === 'EACCES' ? `port ${options.port} needs more privileges` : (error as Error).message;
    throw new DigestError(`cannot serve the web archive on ${host}:${options.port}: ${reason}`, {
      hint: 'Choose another port with web.port in the config (or --port for digest serve).',
      cause: error,
    });
  }
}
