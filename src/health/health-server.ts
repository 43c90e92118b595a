import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger.ts';

/** One component /healthz reports on. */
export interface HealthCheck {
  name: string;
  check(): Promise<{ ok: boolean; detail?: string }>;
}

/** The /healthz body. */
export interface HealthReport {
  status: 'ok' | 'degraded' | 'stopping';
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export interface HealthServer {
  /** The bound port (useful with port 0). */
  readonly port: number;
  /** From now on /healthz answers 503 "stopping", so a load balancer drains this instance. */
  markStopping(): void;
  close(): Promise<void>;
}

/** Runs every check with a time limit; a check that throws or hangs counts as failing, never as a crash. */
export async function runHealthChecks(checks: readonly HealthCheck[], timeoutMs: number): Promise<HealthReport['checks']> {
  const entries = await Promise.all(checks.map(async (c) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<{ ok: boolean; detail: string }>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
    });
    try {
      const result = await Promise.race([c.check(), timeout]);
      return [c.name, result] as const;
    } catch (error) {
      return [c.name, { ok: false, detail: error instanceof Error ? error.message : String(error) }] as const;
    } finally {
      clearTimeout(timer);
    }
  }));
  return Object.fromEntries(entries);
}

/**
 * An HTTP server with one route, GET /healthz: 200 when every check passes, 503 otherwise or while
 * stopping. The body names components and states only, never configuration or secrets.
 */
export async function startHealthServer(options: { port: number; host?: string; checks: readonly HealthCheck[]; logger: Logger; timeoutMs?: number }): Promise<HealthServer> {
  let stopping = false;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/healthz' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    void runHealthChecks(options.checks, options.timeoutMs ?? 2_000).then((checks) => {
      const healthy = Object.values(checks).every((c) => c.ok);
      const report: HealthReport = { status: stopping ? 'stopping' : healthy ? 'ok' : 'degraded', checks };
      res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : `${JSON.stringify(report)}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  options.logger.info({ port }, 'health endpoint listening on /healthz');
  return {
    port,
    markStopping() {
      stopping = true;
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
