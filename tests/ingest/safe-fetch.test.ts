import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyAddress } from '../../src/ingest/address-policy.ts';
import {
  BlockedAddressError,
  FetchTimeoutError,
  HttpStatusError,
  InvalidFeedUrlError,
  ResponseTooLargeError,
  TooManyRedirectsError,
} from '../../src/ingest/ingest-errors.ts';
import { createSafeFetcher, releaseBody, type SafeFetcher, type SafeFetchOptions } from '../../src/ingest/safe-fetch.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';

const base: SafeFetchOptions = { connectTimeoutMs: 2_000, totalTimeoutMs: 5_000, maxBytes: 1024 * 1024, maxRedirects: 5, allowPrivateNetworks: true };
const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>';

let server: FeedServer;
const fetchers: SafeFetcher[] = [];
function fetcher(options: Partial<SafeFetchOptions> = {}): SafeFetcher {
  const f = createSafeFetcher({ ...base, ...options });
  fetchers.push(f);
  return f;
}
const text = (body: Uint8Array): string => new TextDecoder().decode(body);

beforeEach(async () => {
  server = await startFeedServer();
});
afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
  await server.close();
});

describe('safe fetch: HTTP behaviour', () => {
  it('sends a descriptive User-Agent and decompresses gzip and brotli', async () => {
    server.route('/gz', { body: FEED, encoding: 'gzip' });
    server.route('/br', { body: FEED, encoding: 'br' });
    const f = fetcher({ userAgent: 'digest-test/1.0 (+https://example.org)' });
    for (const path of ['/gz', '/br']) {
      const result = await f.fetch(server.url(path));
      expect(result.notModified).toBe(false);
      if (!result.notModified) expect(text(result.body)).toBe(FEED);
    }
    expect(server.requests[0]!.headers['user-agent']).toBe('digest-test/1.0 (+https://example.org)');
    expect(server.requests[0]!.headers['accept-encoding']).toMatch(/gzip/);
  });

  it('gathers a body of many chunks whole, with and without Content-Length, and releaseBody frees it', async () => {
    const big = Buffer.from(`${FEED}${'<!-- padding -->'.repeat(20_000)}`);
    server.route('/sized', { body: big });
    server.route('/chunked', { body: big, chunks: { count: 7, gapMs: 5 } });
    server.route('/gzipped', { body: big, encoding: 'gzip' });
    const f = fetcher();
    for (const path of ['/sized', '/chunked', '/gzipped']) {
      const result = await f.fetch(server.url(path));
      if (result.notModified) throw new Error('unexpected 304');
      expect(Buffer.from(result.body).equals(big), path).toBe(true);
      expect(result.bytes, path).toBe(big.byteLength);
      releaseBody(result.body);
      expect(result.body.byteLength, path).toBe(0);
      expect(() => releaseBody(result.body)).not.toThrow();
    }
  });

  it('makes a conditional GET and reports 304 without a body', async () => {
    server.route('/feed', { body: FEED, etag: '"v1"', lastModified: 'Mon, 30 Mar 2026 09:00:00 GMT' });
    const f = fetcher();
    const first = await f.fetch(server.url('/feed'));
    expect(first).toMatchObject({ status: 200, etag: '"v1"', lastModified: 'Mon, 30 Mar 2026 09:00:00 GMT' });
    const second = await f.fetch(server.url('/feed'), { etag: first.etag, lastModified: first.lastModified });
    expect(second).toMatchObject({ status: 304, notModified: true, bytes: 0, etag: '"v1"' });
    expect(server.requests[1]!.headers['if-none-match']).toBe('"v1"');
  });

  it('times out a slow body', async () => {
    server.route('/slow', { body: FEED.repeat(10), chunks: { count: 10, gapMs: 200 } });
    await expect(fetcher({ totalTimeoutMs: 300 }).fetch(server.url('/slow'))).rejects.toBeInstanceOf(FetchTimeoutError);
  });

  it('times out slow headers', async () => {
    server.route('/late', { body: FEED, delayMs: 1_000 });
    const error = await fetcher({ totalTimeoutMs: 200 }).fetch(server.url('/late')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchTimeoutError);
    expect((error as FetchTimeoutError).hint).toMatch(/retried/);
  });

  it('aborts an endless body past maxBytes', async () => {
    server.route('/huge', { endless: true });
    await expect(fetcher({ maxBytes: 256 * 1024 }).fetch(server.url('/huge'))).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it('refuses a declared oversize body and caps decompressed size (gzip bomb)', async () => {
    server.route('/big', { body: 'x'.repeat(300_000) });
    server.route('/bomb', { body: 'x'.repeat(5_000_000), encoding: 'gzip' });
    const f = fetcher({ maxBytes: 100_000 });
    await expect(f.fetch(server.url('/big'))).rejects.toBeInstanceOf(ResponseTooLargeError);
    await expect(f.fetch(server.url('/bomb'))).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it('follows redirects and reports the final URL', async () => {
    server.route('/old', { redirectTo: '/new', status: 301 });
    server.route('/new', { body: FEED });
    const result = await fetcher().fetch(server.url('/old'));
    expect(result.finalUrl).toBe(server.url('/new'));
  });

  it('stops a redirect loop and a too-long chain', async () => {
    server.route('/a', { redirectTo: '/b' });
    server.route('/b', { redirectTo: '/a' });
    for (let i = 0; i < 8; i++) server.route(`/hop${i}`, { redirectTo: `/hop${i + 1}` });
    const f = fetcher({ maxRedirects: 5 });
    await expect(f.fetch(server.url('/a'))).rejects.toThrow(/redirects in a loop/);
    const error = await f.fetch(server.url('/hop0')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooManyRedirectsError);
    expect(server.requestsTo('/hop6')).toHaveLength(0);
  });

  it('turns 404, 500 and 429 into HttpStatusError with Retry-After', async () => {
    server.route('/gone', { status: 404, body: 'no' });
    server.route('/err', { status: 500, body: 'no' });
    server.route('/busy', { status: 429, headers: { 'retry-after': '120' } });
    server.route('/down', { status: 503, headers: { 'retry-after': 'Wed, 01 Apr 2026 10:00:00 GMT' } });
    const now = new Date('2026-03-31T00:00:00Z');
    const f = fetcher({ now: () => now });
    const gone = (await f.fetch(server.url('/gone')).catch((e: unknown) => e)) as HttpStatusError;
    expect(gone).toBeInstanceOf(HttpStatusError);
    expect(gone.status).toBe(404);
    expect(gone.hint).toMatch(/moved or was removed/);
    expect(((await f.fetch(server.url('/err')).catch((e: unknown) => e)) as HttpStatusError).status).toBe(500);
    const busy = (await f.fetch(server.url('/busy')).catch((e: unknown) => e)) as HttpStatusError;
    expect(busy.retryAfter?.toISOString()).toBe('2026-03-31T00:02:00.000Z');
    const down = (await f.fetch(server.url('/down')).catch((e: unknown) => e)) as HttpStatusError;
    expect(down.retryAfter?.toISOString()).toBe('2026-04-01T10:00:00.000Z');
  });

  it('rejects non-http schemes and credentials', async () => {
    const f = fetcher();
    await expect(f.fetch('ftp://example.com/feed')).rejects.toBeInstanceOf(InvalidFeedUrlError);
    await expect(f.fetch(`http://user:pw@127.0.0.1:${server.port}/`)).rejects.toBeInstanceOf(InvalidFeedUrlError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('safe fetch: SSRF', () => {
  it('refuses a literal private IP without sending a request', async () => {
    server.route('/feed', { body: FEED });
    const f = fetcher({ allowPrivateNetworks: false });
    const error = await f.fetch(server.url('/feed')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect((error as BlockedAddressError).hint).toMatch(/allowPrivateNetworks/);
    await expect(f.fetch('http://10.0.0.1/feed')).rejects.toBeInstanceOf(BlockedAddressError);
    await expect(f.fetch('http://169.254.169.254/latest/meta-data/')).rejects.toThrow(/cloud-metadata/);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses IPv4-mapped IPv6 loopback', async () => {
    server.route('/feed', { body: FEED });
    const f = fetcher({ allowPrivateNetworks: false });
    await expect(f.fetch(`http://[::ffff:127.0.0.1]:${server.port}/feed`)).rejects.toBeInstanceOf(BlockedAddressError);
    await expect(f.fetch(`http://[::1]:${server.port}/feed`)).rejects.toBeInstanceOf(BlockedAddressError);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses decimal, hex and shorthand spellings of loopback and a redirect to a file: URL', async () => {
    server.route('/to-file', { redirectTo: 'file:///etc/passwd' });
    const f = fetcher({ allowPrivateNetworks: false });
    for (const host of ['2130706433', '0x7f.1', '127.1', '0177.0.0.1']) {
      await expect(f.fetch(`http://${host}:${server.port}/`)).rejects.toBeInstanceOf(BlockedAddressError);
    }
    expect(server.requests).toHaveLength(0);
    const classify = (ip: string) => (ip === '127.0.0.1' ? null : classifyAddress(ip));
    await expect(fetcher({ allowPrivateNetworks: false, classify }).fetch(server.url('/to-file'))).rejects.toBeInstanceOf(InvalidFeedUrlError);
  });

  it('refuses a hostname that resolves to 127.0.0.1, and connects to the vetted address when allowed', async () => {
    server.route('/feed', { body: FEED });
    const lookups: string[] = [];
    const resolver = async (host: string) => {
      lookups.push(host);
      return [{ address: '127.0.0.1', family: 4 as const }];
    };
    const url = `http://feeds.example.test:${server.port}/feed`;
    await expect(fetcher({ allowPrivateNetworks: false, resolver }).fetch(url)).rejects.toBeInstanceOf(BlockedAddressError);
    expect(server.requests).toHaveLength(0);
    expect(lookups).toEqual(['feeds.example.test']);
    // Same resolver, private allowed: the socket goes to the address our lookup returned (pinning), Host stays the name.
    const result = await fetcher({ allowPrivateNetworks: true, resolver }).fetch(url);
    expect(result.status).toBe(200);
    expect(server.requests[0]!.headers.host).toBe(`feeds.example.test:${server.port}`);
  });

  it('refuses when any resolved address is private (no mixed answers)', async () => {
    const resolver = async () => [{ address: '93.184.216.34', family: 4 as const }, { address: '10.0.0.5', family: 4 as const }];
    await expect(fetcher({ allowPrivateNetworks: false, resolver }).fetch('http://mixed.example.test/feed')).rejects.toBeInstanceOf(BlockedAddressError);
  });

  it('re-checks every redirect hop: a redirect to the metadata address is refused', async () => {
    // 127.0.0.1 stands in for a public host; every other address keeps the real policy.
    const classify = (ip: string) => (ip === '127.0.0.1' ? null : classifyAddress(ip));
    server.route('/feed', { redirectTo: 'http://169.254.169.254/latest/meta-data/' });
    server.route('/sneaky', { redirectTo: `http://metadata.example.test:${server.port}/x` });
    const resolver = async () => [{ address: '169.254.169.254', family: 4 as const }];
    const f = fetcher({ allowPrivateNetworks: false, classify, resolver });
    await expect(f.fetch(server.url('/feed'))).rejects.toThrow(/169\.254\.169\.254 \(cloud-metadata\)/);
    await expect(f.fetch(server.url('/sneaky'))).rejects.toBeInstanceOf(BlockedAddressError);
    expect(server.requests.map((r) => r.path)).toEqual(['/feed', '/sneaky']);
  });
});

describe('safe fetch: per-request limits and streaming', () => {
  it("caps one request below the fetcher's limit and, when asked, keeps the first bytes instead of failing", async () => {
    server.route('/huge', { endless: true, headers: { 'content-type': 'text/html' } });
    const f = fetcher({ maxBytes: 10 * 1024 * 1024 });
    await expect(f.fetch(server.url('/huge'), { maxBytes: 100_000 })).rejects.toBeInstanceOf(ResponseTooLargeError);
    const cut = await f.fetch(server.url('/huge'), { maxBytes: 100_000, oversize: 'truncate' });
    expect(cut).toMatchObject({ status: 200, bytes: 100_000, truncated: true });
    if (!cut.notModified) expect(cut.body.byteLength).toBe(100_000);
  });

  it('streams into a sink that stops reading when it has had enough', async () => {
    server.route('/page', { body: 'x'.repeat(200_000), chunks: { count: 20, gapMs: 5 }, headers: { 'content-type': 'text/html; charset=utf-8' } });
    const seen: number[] = [];
    let contentType: string | null = null;
    const result = await fetcher().fetch(server.url('/page'), {
      sink: (response) => {
        contentType = response.contentType;
        return { write: (chunk) => {
          seen.push(chunk.byteLength);
          return seen.reduce((a, b) => a + b, 0) < 50_000;
        } };
      },
    });
    expect(contentType).toBe('text/html; charset=utf-8');
    expect(result).toMatchObject({ truncated: true });
    if (!result.notModified) expect(result.body.byteLength).toBe(0);
    expect(result.bytes).toBeLessThan(200_000);
    expect(result.bytes).toBe(seen.reduce((a, b) => a + b, 0));
  });

  it('times one request out on its own timeout and fails with the reason of an outside abort', async () => {
    server.route('/drip', { body: 'y'.repeat(1_000), chunks: { count: 100, gapMs: 100 } });
    const f = fetcher({ totalTimeoutMs: 60_000 });
    const timedOut = await f.fetch(server.url('/drip'), { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(FetchTimeoutError);
    expect((timedOut as Error).message).toMatch(/after 150 ms/);
    const controller = new AbortController();
    const pending = f.fetch(server.url('/drip'), { signal: controller.signal });
    controller.abort(new Error('memory is low'));
    await expect(pending).rejects.toThrow('memory is low');
  });

  it('keeps the headers and first bytes of a refusal when asked', async () => {
    server.route('/wall', { status: 403, headers: { 'content-type': 'text/html', 'cf-mitigated': 'challenge' }, body: '<title>Just a moment...</title>' + 'z'.repeat(100_000) });
    const error = await fetcher().fetch(server.url('/wall'), { errorBodyBytes: 4_096 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    const evidence = (error as HttpStatusError).evidence!;
    expect(evidence.headers['cf-mitigated']).toBe('challenge');
    expect(evidence.body).toMatch(/^<title>Just a moment/);
    expect(evidence.body.length).toBeLessThanOrEqual(4_096);
    const plain = await fetcher().fetch(server.url('/wall')).catch((e: unknown) => e);
    expect((plain as HttpStatusError).evidence).toBeUndefined();
  });
});
