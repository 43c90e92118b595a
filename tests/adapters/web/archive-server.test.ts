import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeRequest, startArchiveServer, type ArchiveServer } from '../../../adapters/web/archive-server.ts';
import { SITE_ASSETS } from '../../../adapters/web/site-assets.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { createSiteRig, type SiteRig } from './site-harness.ts';

let rig: SiteRig;
let server: ArchiveServer;
let base: string;

beforeAll(async () => {
  rig = await createSiteRig();
  server = await startArchiveServer({ site: rig.site, port: 0, host: '127.0.0.1', logger: createLogger({ level: 'silent' }) });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
  await rig.close();
});

/** A request with the target exactly as written (fetch would normalise dot segments away). */
function rawGet(target: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: target, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => fetch(`${base}${path}`, { headers, method, redirect: 'manual' });

describe('the archive over HTTP', () => {
  it('serves an edition with a strict CSP, no referrer, noindex for a private archive, and cache validators', async () => {
    const response = await get(`/c/${rig.seeded.token}/2026-03-02/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|script-src/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect(response.headers.get('cache-control')).toBe('private, max-age=60');
    expect(response.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(response.headers.get('last-modified')).toBe('Mon, 02 Mar 2026 09:00:00 GMT');
    const body = await response.text();
    expect(body).toContain('<h1>AI Research Digest — 2 March 2026</h1>');
    // No inline script or style anywhere: the CSP would block them, so the page must not need them.
    expect(body).not.toMatch(/<script|<style|\sstyle=/i);
  });

  it('answers 304 to a matching If-None-Match or a fresh If-Modified-Since, with the validators and no body', async () => {
    const path = `/c/${rig.seeded.token}/2026-03-02/`;
    const first = await get(path);
    const etag = first.headers.get('etag')!;
    const byTag = await get(path, { 'if-none-match': `W/"nope", ${etag}` });
    expect(byTag.status).toBe(304);
    expect(byTag.headers.get('etag')).toBe(etag);
    expect(byTag.headers.get('cache-control')).toBe('private, max-age=60');
    expect(await byTag.text()).toBe('');
    expect((await get(path, { 'if-modified-since': first.headers.get('last-modified')! })).status).toBe(304);
    expect((await get(path, { 'if-modified-since': 'Sun, 01 Mar 2026 09:00:00 GMT' })).status).toBe(200);
    // If-None-Match wins over If-Modified-Since (RFC 9110): a stale tag gets the page.
    expect((await get(path, { 'if-none-match': '"stale"', 'if-modified-since': first.headers.get('last-modified')! })).status).toBe(200);
  });

  it('serves public pages with a shared-cache policy and assets as immutable', async () => {
    const index = await get(`/c/${rig.seeded.publicSlug}/`);
    expect(index.headers.get('cache-control')).toBe('public, max-age=300');
    expect(index.headers.get('x-robots-tag')).toBeNull();
    const css = await get(`/${SITE_ASSETS.stylesheet.path}`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('a wrong token, a probe and a missing page get the same 404 that reveals nothing, never cached', async () => {
    const bodies = new Set<string>();
    for (const path of ['/c/wrong-token-wrong-token/', `/c/${rig.seeded.token.slice(1)}/`, `/c/${rig.seeded.token}/2020-01-01/`, '/c/%41bc/', '/c/../', '/../etc/passwd', '/c/a/b/c/d/', '//c/' + rig.seeded.token + '/']) {
      const response = await rawGet(path);
      expect(response.status, path).toBe(404);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.etag).toBeUndefined();
      bodies.add(response.body);
    }
    expect(bodies.size).toBe(1);
    const [body] = [...bodies];
    // The 404 links the site's root, so its stylesheet loads at any depth.
    expect(body).toContain(`href="/${SITE_ASSETS.stylesheet.path}"`);
  });

  it('rotating the token takes the old address down at once', async () => {
    const old = rig.seeded.token;
    expect((await get(`/c/${old}/`)).status).toBe(200);
    const rotated = await rig.store.rotateArchiveToken(rig.seeded.privateChannelId, 'rotated-token-rotated-tok', new Date());
    expect((await get(`/c/${old}/`)).status).toBe(404);
    expect((await get(`/c/${old}/feed.xml`)).status).toBe(404);
    expect((await get(`/c/${rotated!.token}/`)).status).toBe(200);
    await rig.store.rotateArchiveToken(rig.seeded.privateChannelId, old, new Date());
  });

  it('redirects a directory address without its slash, answers HEAD without a body, and refuses other methods', async () => {
    const redirect = await get(`/c/${rig.seeded.token}/2026-03-02?x=1`);
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe(`/c/${rig.seeded.token}/2026-03-02/?x=1`);
    const head = await get(`/c/${rig.seeded.token}/`, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
    expect(await head.text()).toBe('');
    const post = await get(`/c/${rig.seeded.token}/`, {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await get(`/${'a'.repeat(3000)}`)).status).toBe(414);
  });

  it('search works from a plain GET form', async () => {
    const response = await get(`/c/${rig.seeded.token}/search/?q=ensemble`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/\d+ results for “ensemble”/);
  });
});

describe('routeRequest', () => {
  it("strips the public URL's path and refuses everything outside it", () => {
    expect(routeRequest('/digests/c/k/?q=a+b', '/digests/')).toEqual({ path: 'c/k/', query: new URLSearchParams('q=a+b') });
    expect(routeRequest('/digests', '/digests/')).toEqual({ redirect: '/digests/' });
    expect(routeRequest('/c/k/', '/digests/')).toBeUndefined();
    expect(routeRequest('/', '/')).toMatchObject({ path: '' });
    expect(routeRequest('/c/k/feed.xml', '/')).toMatchObject({ path: 'c/k/feed.xml' });
    expect(routeRequest('http://evil.example/c/k/', '/')).toBeUndefined();
    expect(routeRequest('/c/./k/', '/')).toBeUndefined();
    expect(routeRequest('//c/k/', '/')).toBeUndefined();
    expect(routeRequest('/c/k%2F/', '/')).toBeUndefined();
  });
});
