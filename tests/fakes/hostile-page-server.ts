import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ResolvedAddress } from '../../src/ingest/safe-fetch.ts';

/**
 * A hostile web on 127.0.0.1: feeds and article pages under any number of host names (the ingest resolver maps
 * every `*.test` name here, so each name is its own host for the one-request-per-host rule), with pages that
 * are huge, drip forever, hang until released, or put up a bot wall. It records every request and how many
 * were in flight at once, overall and per host.
 */
export interface HostilePageServer {
  readonly port: number;
  /** `http://<host>:<port><path>` */
  url(host: string, path: string): string;
  /** A resolver for the safe fetcher: every name answers 127.0.0.1. */
  resolver: (hostname: string) => Promise<ResolvedAddress[]>;
  route(path: string, page: HostilePage): void;
  /** Called as each request arrives (tests move a fake clock here). */
  onRequest(hook: (request: { host: string; path: string }) => void): void;
  /** Requests to `path` wait (headers unsent) until release(path). */
  hold(path: string): void;
  release(path: string): void;
  readonly requests: { host: string; path: string; bytesSent: number }[];
  requestsTo(path: string): HostilePageServer['requests'];
  maxInFlight(host?: string): number;
  close(): Promise<void>;
}

export type HostilePage =
  | { kind: 'static'; status?: number; headers?: Record<string, string>; body: string }
  /** An article of about `bytes` bytes, generated as it is sent (nothing that size is held in memory). */
  | { kind: 'huge'; bytes: number; words?: string; declareLength?: boolean }
  /** Sends a page head, then one small chunk every `gapMs` until the client gives up. */
  | { kind: 'drip'; gapMs: number };

/** A paragraph of article prose; `seed` keeps pages distinct. */
export function articleParagraph(seed: string): string {
  return `<p>In ${seed}, researchers describe how reward models trained on human preferences can be gamed by policies that `
    + 'exploit blind spots in labelling, and they propose an ensemble of critics that flags such exploits before deployment, '
    + 'at little extra compute during training and with a benchmark of known reward hacks to measure it.</p>\n';
}

/** A small, ordinary article page of `paragraphs` paragraphs. */
export function articlePage(seed: string, paragraphs = 8): string {
  return `<!doctype html><html><head><title>${seed}</title><script>var analytics = 1;</script></head><body><nav><a href="/">Home</a></nav>`
    + `<article><h1>${seed}</h1>${articleParagraph(seed).repeat(paragraphs)}</article><footer>Footer</footer></body></html>`;
}

/** An RSS feed whose items link the given pages, each with a one-line excerpt. */
export function excerptFeed(title: string, items: { guid: string; link: string; excerpt?: string }[]): string {
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title>${
    items.map((i) => `<item><guid>${i.guid}</guid><link>${i.link}</link><title>Item ${i.guid}</title><description>${i.excerpt ?? `A short excerpt of ${i.guid}.`}</description></item>`).join('')
  }</channel></rss>`;
}

/** Cloudflare's managed challenge as a 403, the way it reaches a bot. */
export const CLOUDFLARE_CHALLENGE = `<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="refresh" content="390"></head>
<body><div class="main-wrapper" role="main"><div class="main-content"><h1 class="zone-name-title h1">blog.example</h1>
<h2 class="h2" id="challenge-running">Checking if the site connection is secure</h2><noscript><div id="challenge-error-title">
<div class="h2"><span class="icon-wrapper"></span><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></div></noscript>
<div id="trk_jschal_js" style="display:none;background-image:url('/cdn-cgi/images/trace/managed/nojs/transparent.gif?ray=8a1')"></div>
<div id="challenge-body-text" class="core-msg spacer">blog.example needs to review the security of your connection before proceeding.</div></div></div>
<script>(function(){window._cf_chl_opt={cvId: '3',cZone: "blog.example",cType: 'managed'};var cpo=document.createElement('script');
cpo.src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8a1';document.getElementsByTagName('head')[0].appendChild(cpo);}());</script></body></html>`;

export async function startHostilePageServer(): Promise<HostilePageServer> {
  const routes = new Map<string, HostilePage>();
  const held = new Map<string, (() => void)[]>();
  const holding = new Set<string>();
  const requests: HostilePageServer['requests'] = [];
  const inFlight = new Map<string, number>();
  const maxima = new Map<string, number>();
  let hook: (request: { host: string; path: string }) => void = () => {};
  const bump = (key: string, by: number): void => {
    const n = (inFlight.get(key) ?? 0) + by;
    inFlight.set(key, n);
    maxima.set(key, Math.max(maxima.get(key) ?? 0, n));
  };

  async function answer(page: HostilePage, res: ServerResponse, record: { bytesSent: number }): Promise<void> {
    const send = (chunk: string): boolean => {
      record.bytesSent += Buffer.byteLength(chunk);
      return res.write(chunk);
    };
    const drained = (): Promise<void> =>
      new Promise((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.once('drain', done);
        res.once('close', done);
      });
    if (page.kind === 'static') {
      const headers = { 'content-type': 'text/html; charset=utf-8', ...page.headers };
      res.writeHead(page.status ?? 200, headers);
      send(page.body);
      res.end();
      return;
    }
    if (page.kind === 'huge') {
      const head = '<!doctype html><html><head><title>A very long page</title></head><body><article><h1>Huge</h1>';
      const paragraph = articleParagraph(page.words ?? 'a huge page');
      const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
      if (page.declareLength) headers['content-length'] = String(page.bytes);
      res.writeHead(200, headers);
      let sent = 0;
      send(head);
      sent += head.length;
      while (sent + paragraph.length <= page.bytes && !res.destroyed) {
        const chunk = paragraph.repeat(64);
        sent += chunk.length;
        if (!send(chunk)) await drained();
      }
      if (!res.destroyed) res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    send('<!doctype html><html><head><title>Slow</title></head><body><article>');
    while (!res.destroyed) {
      await new Promise((r) => setTimeout(r, page.gapMs));
      if (!res.destroyed) send(articleParagraph('a slow page'));
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = req.url ?? '/';
    const record = { host, path, bytesSent: 0 };
    requests.push(record);
    hook({ host, path });
    bump(host, 1);
    bump('*', 1);
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      bump(host, -1);
      bump('*', -1);
    };
    res.on('close', finish);
    const go = (): void => {
      const page = routes.get(path);
      if (!page) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      answer(page, res, record).catch(() => res.destroy());
    };
    if (holding.has(path)) held.set(path, [...(held.get(path) ?? []), go]);
    else go();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (host, path) => `http://${host}:${port}${path}`,
    resolver: async () => [{ address: '127.0.0.1', family: 4 }],
    route: (path, page) => void routes.set(path, page),
    onRequest: (next) => {
      hook = next;
    },
    hold: (path) => void holding.add(path),
    release(path) {
      holding.delete(path);
      for (const go of held.get(path) ?? []) go();
      held.delete(path);
    },
    requests,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    maxInFlight: (host) => maxima.get(host ?? '*') ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const path of [...holding]) holding.delete(path);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
