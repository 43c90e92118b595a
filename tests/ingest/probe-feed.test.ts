import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.ts';
import { probeFeed } from '../../src/ingest/probe-feed.ts';
import type { IngestOptions } from '../../src/ingest/run-ingest.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';
import { fixture, fixturePath } from './fixtures.ts';

const defaults: IngestOptions = configSchema.parse({}).ingest;
let server: FeedServer;
beforeEach(async () => {
  server = await startFeedServer();
});
afterEach(async () => {
  await server.close();
});

describe('probeFeed', () => {
  it('returns the title and item count of a good feed', async () => {
    server.route('/feed', { body: fixture('atom-bad-date.xml') });
    expect(await probeFeed(server.url('/feed'), { ...defaults, allowPrivateNetworks: true })).toEqual({ ok: true, title: 'AI Alignment Forum', itemCount: 2 });
  });

  it('refuses a private address with a hint and sends nothing', async () => {
    server.route('/feed', { body: fixture('rss1.xml') });
    const result = await probeFeed(server.url('/feed'), defaults);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/loopback/), hint: expect.stringMatching(/public internet/) });
    expect(server.requests).toHaveLength(0);
  });

  it('explains a page that is not a feed and a 404', async () => {
    server.route('/html', { headers: { 'content-type': 'text/html' }, body: '<html><body><p>hello</p></body></html>' });
    const options = { ...defaults, allowPrivateNetworks: true };
    const html = await probeFeed(server.url('/html'), options);
    expect(html).toMatchObject({ ok: false, error: 'this is an HTML page, not a feed', hint: expect.stringMatching(/RSS, Atom or JSON feed/) });
    const missing = await probeFeed(server.url('/missing'), options);
    expect(missing).toMatchObject({ ok: false, error: expect.stringMatching(/HTTP 404/), hint: expect.stringMatching(/moved or was removed/) });
  });

  it('reads local files only when allowed', async () => {
    const path = fixturePath('rss1.xml');
    expect(await probeFeed(path, defaults)).toMatchObject({ ok: false, error: expect.stringMatching(/only http\(s\) URLs/) });
    expect(await probeFeed(path, { ...defaults, allowLocalFiles: true })).toEqual({ ok: true, title: 'cs.AI updates on arXiv.org', itemCount: 2 });
    expect(await probeFeed('not a url at all', defaults)).toMatchObject({ ok: false });
  });
});
