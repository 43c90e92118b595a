import { describe, expect, it } from 'vitest';
import { normaliseItem, pieceIdFor } from '../../src/ingest/normalise-item.ts';
import { parseFeed } from '../../src/ingest/parse-feed.ts';
import { extractMainText } from '../../src/ingest/full-text.ts';
import { SIGNATURE_SIZE } from '../../src/ingest/minhash.ts';
import { fixture } from './fixtures.ts';

const fetchedAt = new Date('2026-03-31T12:00:00Z');

describe('normaliseItem', () => {
  it('builds a safe, stable piece from an RSS item', async () => {
    const feed = await parseFeed(fixture('rss2.xml'), { feedUrl: 'https://thegradient.pub/rss/' });
    const piece = normaliseItem(feed.items[0]!, { sourceId: 'src1', fetchedAt, baseUrl: 'https://thegradient.pub/rss/' });
    expect(piece.id).toBe(pieceIdFor('src1', 'gradient-1'));
    expect(piece.title).toBe('Mechanistic interpretability & you');
    expect(piece.canonicalUrl).toBe('https://thegradient.pub/mech-interp');
    expect(piece.authors).toEqual(['Ada Lovelace']);
    expect(piece.publishedAt.toISOString()).toBe('2026-03-30T09:00:00.000Z');
    expect(piece.publishedAtEstimated).toBe(false);
    expect(piece.contentHtml).not.toMatch(/script|onclick|javascript:|iframe/i);
    expect(piece.contentHtml).toContain('href="https://thegradient.pub/about"');
    expect(piece.contentText).toContain('Circuits in transformers explain behaviour.');
    expect(piece.contentText).not.toContain('alert');
    expect(piece.wordCount).toBeGreaterThan(3);
    expect(piece.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(piece.signature.length).toBe(SIGNATURE_SIZE);
  });

  it('flags a missing date and uses the fetch time; decodes HTML entities in text', async () => {
    const feed = await parseFeed(fixture('rss2.xml'), { feedUrl: 'https://thegradient.pub/rss/' });
    const piece = normaliseItem(feed.items[1]!, { sourceId: 'src1', fetchedAt, baseUrl: null });
    expect(piece.publishedAt).toEqual(fetchedAt);
    expect(piece.publishedAtEstimated).toBe(true);
    expect(piece.guid).toBe('https://thegradient.pub/no-date/');
    expect(piece.contentText).toBe('An item — without any date.');
  });

  it('keeps an Atom entry with an invalid date, flagged; decodes type="html" titles', async () => {
    const feed = await parseFeed(fixture('atom-bad-date.xml'), { feedUrl: 'https://www.alignmentforum.org/feed.xml' });
    const [good, bad] = feed.items.map((item) => normaliseItem(item, { sourceId: 'af', fetchedAt, baseUrl: null }));
    expect(good!.title).toBe('Good date & title');
    expect(good!.publishedAtEstimated).toBe(false);
    expect(bad!.publishedAtEstimated).toBe(true);
    expect(bad!.contentText).toBe('Still kept.');
  });

  it('gives the same id across runs and different ids across sources', async () => {
    const feed = await parseFeed(fixture('rss1.xml'), { feedUrl: null });
    const a = normaliseItem(feed.items[0]!, { sourceId: 'x', fetchedAt, baseUrl: null });
    const b = normaliseItem(feed.items[0]!, { sourceId: 'x', fetchedAt: new Date(), baseUrl: null });
    const c = normaliseItem(feed.items[0]!, { sourceId: 'y', fetchedAt, baseUrl: null });
    expect(a.id).toBe(b.id);
    expect(a.id).not.toBe(c.id);
    expect(a.contentHash).toBe(c.contentHash);
  });
});

describe('extractMainText', () => {
  it('extracts the article and drops navigation and scripts', async () => {
    const paragraph = 'Interpretability research tries to explain what a network computes, one circuit at a time. ';
    const page = `<html><head><title>T</title><script>evil()</script></head><body><nav><a href="/">Home</a> <a href="/x">Menu</a></nav>
      <article><h1>Circuits</h1><p>${paragraph.repeat(6)}</p><p onclick="x()">${paragraph.repeat(4)}<img src="/fig.png"></p></article>
      <footer>Copyright</footer></body></html>`;
    const result = await extractMainText(page, 'https://blog.example/post');
    expect(result).not.toBeNull();
    expect(result!.text).toContain('one circuit at a time');
    expect(result!.text).not.toContain('evil');
    expect(result!.html).not.toContain('onclick');
    expect(result!.html).toContain('https://blog.example/fig.png');
  });
});
