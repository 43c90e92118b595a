import { describe, expect, it } from 'vitest';
import { decodeFeed } from '../../src/ingest/decode-feed.ts';
import { FeedParseError } from '../../src/ingest/ingest-errors.ts';
import { parseFeed } from '../../src/ingest/parse-feed.ts';
import { fixture } from './fixtures.ts';

async function refusal(text: string, feedUrl: string | null = null): Promise<FeedParseError> {
  const error = await parseFeed(text, { feedUrl }).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(FeedParseError);
  const refused = error as FeedParseError;
  // Never a JavaScript exception's own words.
  expect(refused.message).not.toMatch(/undefined|Cannot read|TypeError|Unexpected token|properties of/);
  expect(refused.hint).toBeTruthy();
  return refused;
}

describe('coded refusals, each with the cause and a fix hint', () => {
  it('an empty document', async () => {
    expect(await refusal('')).toMatchObject({ code: 'feed-empty', message: 'the document is empty (0 bytes)' });
    expect(await refusal(' \n\t ')).toMatchObject({ code: 'feed-empty', message: 'the document holds only whitespace' });
  });

  it('a well-formed RSS document without a channel', async () => {
    expect(await refusal(fixture('rss-no-channel.xml'))).toMatchObject({ code: 'feed-no-channel', message: 'the RSS document has no <channel> and no items' });
    expect(await refusal('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')).toMatchObject({ code: 'feed-no-channel' });
  });

  it('the wrong root element', async () => {
    expect(await refusal('<?xml version="1.0"?><opml version="2.0"><body/></opml>')).toMatchObject({
      code: 'feed-not-a-feed',
      message: "not an RSS, Atom or RDF feed: the document's root element is <opml>",
    });
  });

  it('an HTML page, naming the feed it advertises', async () => {
    const page = '<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml?a=1&amp;b=2"></head><body>Blog</body></html>';
    const error = await refusal(page, 'https://blog.example.com/');
    expect(error).toMatchObject({ code: 'feed-not-a-feed', message: 'this is an HTML page, not a feed', hint: 'the page names its feed: use https://blog.example.com/feed.xml?a=1&b=2' });
  });

  it('text that is neither XML nor JSON', async () => {
    expect(await refusal('Service temporarily unavailable')).toMatchObject({ code: 'feed-not-a-feed', message: 'the document is not XML or JSON: it starts with "Service temporarily unavailable"' });
  });

  it('JSON that is not a JSON Feed, and JSON that does not parse', async () => {
    expect(await refusal('{"data": []}')).toMatchObject({ code: 'feed-json-not-a-feed', message: 'this is JSON but not a JSON Feed: it has no "version"' });
    expect(await refusal('[1, 2]')).toMatchObject({ code: 'feed-json-not-a-feed' });
    expect(await refusal('{"version": "https://jsonfeed.org/version/1.1", "title": "x"}')).toMatchObject({ code: 'feed-json-not-a-feed', message: 'this JSON Feed has no "items" list' });
    expect(await refusal('{"version": "https://jsonfeed.org/version/1", "items": [')).toMatchObject({ code: 'feed-malformed' });
  });

  it('a truncated document', async () => {
    const whole = fixture('rss2.xml');
    const cut = whole.slice(0, Math.floor(whole.length * 0.6));
    const error = await refusal(cut);
    expect(error.code).toBe('feed-truncated');
    expect(error.message).toMatch(/^the document ends inside <[\w:]+>: it was cut off \(\d+ characters received\)$/);
    expect(error.hint).toMatch(/retried/);
  });

  it('bytes that are no text in any encoding', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, ...new Array(64).fill(0)]);
    expect(() => decodeFeed(png, 'application/rss+xml')).toThrow(expect.objectContaining({ code: 'feed-undecodable', hint: expect.stringMatching(/UTF-8/) }));
    const gzip = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03, ...new Array(64).fill(1)]);
    expect(() => decodeFeed(gzip, null)).toThrow(/gzip-compressed data that the server did not label/);
  });
});
