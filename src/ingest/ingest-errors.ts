import { DigestError, type DigestErrorCode } from '../errors.ts';

/** The URL points at an address the bot must not reach (loopback, private, link-local…). */
export class BlockedAddressError extends DigestError {
  readonly address: string;
  constructor(host: string, address: string, category: string) {
    super(`refused to fetch ${host}: it resolves to ${address} (${category})`, {
      hint: 'feeds must be on the public internet; a self-hoster can set ingest.allowPrivateNetworks: true',
    });
    this.address = address;
  }
}

/** The URL is not something the bot can fetch (bad syntax, unsupported scheme, credentials). */
export class InvalidFeedUrlError extends DigestError {
  constructor(url: string, reason: string) {
    super(`cannot fetch "${url}": ${reason}`, { hint: 'give an http(s) URL such as https://example.com/feed.xml, or a local file path' });
  }
}

/** Connecting or the whole request took longer than allowed. */
export class FetchTimeoutError extends DigestError {
  constructor(url: string, phase: 'connect' | 'total', ms: number) {
    super(`${phase === 'connect' ? 'connecting to' : 'fetching'} ${url} timed out after ${ms} ms`, {
      hint: 'the site is slow or down; it is retried on the next run (raise ingest.totalTimeoutMs if it is always slow)',
    });
  }
}

/** The body grew beyond `ingest.maxBytes`; the download was aborted. */
export class ResponseTooLargeError extends DigestError {
  constructor(url: string, maxBytes: number) {
    super(`${url} sent more than ${maxBytes} bytes; download aborted`, {
      hint: 'check that the URL is a feed, not a large file; raise ingest.maxBytes if the feed really is that big',
    });
  }
}

/** Too many redirects, or a redirect loop. */
export class TooManyRedirectsError extends DigestError {
  constructor(url: string, max: number, loop: boolean) {
    super(loop ? `${url} redirects in a loop` : `${url} redirected more than ${max} times`, {
      hint: 'open the URL in a browser and use the address it finally lands on',
    });
  }
}

/** The server answered with a non-success HTTP status. */
export class HttpStatusError extends DigestError {
  readonly status: number;
  /** When the server asked us to come back (429/503 Retry-After), if it did. */
  readonly retryAfter: Date | null;
  /** The response's headers and first bytes, when the request asked to keep them (bot-wall recognition). */
  readonly evidence: { headers: Record<string, string>; body: string } | undefined;
  constructor(url: string, status: number, retryAfter: Date | null, evidence?: { headers: Record<string, string>; body: string }) {
    super(`${url} answered HTTP ${status}`, { hint: hintForStatus(status, retryAfter) });
    this.status = status;
    this.retryAfter = retryAfter;
    this.evidence = evidence;
  }
}

function hintForStatus(status: number, retryAfter: Date | null): string {
  if (status === 404 || status === 410) return 'the feed moved or was removed; find its current URL on the site and update the source';
  if (status === 401 || status === 403) return 'the site refuses the bot; the feed may need a login or blocks automated readers';
  if (status === 429 || status === 503) {
    return retryAfter ? `the site asked us to slow down; next attempt after ${retryAfter.toISOString()}` : 'the site is busy or rate-limiting; it is retried on the next run';
  }
  if (status >= 500) return 'the site has a server error; it is retried on the next run';
  return 'check the feed URL in a browser';
}

/** Any other network failure (DNS, refused connection, TLS). */
export class FetchNetworkError extends DigestError {
  constructor(url: string, reason: string, cause?: unknown) {
    super(`could not fetch ${url}: ${reason}`, { hint: 'check the URL and that the site is up; it is retried on the next run', cause });
  }
}

/** Why a document was refused as a feed: the feed codes of DigestErrorCode (src/errors.ts). Stable. */
export type FeedRefusalCode = Exclude<Extract<DigestErrorCode, `feed-${string}`>, 'feed-unreadable'>;

/** The bytes are not a feed we can read; `code` says which way, the hint how to fix it. */
export class FeedParseError extends DigestError {
  declare readonly code: FeedRefusalCode;
  constructor(code: FeedRefusalCode, reason: string, hint: string, cause?: unknown) {
    super(reason, { code, hint, cause });
  }
}

/** A local feed file could not be read. */
export class FeedFileError extends DigestError {
  constructor(path: string, reason: string, cause?: unknown) {
    super(`cannot read feed file ${path}: ${reason}`, { hint: 'check the path and its permissions', cause });
  }
}
