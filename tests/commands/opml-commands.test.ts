import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatchText } from '../../commands/dispatch.ts';
import { parseOpml } from '../../src/opml/parse-opml.ts';
import { withoutLiteralMarks } from '../../src/text/literal-text.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';
import { CHANNEL, createRig, RIG_CONFIG, snapshot, type TestRig } from './test-context.ts';

// /digest sources import <url> and export, through the command layer, the real use cases and the real safe
// fetcher against a feed server on 127.0.0.1 (allowed here only because the config says so).

let server: FeedServer;
let rig: TestRig | undefined;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await rig?.store.close();
  rig = undefined;
});

const OPML = (urls: [string, string][]) =>
  `<?xml version="1.0"?><opml version="2.0"><head><title>My feeds</title></head><body>
<outline text="AI"><${urls.map(([title, url]) => `outline type="rss" text="${title}" xmlUrl="${url}"/`).join('><')}></outline></body></opml>`;

const start = async (config: Record<string, unknown> = { ...RIG_CONFIG, ingest: { allowPrivateNetworks: true } }): Promise<TestRig> => {
  rig = await createRig({ config });
  await rig.services.bot.ensureChannel(CHANNEL);
  return rig;
};
const say = async (text: string, r: TestRig, admin = true) => {
  const reply = await dispatchText(text, r.ctx({ admin }));
  return { ...reply, text: withoutLiteralMarks(reply.text) };
};

describe('/digest sources import <url>', () => {
  it('adds each feed of the OPML file with the file’s names, skips what the channel has, and refuses what the URL policy refuses', async () => {
    server.route('/feeds.opml', { status: 200, headers: { 'content-type': 'text/x-opml' }, body: OPML([
      ['The Gradient', 'https://thegradient.pub/rss/'],
      ['Ahead of AI', 'https://magazine.sebastianraschka.com/feed'],
      ['Local file', '/etc/passwd'],
      ['The Gradient again', 'https://thegradient.pub/rss/'],
    ]) });
    const r = await start();
    const reply = await say(`sources import ${server.url('/feeds.opml')}`, r);
    expect(reply.kind).toBe('ok');
    expect(reply.text).toContain('**OPML import:** 2 added, 1 skipped, 1 refused.');
    expect(reply.text).toMatch(/3\. refused "Local file" \/etc\/passwd — .*not an http\(s\) URL/);
    const names = (await r.store.listSubscriptions()).map((s) => [s.nameOverride, s.source.url]);
    expect(names).toEqual([['The Gradient', 'https://thegradient.pub/rss/'], ['Ahead of AI', 'https://magazine.sebastianraschka.com/feed']]);

    // The same file again: everything is already there, and the one refusal makes it an error (as the CLI's exit code).
    const again = await say(`sources import ${server.url('/feeds.opml')}`, r);
    expect(again).toMatchObject({ kind: 'error' });
    expect(again.text).toContain('No feed was added from that OPML file (3 skipped, 1 refused)');
  });

  it('fetches under the URL policy: a private address is refused by default, as are files and non-OPML answers', async () => {
    server.route('/feeds.opml', { status: 200, body: OPML([['A', 'https://a.example/feed']]) });
    const r = await start(RIG_CONFIG);
    const before = await snapshot(r.store);
    const local = await say(`sources import ${server.url('/feeds.opml')}`, r);
    expect(local.kind).toBe('error');
    expect(local.text).toMatch(/private|loopback|127\.0\.0\.1/i);
    expect((await say('sources import file:///etc/feeds.opml', r)).text).toContain('not an http(s) URL');
    expect((await say('sources import ftp://example.org/feeds.opml', r)).text).toContain('not an http(s) URL');
    expect(await snapshot(r.store)).toBe(before);
    expect((await say('sources import https://example.org/feeds.opml', r, false)).text).toMatch(/admins only/);
  });

  it('says what is wrong with a page that is not OPML or a URL that fails, and changes nothing', async () => {
    server.route('/page.html', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>hello</body></html>' });
    server.route('/gone.opml', { status: 404, body: 'not here' });
    const r = await start();
    const before = await snapshot(r.store);
    const page = await say(`sources import ${server.url('/page.html')}`, r);
    expect(page.kind).toBe('error');
    expect(page.text).toMatch(/OPML/);
    const gone = await say(`sources import ${server.url('/gone.opml')}`, r);
    expect(gone.kind).toBe('error');
    expect(gone.text).toMatch(/404/);
    expect(await snapshot(r.store)).toBe(before);
  });
});

describe('/digest sources export', () => {
  it('answers the channel’s feeds as OPML that imports back into another channel unchanged', async () => {
    server.route('/feeds.opml', { status: 200, body: OPML([['The Gradient', 'https://thegradient.pub/rss/'], ['Ahead ```of``` AI & co', 'https://magazine.sebastianraschka.com/feed']]) });
    const r = await start();
    await say(`sources import ${server.url('/feeds.opml')}`, r);
    const reply = await say('sources export', r);
    expect(reply.kind).toBe('ok');
    const opml = /```\n([\s\S]*)\n```$/.exec(reply.text)?.[1];
    expect(opml).toBeDefined();
    const parsed = parseOpml(opml!.replace(/\u200b/g, ''));
    expect(parsed.entries.map((e) => [e.title, e.url])).toEqual([['The Gradient', 'https://thegradient.pub/rss/'], ['Ahead ```of``` AI & co', 'https://magazine.sebastianraschka.com/feed']]);
    // No premature end of the code block.
    expect(opml).not.toContain('```');
  });

  it('refuses an export too long for a chat message, pointing to the CLI', async () => {
    const many = Array.from({ length: 40 }, (_, i): [string, string] => [`Feed number ${i}`, `https://blog${i}.example/feed.xml`]);
    server.route('/many.opml', { status: 200, body: OPML(many) });
    const r = await start();
    expect((await say(`sources import ${server.url('/many.opml')}`, r)).text).toContain('40 added');
    const reply = await say('sources export', r);
    expect(reply).toMatchObject({ kind: 'error' });
    expect(reply.text).toContain('digest sources export > feeds.opml');
  });
});
