import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';

/** How the fake answers one path. */
export interface FeedRoute {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Wait before sending headers. */
  delayMs?: number;
  /** Send the body in chunks with this gap between them (a slow body). */
  chunks?: { count: number; gapMs: number };
  /** 302 to this location (relative or absolute). */
  redirectTo?: string;
  /** Answers 304 when If-None-Match equals it, and sends it as ETag otherwise. */
  etag?: string;
  /** Answers 304 when If-Modified-Since equals it, and sends it as Last-Modified otherwise. */
  lastModified?: string;
  encoding?: 'gzip' | 'br';
  /** Keep sending data forever (until the client goes away). */
  endless?: boolean;
}

export interface LoggedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

/** A real HTTP server on 127.0.0.1, port 0, answering whatever routes the test sets. */
export interface FeedServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  url(path: string): string;
  route(path: string, route: FeedRoute): void;
  /** Every request received, in order. */
  readonly requests: LoggedRequest[];
  requestsTo(path: string): LoggedRequest[];
  close(): Promise<void>;
}

async function respond(route: FeedRoute | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!route) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  if (route.delayMs) await new Promise((r) => setTimeout(r, route.delayMs));
  if (route.redirectTo !== undefined) {
    res.writeHead(route.status ?? 302, { location: route.redirectTo }).end();
    return;
  }
  const validators: Record<string, string> = {};
  if (route.etag) validators.etag = route.etag;
  if (route.lastModified) validators['last-modified'] = route.lastModified;
  if ((route.etag && req.headers['if-none-match'] === route.etag) || (route.lastModified && req.headers['if-modified-since'] === route.lastModified)) {
    res.writeHead(304, validators).end();
    return;
  }
  let body: Uint8Array = typeof route.body === 'string' ? Buffer.from(route.body, 'utf8') : (route.body ?? new Uint8Array());
  const headers: Record<string, string> = { 'content-type': 'application/rss+xml; charset=utf-8', ...validators, ...route.headers };
  if (route.encoding === 'gzip') {
    body = gzipSync(body);
    headers['content-encoding'] = 'gzip';
  } else if (route.encoding === 'br') {
    body = brotliCompressSync(body);
    headers['content-encoding'] = 'br';
  }
  if (route.endless) {
    res.writeHead(route.status ?? 200, headers);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = (): void => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
    return;
  }
  if (route.chunks) {
    res.writeHead(route.status ?? 200, headers);
    const size = Math.ceil(body.byteLength / route.chunks.count);
    for (let i = 0; i < route.chunks.count && !res.destroyed; i++) {
      res.write(body.subarray(i * size, (i + 1) * size));
      await new Promise((r) => setTimeout(r, route.chunks!.gapMs));
    }
    if (!res.destroyed) res.end();
    return;
  }
  headers['content-length'] = String(body.byteLength);
  res.writeHead(route.status ?? 200, headers).end(body);
}

/** Starts a fake feed server; close it in afterEach/afterAll. */
export async function startFeedServer(routes: Record<string, FeedRoute> = {}): Promise<FeedServer> {
  const table = new Map(Object.entries(routes));
  const requests: LoggedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    respond(table.get(path), req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    url: (path) => `${origin}${path}`,
    route: (path, route) => void table.set(path, route),
    requests,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
