import { createAppContext } from '../../compose.ts';
import { EXIT, parseCommandArgs, UsageError, writeLine, type CliCommandHandler } from '../cli-io.ts';

/** The port `digest serve` uses when neither --port nor web.port says. */
export const DEFAULT_SERVE_PORT = 8080;

export function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65_535) throw new UsageError(`--port must be a port number from 0 to 65535; got "${text}"`);
  return Number(text);
}

export const serveCommand: CliCommandHandler = {
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { port: { type: 'string', short: 'p' }, host: { type: 'string' } });
    const port = values.port === undefined ? undefined : parsePort(values.port);
    const app = await createAppContext(io, { configPath: values.config });
    const { startWebArchive } = await import('../../web-archive.ts');
    let server;
    try {
      server = await startWebArchive(app, { port: port ?? app.config.web.port ?? DEFAULT_SERVE_PORT, ...(values.host === undefined ? {} : { host: values.host }) });
    } catch (error) {
      await app.close();
      throw error;
    }
    const host = values.host ?? app.config.web.host;
    const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    writeLine(io.stdout, `Web archive at http://${shown.includes(':') ? `[${shown}]` : shown}:${server.port}${app.archive.publicUrl === null ? '/' : ` (public address ${app.archive.publicUrl})`}`);
    writeLine(io.stdout, "Each channel's archive is private until its admin says otherwise: `digest site urls` lists the addresses.");
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    await app.close();
    return EXIT.ok;
  },
};
