import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DigestError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { StatusRegistry } from './status-registry.ts';

export interface HealthServer {
  /** The bound port (useful with port 0). */
  readonly port: number;
  close(): Promise<void>;
}

/** The routes, documented in docs/deployment.md. */
export const HEALTH_ROUTES = {
  /** Every component with its state; 200 when ready, 503 otherwise (the container's HEALTHCHECK). */
  health: '/healthz',
  /** The same report and status code as /healthz, under the name orchestrators expect. */
  ready: '/readyz',
  /** 200 while the process serves requests at all, even degraded or stopping: restart only a wedged process. */
  live: '/livez',
} as const;

/**
 * GET/HEAD on /healthz and /readyz answer the registry's report (200 when ready, 503 with the reasons otherwise);
 * /livez answers 200 whenever the event loop does. Anything else is 404.
 */
export async function startHealthServer(options: { port: number; host?: string; registry: StatusRegistry; logger: Logger; timeoutMs?: number }): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : `${JSON.stringify(body)}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'content-type': 'text/plain', allow: 'GET, HEAD' }).end('method not allowed\n');
      return;
    }
    if (path === HEALTH_ROUTES.live) {
      send(200, { status: options.registry.stopping ? 'stopping' : 'alive' });
      return;
    }
    if (path !== HEALTH_ROUTES.health && path !== HEALTH_ROUTES.ready) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    void options.registry.report(options.timeoutMs ?? 2_000).then((report) => send(report.ready ? 200 : 503, report));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES'
        ? new DigestError(`the health port ${options.port} is ${error.code === 'EADDRINUSE' ? 'already in use' : 'not allowed for this user'}`, {
          hint: 'Set health.port in the config to a free port (or null to turn the endpoint off), or stop what is using it.',
          cause: error,
        })
        : error));
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port }, `health endpoints listening: ${HEALTH_ROUTES.health}, ${HEALTH_ROUTES.ready}, ${HEALTH_ROUTES.live}`);
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
