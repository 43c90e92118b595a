import { describe, expect, it } from 'vitest';
import { FeedParseError } from '../../src/ingest/ingest-errors.ts';
import { decodeXmlText, MAX_ENTITY_CHARS, splitDoctype } from '../../src/ingest/feed-dtd.ts';
import { parseFeed } from '../../src/ingest/parse-feed.ts';
import { fixture } from './fixtures.ts';

describe('parseFeed', () => {
  it('reads RSS 2.0 with authors, dates and content', async () => {
    const feed = await parseFeed(fixture('rss2.xml'), { feedUrl: 'https://thegradient.pub/rss/' });
    expect(feed.title).toBe('The Gradient');
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({ guid: 'gradient-1', authors: ['Ada Lovelace'], dateText: 'Mon, 30 Mar 2026 09:00:00 GMT' });
    expect(feed.items[0]!.html).toContain('<script>');
    expect(feed.items[1]).toMatchObject({ guid: null, dateText: null, link: 'https://thegradient.pub/no-date/' });
  });

  it('reads RSS 0.91', async () => {
    const feed = await parseFeed(fixture('rss091.xml'), { feedUrl: null });
    expect(feed.title).toBe('Old School');
    expect(feed.items.map((i) => i.link)).toEqual(['http://old.example.com/first']);
  });

  it('reads RSS 1.0 (RDF) with several dc:creator and rdf:about as guid', async () => {
    const feed = await parseFeed(fixture('rss1.xml'), { feedUrl: 'http://export.arxiv.org/rss/cs.AI' });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({
      guid: 'http://arxiv.org/abs/2603.00001',
      title: 'Scalable Oversight via Debate',
      authors: ['Alice Smith', 'Bob Jones'],
      dateText: '2026-03-30T00:00:00Z',
    });
  });

  it('keeps an Atom feed whose one entry has an invalid date (rss-parser alone rejects the whole feed)', async () => {
    const feed = await parseFeed(fixture('atom-bad-date.xml'), { feedUrl: 'https://www.alignmentforum.org/feed.xml' });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toMatchObject({ guid: 'af-1', dateText: '2026-03-29T10:00:00Z', authors: ['Paul'] });
    expect(feed.items[1]).toMatchObject({ guid: 'af-2', dateText: 'not a date at all' });
    expect(feed.items[1]!.html).toContain('Still kept.');
  });

  it('resolves relative links against xml:base', async () => {
    const feed = await parseFeed(fixture('atom-relative.xml'), { feedUrl: 'https://other.example/feed' });
    expect(feed.items[0]!.link).toBe('https://blog.example.org/ai/posts/one.html');
    expect(feed.link).toBe('https://blog.example.org/ai/index.html');
  });

  it("resolves an entry's links against its own xml:base, itself relative to the feed's", async () => {
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://site.example/blog/"><title>T</title>
      <entry xml:base="https://mirror.example/posts/"><id>1</id><title>One</title><link href="one"/><updated>2026-01-01T00:00:00Z</updated>
        <content type="html"><![CDATA[<p>An <entry xml:base="https://evil.example/"> tag in text is not an entry.</p>]]></content></entry>
      <!-- <entry xml:base="https://evil.example/"> -->
      <entry xml:base="archive/"><id>2</id><title>Two</title><link href="two"/><updated>2026-01-01T00:00:00Z</updated></entry>
      <entry><id>3</id><title>Three</title><link href="three"/><updated>2026-01-01T00:00:00Z</updated></entry></feed>`;
    const feed = await parseFeed(atom, { feedUrl: 'https://site.example/feed.xml' });
    expect(feed.items.map((i) => i.link)).toEqual(['https://mirror.example/posts/one', 'https://site.example/blog/archive/two', 'https://site.example/blog/three']);
  });

  it('resolves relative links against the feed URL when there is no xml:base', async () => {
    const feed = await parseFeed(fixture('rss-relative.xml'), { feedUrl: 'https://site.example/feeds/all.xml' });
    expect(feed.items[0]!.link).toBe('https://site.example/posts/two');
  });

  it('reports malformed XML with the line of the element left open', async () => {
    const error = await parseFeed(fixture('malformed.xml'), { feedUrl: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedParseError);
    expect(error).toMatchObject({ code: 'feed-malformed', message: 'malformed XML at line 2: <title> is never closed (</channel> at line 4 ends it)' });
    expect((error as FeedParseError).hint).toMatch(/browser/);
  });
});

describe('entity attacks', () => {
  it('does not expand billion laughs: output stays the size of the input', async () => {
    const xml = fixture('billion-laughs.xml');
    const feed = await parseFeed(xml, { feedUrl: null });
    expect(feed.items).toHaveLength(1);
    const item = feed.items[0]!;
    expect(item.title).toBe('&lol9;');
    expect(item.html.length).toBeLessThan(100);
    expect(JSON.stringify(feed).length).toBeLessThan(xml.length);
  });

  it('does not expand the quadratic blowup entity', async () => {
    const xml = fixture('quadratic-blowup.xml');
    const feed = await parseFeed(xml, { feedUrl: null });
    expect(feed.items[0]!.html).not.toContain('aaaa');
    expect(feed.items[0]!.html.length).toBeLessThanOrEqual(50_000 * '&a;'.length);
  });

  it('never reads a file named by an external entity', async () => {
    const feed = await parseFeed(fixture('external-entity-file.xml'), { feedUrl: null });
    const all = JSON.stringify(feed);
    expect(all).not.toContain('root:');
    expect(feed.items[0]!.title).toBe('Leak &xxe;');
  });

  it('removes DOCTYPEs with internal subsets and quoted brackets, keeping their internal entities', () => {
    const { xml, entities } = splitDoctype('<!DOCTYPE x [ <!ENTITY a "]>"> ]><r>&a;</r>');
    expect(xml).toBe('<r>&a;</r>');
    expect(decodeXmlText('&a;', entities)).toBe(']>');
    expect(decodeXmlText('&amp;&lt;&#38;&#x26; &nbsp; AT&T &#0; &#xD800;', null)).toBe('&<&& &nbsp; AT&T &#0; &#xD800;');
  });

  it('expands a legitimate entity next to an entity bomb, and leaves the bomb unexpanded', async () => {
    const laughs = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY brand "Acme Research"><!ENTITY lol "lol">${laughs}<!ENTITY self "&self;">`
      + `<!ENTITY % pe SYSTEM "http://127.0.0.1/x"> %pe;]><rss version="2.0"><channel><title>&brand; feed</title>`
      + `<item><title>&brand;: &lol3; &lol9; &self; &undeclared;</title><guid>1</guid><description>&lol9;&lol9;&lol9;</description></item></channel></rss>`;
    const feed = await parseFeed(xml, { feedUrl: null });
    expect(feed.title).toBe('Acme Research feed');
    expect(feed.items[0]!.title).toBe(`Acme Research: ${'lol'.repeat(1000)} &lol9; &self; &undeclared;`);
    expect(feed.items[0]!.html).toBe('&lol9;&lol9;&lol9;');
    expect('lol'.repeat(10_000).length).toBeGreaterThan(MAX_ENTITY_CHARS);
  });

  it('caps the characters all expansions may add to one document', async () => {
    const big = 'x'.repeat(MAX_ENTITY_CHARS);
    const refs = '&big;'.repeat(100);
    const xml = `<!DOCTYPE rss [<!ENTITY big "${big}">]><rss><channel><title>t</title><item><guid>1</guid><description>${refs}</description></item></channel></rss>`;
    const feed = await parseFeed(xml, { feedUrl: null });
    const html = feed.items[0]!.html;
    expect(html.length).toBeLessThanOrEqual(1024 * 1024 + 100 * 5);
    expect(html).toContain('&big;');
    expect(html.startsWith(big)).toBe(true);
  });
});
