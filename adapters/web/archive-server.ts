import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../src/log/logger.ts';
import type { ArchiveSite, SiteResponse } from './archive-site.ts';
import { CACHE_CONTROL, etagOf, matchesIfNoneMatch, unmodifiedSince } from './http-caching.ts';
import { HEADER_CSP } from './security-policy.ts';

export interface ArchiveServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Longest request target accepted; the archive's own URLs are far shorter. */
const MAX_URL_LENGTH = 2048;

const SECURITY_HEADERS = {
  'content-security-policy': HEADER_CSP,
  'x-content-type-options': 'nosniff',
  // A capability URL must never leak to the sites the pieces link to.
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

/**
 * The site path a request target asks for, or a redirect (a directory without its slash), or nothing (not
 * ours). The raw target is read as it came, never normalised, so `//host/…`, dot segments and encodings
 * cannot reach another page.
 */
export function routeRequest(target: string, root: string): { path: string; query: URLSearchParams } | { redirect: string } | undefined {
  const at = target.indexOf('?');
  const pathname = at === -1 ? target : target.slice(0, at);
  const search = at === -1 ? '' : target.slice(at);
  if (!pathname.startsWith('/')) return undefined;
  if (pathname === root.replace(/\/$/, '') && root !== '/') return { redirect: `${root}${search}` };
  if (!pathname.startsWith(root)) return undefined;
  const path = pathname.slice(root.length);
  // Keys, slugs and asset names are plain ASCII: an encoded, empty or dotted segment can only be a probe.
  if (/[^A-Za-z0-9._/-]|\/\/|^\/|(^|\/)\.\.?(\/|$)/.test(path)) return undefined;
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (path !== '' && last !== '' && !last.includes('.')) return { redirect: `${root}${path}/${search}` };
  return { path, query: new URLSearchParams(search) };
}

function send(req: IncomingMessage, res: ServerResponse, response: SiteResponse): void {
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'content-type': response.contentType,
    'cache-control': CACHE_CONTROL[response.cache],
  };
  if (response.noindex) headers['x-robots-tag'] = 'noindex, nofollow';
  if (response.status === 200) {
    const etag = etagOf(response.body);
    headers.etag = etag;
    if (response.lastModified !== undefined) headers['last-modified'] = response.lastModified.toUTCString();
    const ifNoneMatch = req.headers['if-none-match'];
    const ifModifiedSince = req.headers['if-modified-since'];
    const fresh = ifNoneMatch !== undefined
      ? matchesIfNoneMatch(ifNoneMatch, etag)
      : ifModifiedSince !== undefined && response.lastModified !== undefined && unmodifiedSince(ifModifiedSince, response.lastModified);
    if (fresh) {
      delete headers['content-type'];
      res.writeHead(304, headers).end();
      return;
    }
  }
  headers['content-length'] = String(response.body.length);
  res.writeHead(response.status, headers);
  res.end(req.method === 'HEAD' ? undefined : response.body);
}

/** Serves the archive over HTTP: GET and HEAD only, conditional requests answered with 304. */
export async function startArchiveServer(options: { site: ArchiveSite; port: number; host?: string; logger: Logger }): Promise<ArchiveServer> {
  const { site, logger } = options;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('Only GET and HEAD are supported.\n');
      return;
    }
    const url = req.url ?? '/';
    if (url.length > MAX_URL_LENGTH) {
      res.writeHead(414, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end('The address is too long.\n');
      return;
    }
    const route = routeRequest(url, site.root);
    if (route === undefined) return send(req, res, site.notFound());
    if ('redirect' in route) {
      res.writeHead(301, { ...SECURITY_HEADERS, location: route.redirect, 'cache-control': CACHE_CONTROL.public }).end();
      return;
    }
    send(req, res, await site.get(route.path, route.query));
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // Never the URL: it may carry a capability token.
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'web archive: a page could not be rendered');
      if (!res.headersSent) res.writeHead(500, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('The archive cannot be read right now. Try again in a minute.\n');
    });
  });
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, root: site.root }, 'web archive listening');
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
