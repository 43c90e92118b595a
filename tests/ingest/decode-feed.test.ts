import { describe, expect, it } from 'vitest';
import { decodeFeed, detectCharset } from '../../src/ingest/decode-feed.ts';

function feedBytes(encoding: string, titleBytes: number[]): Uint8Array {
  const head = Buffer.from(`<?xml version="1.0" encoding="${encoding}"?><rss version="2.0"><channel><title>`, 'latin1');
  const tail = Buffer.from('</title></channel></rss>', 'latin1');
  return new Uint8Array(Buffer.concat([head, Buffer.from(titleBytes), tail]));
}

describe('decodeFeed', () => {
  it('reads windows-1251 declared only in the prolog', () => {
    const bytes = feedBytes('windows-1251', [0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]);
    expect(detectCharset(bytes, 'application/rss+xml')).toBe('windows-1251');
    expect(decodeFeed(bytes, 'application/rss+xml')).toContain('<title>Привет</title>');
  });

  it('reads ISO-8859-1 declared only in the prolog', () => {
    expect(decodeFeed(feedBytes('ISO-8859-1', [0x63, 0x61, 0x66, 0xe9]), null)).toContain('<title>café</title>');
  });

  it('reads Shift_JIS declared only in the prolog', () => {
    expect(decodeFeed(feedBytes('Shift_JIS', [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea]), 'text/xml')).toContain('<title>日本語</title>');
  });

  it('prefers the Content-Type charset over the prolog', () => {
    const bytes = feedBytes('utf-8', [0xcf, 0xf0]);
    expect(decodeFeed(bytes, 'text/xml; charset=windows-1251')).toContain('Пр');
  });

  it('strips a UTF-8 BOM and falls back to UTF-8 for unknown labels', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('<?xml version="1.0" encoding="x-made-up"?><a>é</a>')]);
    const text = decodeFeed(bom, 'text/xml; charset=bogus');
    expect(text.startsWith('<?xml')).toBe(true);
    expect(text).toContain('<a>é</a>');
  });
});
