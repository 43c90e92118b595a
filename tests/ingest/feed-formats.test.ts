import { describe, expect, it } from 'vitest';
import { normaliseItem } from '../../src/ingest/normalise-item.ts';
import { parseFeed } from '../../src/ingest/parse-feed.ts';
import { fixture, fixturePath } from './fixtures.ts';
import { pathToFileURL } from 'node:url';

const fetchedAt = new Date('2026-03-31T12:00:00Z');

describe('every feed format feedparser reads', () => {
  it('reads RSS without a version attribute', async () => {
    const feed = await parseFeed(fixture('rss-no-version.xml'), { feedUrl: 'https://news.example.net/rss' });
    expect(feed).toMatchObject({ format: 'rss', title: 'Evening News Digest', link: 'https://news.example.net/' });
    expect(feed.items.map((i) => i.link)).toEqual(['https://news.example.net/2026/03/tram', 'https://news.example.net/2026/03/library']);
    expect(feed.items[0]!.dateText).toBe('Mon, 30 Mar 2026 18:00:00 +0100');
  });

  it('reads RSS 0.90 (RDF in the Netscape namespace, items beside the channel)', async () => {
    const feed = await parseFeed(fixture('rss090.xml'), { feedUrl: null });
    expect(feed).toMatchObject({ format: 'rdf', title: 'Netscape-era Channel', link: 'http://old.example.org/' });
    expect(feed.items.map((i) => [i.title, i.link])).toEqual([['First headline', 'http://old.example.org/1'], ['Second headline', 'http://old.example.org/2']]);
  });

  it('reads Atom 0.3: escaped, inline XML and base64 content; issued/created dates; the feed author', async () => {
    const feed = await parseFeed(fixture('atom03.xml'), { feedUrl: 'https://sketches.example.com/atom.xml' });
    expect(feed).toMatchObject({ format: 'atom', title: 'Notes & Sketches', link: 'https://sketches.example.com/' });
    const [escaped, inline, base64] = feed.items;
    expect(escaped).toMatchObject({ guid: 'tag:sketches.example.com,2026:compilers', dateText: '2026-03-29T10:00:00Z', authors: ['Grace Hopper'] });
    expect(escaped!.html).toBe('<p>The first compiler took <em>years</em>.</p>');
    expect(inline!.html).toBe('<p>Written as <b>XHTML</b> in the feed.</p>');
    expect(base64!.html).toBe('<p>Base64 body.</p>');
    expect(base64!.dateText).toBe('2026-03-27T10:00:00Z');
  });

  it('reads JSON Feed 1.0: author, content_html, content_text, relative url', async () => {
    const feed = await parseFeed(fixture('jsonfeed-1.0.json'), { feedUrl: 'https://ahead.example.com/feed.json' });
    expect(feed).toMatchObject({ format: 'json', title: 'Ahead of Tomorrow', link: 'https://ahead.example.com/' });
    expect(feed.items[0]).toMatchObject({ guid: '2026-03-30-lora', link: 'https://ahead.example.com/p/lora', authors: ['Sebastian R.'], dateText: '2026-03-30T08:00:00+00:00' });
    expect(feed.items[1]).toMatchObject({ link: 'https://ahead.example.com/p/notes', html: 'Plain text body.<br>Second line.', dateText: '2026-03-23T08:00:00Z' });
    const piece = normaliseItem(feed.items[0]!, { sourceId: 's', fetchedAt, baseUrl: null });
    expect(piece.contentText).toBe('Eleven LoRA variants on one benchmark.');
  });

  it('reads JSON Feed 1.1: several authors, external_url, summary, numeric id, inherited feed author', async () => {
    const feed = await parseFeed(fixture('jsonfeed-1.1.json'), { feedUrl: 'https://two.example.org/feed.json' });
    expect(feed.items[0]).toMatchObject({ link: 'https://paper.example.org/abs/1', authors: ['Ana Ortiz', 'Ben Kim'], html: 'Only a summary is given.' });
    expect(feed.items[1]).toMatchObject({ guid: '42', link: null, authors: ['Feed Owner'] });
  });

  it('keeps every Atom author and contributor (arXiv lists co-authors as authors)', async () => {
    const feed = await parseFeed(fixture('atom-authors.xml'), { feedUrl: 'http://export.arxiv.org/api/query' });
    expect(feed.items[0]).toMatchObject({
      title: 'Sparse Probes for Reward Hacking',
      authors: ['Alice Smith', 'Bob Jones', 'Carol Wu'],
      contributors: ['Dan Editor'],
      link: 'http://arxiv.org/abs/2603.01234v1',
      dateText: '2026-03-29T17:59:59Z',
    });
    expect(feed.items[0]!.html).toBe('We train sparse probes on the residual stream &amp; find 3 features that flag reward hacking.');
    expect(feed.items[1]).toMatchObject({ title: 'Scaling Laws for <10B Models', link: 'http://arxiv.org/abs/2603.05678v2', dateText: '2026-03-28T12:00:00Z' });
    expect(feed.items[1]!.html).toBe('<p>Fitted on <em>40</em> runs.</p>');
    const piece = normaliseItem(feed.items[0]!, { sourceId: 'arxiv', fetchedAt, baseUrl: null });
    expect(piece.authors).toEqual(['Alice Smith', 'Bob Jones', 'Carol Wu', 'Dan Editor']);
  });

  it('never takes an isPermaLink="false" guid as the link; a permalink guid is one; "email (Name)" authors', async () => {
    const feed = await parseFeed(fixture('rss-permalink.xml'), { feedUrl: 'https://guids.example.com/feed' });
    expect(feed.items.map((i) => [i.guid, i.link])).toEqual([
      ['https://guids.example.com/internal/17', null],
      ['https://guids.example.com/posts/18', 'https://guids.example.com/posts/18'],
      ['urn:uuid:6f0e9a3c-19', 'https://guids.example.com/posts/19'],
    ]);
    expect(feed.items[2]!.authors).toEqual(['Jo Editor']);
    const opaque = normaliseItem(feed.items[0]!, { sourceId: 's', fetchedAt, baseUrl: null });
    expect(opaque).toMatchObject({ url: '', canonicalUrl: '', guid: 'https://guids.example.com/internal/17' });
  });

  it('drops javascript:, data: and other non-web item links with a reason, and keeps the items', async () => {
    const feed = await parseFeed(fixture('hostile-links.xml'), { feedUrl: 'https://hostile.example.com/rss' });
    expect(feed.items).toHaveLength(5);
    expect(feed.items.map((i) => i.link)).toEqual([null, null, null, null, 'https://hostile.example.com/posts/fine']);
    expect(feed.items[0]!.linkProblem).toMatch(/not an http\(s\) address \(javascript:\)/);
    expect(feed.items[1]!.linkProblem).toMatch(/\(data:\)/);
    expect(feed.items[2]!.linkProblem).toMatch(/\(javascript:\)/);
    expect(feed.items[3]!.linkProblem).toMatch(/\(ftp:\)/);
    expect(feed.items[4]!.linkProblem).toBeNull();
    for (const item of feed.items) expect(normaliseItem(item, { sourceId: 's', fetchedAt, baseUrl: null }).url).not.toMatch(/^(javascript|data|ftp):/i);
  });

  it('resolves links and content URLs against xml:base on the entry and on the content element', async () => {
    const feed = await parseFeed(fixture('xml-base-content.xml'), { feedUrl: 'https://mirror.example.net/atom.xml' });
    expect(feed.link).toBe('https://www.example.org/blog/');
    const [first, second] = feed.items.map((item) => normaliseItem(item, { sourceId: 's', fetchedAt, baseUrl: null }));
    expect(first!.url).toBe('https://www.example.org/blog/2026/one.html');
    expect(first!.contentHtml).toContain('src="https://www.example.org/blog/2026/media/fig1.png"');
    expect(first!.contentHtml).toContain('href="https://www.example.org/blog/2026/two.html"');
    expect(second!.url).toBe('https://www.example.org/blog/three.html');
    expect(second!.contentHtml).toContain('href="https://www.example.org/notes/four.html"');
  });

  it("resolves a local file's relative links against the feed's own link, never to file: URLs", async () => {
    const feedUrl = pathToFileURL(fixturePath('local-relative.xml')).href;
    const feed = await parseFeed(fixture('local-relative.xml'), { feedUrl });
    const piece = normaliseItem(feed.items[0]!, { sourceId: 's', fetchedAt, baseUrl: feedUrl });
    expect(piece.url).toBe('https://saved.example.com/blog/posts/relative?id=7');
    expect(piece.contentHtml).toContain('href="https://saved.example.com/about"');
    expect(piece.contentHtml).toContain('src="https://saved.example.com/img/a.png"');
    expect(piece.contentHtml).not.toContain('file:');
  });

  it('expands entities the document declares in its DOCTYPE', async () => {
    const feed = await parseFeed(fixture('doctype-entities.xml'), { feedUrl: null });
    expect(feed.title).toBe('Example & Co weblog');
    expect(feed.items[0]).toMatchObject({ guid: 'tag:blog.example.com,2026-05-04:/blog/2006-05-04:/blog/first', title: 'Entities declared in the DOCTYPE © 2026' });
    expect(feed.items[0]!.html).toBe('<p>Body from Example & Co.</p>');
  });

  it('reads inline XHTML in an RSS description and loose HTML that XML would not close', async () => {
    const xml = '<rss version="2.0"><channel><title>Loose</title><item><title>A <b>bold</b> title</title><guid>x</guid>'
      + '<description>Line one<br>line two &amp; <em>more</em></description></item></channel></rss>';
    const feed = await parseFeed(xml, { feedUrl: null });
    expect(feed.items[0]!.title).toBe('A bold title');
    expect(feed.items[0]!.html).toBe('Line one<br>line two &amp; <em>more</em>');
  });

  it("keeps a feed item's maths as TeX in the text the summariser and /digest ask read", async () => {
    const content = '<p>We minimise <math><semantics><mi>L</mi><annotation encoding="application/x-tex">\\mathcal{L}(\\theta)</annotation></semantics></math> with '
      + '<script type="math/tex; mode=display">\\theta_{t+1} = \\theta_t - \\eta \\nabla \\mathcal{L}</script></p>';
    const xml = `<rss version="2.0"><channel><title>Maths</title><item><title>SGD</title><guid>m1</guid><description><![CDATA[${content}]]></description></item></channel></rss>`;
    const feed = await parseFeed(xml, { feedUrl: 'https://maths.example/feed' });
    const piece = normaliseItem(feed.items[0]!, { sourceId: 's', fetchedAt, baseUrl: null });
    expect(piece.contentText).toBe('We minimise $\\mathcal{L}(\\theta)$ with\n$$\\theta_{t+1} = \\theta_t - \\eta \\nabla \\mathcal{L}$$');
  });

  it('maps namespaces by URI, whatever prefix the feed uses, and reads undeclared conventional prefixes', async () => {
    const xml = '<rss version="2.0" xmlns:c="http://purl.org/rss/1.0/modules/content/" xmlns:creator="http://purl.org/dc/elements/1.1/"><channel><title>T</title>'
      + '<item><title>One</title><guid>1</guid><creator:creator>Ann</creator:creator><dc:creator>Bo</dc:creator><c:encoded>&lt;p&gt;Full&lt;/p&gt;</c:encoded><description>Short</description></item></channel></rss>';
    const feed = await parseFeed(xml, { feedUrl: null });
    expect(feed.items[0]).toMatchObject({ authors: ['Ann', 'Bo'], html: '<p>Full</p>' });
  });
});
