import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/ingest/canonical-url.ts';

describe('canonicalUrl', () => {
  it('treats the same URL with and without tracking parameters as one', () => {
    const plain = canonicalUrl('https://example.com/post/1');
    expect(canonicalUrl('https://Example.COM/post/1/?utm_source=rss&utm_medium=feed&fbclid=abc&gclid=x&ref=hn#comments')).toBe(plain);
    expect(plain).toBe('https://example.com/post/1');
  });

  it('keeps meaningful parameters, sorted', () => {
    expect(canonicalUrl('https://example.com/a?z=1&b=2&utm_campaign=x')).toBe('https://example.com/a?b=2&z=1');
    expect(canonicalUrl('https://example.com/a?id=2')).not.toBe(canonicalUrl('https://example.com/a?id=3'));
  });

  it('keeps the root slash and drops default ports', () => {
    expect(canonicalUrl('https://example.com:443')).toBe('https://example.com/');
    expect(canonicalUrl('http://example.com:80/x//')).toBe('http://example.com/x');
  });

  it('returns unparseable input trimmed', () => {
    expect(canonicalUrl('  not a url ')).toBe('not a url');
  });
});
