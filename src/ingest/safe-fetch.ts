import { lookup as dnsLookup } from 'node:dns/promises';
import { Agent, fetch, type Response } from 'undici';
import { classifyAddress, isIpLiteral, type AddressCategory } from './address-policy.ts';
import {
  BlockedAddressError,
  FetchNetworkError,
  FetchTimeoutError,
  HttpStatusError,
  InvalidFeedUrlError,
  ResponseTooLargeError,
  TooManyRedirectsError,
} from './ingest-errors.ts';
import { parseRetryAfter } from './retry-after.ts';

/** One resolved address, as dns.lookup with `all: true` returns it. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname; injectable so tests can make a name resolve to 127.0.0.1 without touching /etc/hosts. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface SafeFetchOptions {
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Off by default: when true the address check is skipped (self-hosters, tests). Nothing else changes. */
  allowPrivateNetworks: boolean;
  userAgent?: string;
  resolver?: Resolver;
  /** Address classifier; the default is classifyAddress. Tests narrow it to let 127.0.0.1 stand in for a public host. */
  classify?: (address: string) => AddressCategory | null;
  now?: () => Date;
}

export interface FetchRequest {
  etag?: string | null;
  lastModified?: string | null;
  /** Accept header; feeds by default. */
  accept?: string;
  /** This request's byte cap instead of the fetcher's `maxBytes` (a page budget, what is left of a source's). */
  maxBytes?: number;
  /** This request's total timeout instead of the fetcher's `totalTimeoutMs` (what is left of a source's cycle). */
  timeoutMs?: number;
  /** Aborts the request from outside (memory guard, a lost lease); it fails with the signal's reason. */
  signal?: AbortSignal;
  /** 'truncate': stop reading at the byte cap and return what arrived (`truncated: true`) instead of failing. */
  oversize?: 'fail' | 'truncate';
  /**
   * Streams a successful body into a sink instead of buffering it (the result's `body` is then empty). The sink's
   * `write` returns false when it has had enough: reading stops there and the result is `truncated`.
   */
  sink?: (response: { status: number; contentType: string | null; finalUrl: string; headers: Record<string, string> }) => BodySink;
  /** Keeps up to this many bytes of a non-2xx body, with the headers, on the HttpStatusError (to recognise a bot wall). */
  errorBodyBytes?: number;
}

/** Where a streamed body goes, chunk by chunk. */
export interface BodySink {
  write(chunk: Uint8Array): boolean;
}

/** What a fetch produced: a 304 (nothing to parse) or a body within the size cap. */
export type FetchResult =
  | { status: 304; notModified: true; finalUrl: string; bytes: 0; etag: string | null; lastModified: string | null }
  | {
    status: number;
    notModified: false;
    finalUrl: string;
    body: Uint8Array;
    bytes: number;
    contentType: string | null;
    etag: string | null;
    lastModified: string | null;
    /** The body stopped at the byte cap or where the sink had enough (only with `oversize: 'truncate'` or a sink). */
    truncated?: boolean;
  };

/** Fetches one URL under the ingest safety rules. */
export interface SafeFetcher {
  fetch(url: string, request?: FetchRequest): Promise<FetchResult>;
  close(): Promise<void>;
}

export const DEFAULT_USER_AGENT = 'research-digest-bot/0.1 (+https://github.com/research-digest-bot; feed reader)';
const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5';

const defaultResolver: Resolver = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** Throws BlockedAddressError unless private networks are allowed or the address is public. */
function vetAddress(host: string, address: string, allowPrivate: boolean, classify = classifyAddress): void {
  if (allowPrivate) return;
  const category = classify(address);
  if (category !== null) throw new BlockedAddressError(host, address, category);
}

/** Checks scheme and credentials; the address check happens at connect time (and here for IP literals). */
export function validateFetchUrl(raw: string, allowPrivate: boolean, classify = classifyAddress): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidFeedUrlError(raw, 'not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidFeedUrlError(raw, `the ${url.protocol} scheme is not fetched over the network`);
  if (url.username || url.password) throw new InvalidFeedUrlError(raw, 'URLs with credentials are not accepted');
  // net.connect skips `lookup` for IP literals, so they are vetted here.
  if (isIpLiteral(url.hostname)) vetAddress(url.hostname, url.hostname.replace(/^\[|\]$/g, ''), allowPrivate, classify);
  return url;
}

/**
 * Creates a fetcher whose every connection goes through a DNS lookup that refuses disallowed addresses
 * and hands the socket the address it vetted, so a second (rebound) resolution is never used.
 */
export function createSafeFetcher(options: SafeFetchOptions): SafeFetcher {
  const resolver = options.resolver ?? defaultResolver;
  const now = options.now ?? (() => new Date());
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;

  type LookupCallback = (err: Error | null, address: string | ResolvedAddress[], family?: number) => void;
  const lookup = (hostname: string, lookupOptions: { all?: boolean }, callback: LookupCallback): void => {
    resolver(hostname).then((addresses) => {
      if (addresses.length === 0) throw new FetchNetworkError(hostname, 'the name does not resolve');
      // Every address must pass: the socket may try any of them (happy eyeballs).
      for (const a of addresses) vetAddress(hostname, a.address, options.allowPrivateNetworks, options.classify);
      if (lookupOptions.all) callback(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    }).catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), ''));
  };

  const agent = new Agent({
    connect: { timeout: options.connectTimeoutMs, lookup: lookup as never },
    connectTimeout: options.connectTimeoutMs,
    keepAliveTimeout: 4_000,
  });

  async function fetchOnce(startUrl: string, request: FetchRequest): Promise<FetchResult> {
    const limits: Limits = { ...options, maxBytes: request.maxBytes ?? options.maxBytes, totalTimeoutMs: request.timeoutMs ?? options.totalTimeoutMs };
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limits.totalTimeoutMs);
    const external = request.signal;
    const onExternalAbort = (): void => controller.abort();
    if (external?.aborted) throw abortReason(external);
    external?.addEventListener('abort', onExternalAbort, { once: true });
    const translate = (error: unknown, url: string): Error => (external?.aborted ? abortReason(external) : translateError(error, url, timedOut, limits));
    const visited = new Set<string>();
    let current = startUrl;
    try {
      for (let hop = 0;; hop++) {
        const url = validateFetchUrl(current, options.allowPrivateNetworks, options.classify);
        if (visited.has(url.href)) throw new TooManyRedirectsError(startUrl, options.maxRedirects, true);
        visited.add(url.href);
        const headers: Record<string, string> = {
          'user-agent': userAgent,
          accept: request.accept ?? FEED_ACCEPT,
          'accept-encoding': 'gzip, deflate, br',
        };
        // Validators belong to the URL they came from; only send them to the first hop.
        if (hop === 0 && request.etag) headers['if-none-match'] = request.etag;
        if (hop === 0 && request.lastModified) headers['if-modified-since'] = request.lastModified;
        let response: Response;
        try {
          response = await fetch(url, { headers, redirect: 'manual', signal: controller.signal, dispatcher: agent });
        } catch (error) {
          throw translate(error, url.href);
        }
        if (response.status >= 300 && response.status < 400 && response.status !== 304) {
          const location = response.headers.get('location');
          await response.body?.cancel().catch(() => undefined);
          if (!location) throw new HttpStatusError(url.href, response.status, null);
          if (hop >= options.maxRedirects) throw new TooManyRedirectsError(startUrl, options.maxRedirects, false);
          current = new URL(location, url).href;
          continue;
        }
        const etag = response.headers.get('etag');
        const lastModified = response.headers.get('last-modified');
        if (response.status === 304) {
          await response.body?.cancel().catch(() => undefined);
          return { status: 304, notModified: true, finalUrl: url.href, bytes: 0, etag: etag ?? request.etag ?? null, lastModified: lastModified ?? request.lastModified ?? null };
        }
        if (!response.ok) {
          const evidence = request.errorBodyBytes ? await readEvidence(response, request.errorBodyBytes) : undefined;
          await response.body?.cancel().catch(() => undefined);
          throw new HttpStatusError(url.href, response.status, parseRetryAfter(response.headers.get('retry-after'), now()), evidence);
        }
        const contentType = response.headers.get('content-type');
        const sink = request.sink?.({ status: response.status, contentType, finalUrl: url.href, headers: headersOf(response) });
        const read = await readCapped(response, url.href, { limits, controller, truncate: request.oversize === 'truncate', sink, translate });
        return { status: response.status, notModified: false, finalUrl: url.href, body: read.body, bytes: read.bytes, contentType, etag, lastModified, truncated: read.truncated };
      }
    } finally {
      clearTimeout(timer);
      external?.removeEventListener('abort', onExternalAbort);
    }
  }

  return {
    fetch: (url, request = {}) => fetchOnce(url, request),
    close: () => agent.close(),
  };
}

type Limits = SafeFetchOptions & { maxBytes: number; totalTimeoutMs: number };

/** The error an outside abort stands for: its reason when that is an Error. */
function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('request cancelled');
}

/** The headers and the first bytes of a refused response, as text (enough to spot a challenge page). */
function headersOf(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

async function readEvidence(response: Response, maxBytes: number): Promise<{ headers: Record<string, string>; body: string }> {
  const headers = headersOf(response);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const reader = response.body?.getReader();
    while (reader && total < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.byteLength;
    }
  } catch {
    // what arrived is evidence enough
  }
  return { headers, body: new TextDecoder('utf-8', { fatal: false }).decode(concat(chunks).subarray(0, maxBytes)) };
}

interface ReadOptions {
  limits: Limits;
  controller: AbortController;
  truncate: boolean;
  sink: BodySink | undefined;
  translate: (error: unknown, url: string) => Error;
}

/**
 * Reads the (already decompressed) body, into memory or a sink. Past the byte cap it aborts and fails, or, when
 * truncating, stops and keeps what arrived.
 */
async function readCapped(response: Response, url: string, read: ReadOptions): Promise<{ body: Uint8Array; bytes: number; truncated: boolean }> {
  const { maxBytes } = read.limits;
  const declared = Number(response.headers.get('content-length'));
  const encoded = response.headers.get('content-encoding');
  if (!read.truncate && !encoded && Number.isFinite(declared) && declared > maxBytes) {
    read.controller.abort();
    throw new ResponseTooLargeError(url, maxBytes);
  }
  if (!response.body) return { body: new Uint8Array(0), bytes: 0, truncated: false };
  const collected = read.sink ? null : createByteCollector(!encoded && Number.isFinite(declared) && declared > 0 ? declared : null, maxBytes);
  let total = 0;
  let truncated = false;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let chunk = value;
      if (total + chunk.byteLength > maxBytes) {
        if (!read.truncate) {
          read.controller.abort();
          throw new ResponseTooLargeError(url, maxBytes);
        }
        chunk = chunk.subarray(0, maxBytes - total);
        truncated = true;
      }
      total += chunk.byteLength;
      const more = read.sink ? read.sink.write(chunk) : (collected!.add(chunk), true);
      if (!more) truncated = true;
      if (truncated) {
        read.controller.abort();
        break;
      }
    }
  } catch (error) {
    if (error instanceof ResponseTooLargeError) throw error;
    throw read.translate(error, url);
  }
  return { body: collected?.bytes() ?? new Uint8Array(0), bytes: total, truncated };
}

/**
 * A body's bytes, copied as they arrive into one buffer of its own (sized from Content-Length when the body is not
 * encoded, else grown by doubling). Each chunk is garbage as soon as it is copied, instead of living on in a list until
 * the body ends, and the body can be freed at once by its reader (releaseBody).
 */
function createByteCollector(expected: number | null, maxBytes: number): { add(chunk: Uint8Array): void; bytes(): Uint8Array } {
  let buffer = new Uint8Array(Math.min(expected ?? 64 * 1024, maxBytes));
  let length = 0;
  return {
    add(chunk) {
      if (length + chunk.byteLength > buffer.byteLength) {
        const grown = new Uint8Array(Math.min(Math.max(buffer.byteLength * 2, length + chunk.byteLength), Math.max(maxBytes, length + chunk.byteLength)));
        grown.set(buffer.subarray(0, length));
        releaseBody(buffer);
        buffer = grown;
      }
      buffer.set(chunk, length);
      length += chunk.byteLength;
    },
    bytes: () => buffer.subarray(0, length),
  };
}

/**
 * Frees a fetched body's memory now rather than at the next full garbage collection, which with feeds of hundreds of
 * KB let tens of MB of finished bodies pile up. For a body this fetcher returned (it owns its buffer) once nothing
 * reads it any more: afterwards it is empty.
 */
export function releaseBody(body: Uint8Array): void {
  // ES2024 (Node 22+), past the ES2023 lib this project types against.
  const buffer = body.buffer as ArrayBuffer & { readonly detached: boolean; transfer(length: number): ArrayBuffer };
  if (!buffer.detached) buffer.transfer(0);
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const total = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Walks an error's cause chain for the first error matching `test`. */
function findCause(error: unknown, test: (e: Error & { code?: string }) => boolean): (Error & { code?: string }) | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    if (test(current as Error & { code?: string })) return current as Error & { code?: string };
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function translateError(error: unknown, url: string, timedOut: boolean, options: SafeFetchOptions): Error {
  const ours = findCause(error, (e) => e instanceof BlockedAddressError || e instanceof FetchNetworkError);
  if (ours) return ours;
  if (timedOut) return new FetchTimeoutError(url, 'total', options.totalTimeoutMs);
  if (findCause(error, (e) => e.code === 'UND_ERR_CONNECT_TIMEOUT')) return new FetchTimeoutError(url, 'connect', options.connectTimeoutMs);
  const detail = findCause(error, (e) => typeof e.code === 'string');
  const reason = detail ? `${detail.code}${detail.message ? ` (${detail.message})` : ''}` : error instanceof Error ? error.message : String(error);
  return new FetchNetworkError(url, reason, error);
}
