import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeFeed, detectCharset } from '../../src/ingest/decode-feed.ts';
import { parseFeed } from '../../src/ingest/parse-feed.ts';

/** An RSS feed with a title and one item, long enough for detection to be sure (as a real feed is). */
function feedText(declaration: string, title: string, body: string): string {
  return `<?xml version="1.0"${declaration}?><rss version="2.0"><channel><title>${title}</title><link>https://x.example/</link>`
    + `<item><title>${title}</title><guid>1</guid><description>${body}</description></item></channel></rss>`;
}

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

  it('reads BOM-less UTF-16BE and UTF-16LE from where the zero bytes fall', async () => {
    const text = feedText(' encoding="UTF-16"', 'Überblick — 概要', 'Zwei Absätze.');
    const le = new Uint8Array(Buffer.from(text, 'utf16le'));
    const be = new Uint8Array(Buffer.from(text, 'utf16le').swap16());
    expect(detectCharset(be, null)).toBe('utf-16be');
    expect(detectCharset(le, 'application/xml')).toBe('utf-16le');
    // A wrong HTTP charset loses to the bytes.
    const feed = await parseFeed(decodeFeed(be, 'text/xml; charset=iso-8859-1'), { feedUrl: null });
    expect(feed.title).toBe('Überblick — 概要');
  });

  it('reads UTF-32 with and without a byte-order mark', async () => {
    const text = feedText('', 'Ωmega 𝔘nicode', 'Astral 🚀 characters.');
    const codes = [...text].map((ch) => ch.codePointAt(0)!);
    const be = Buffer.alloc(codes.length * 4);
    codes.forEach((code, i) => be.writeUInt32BE(code, i * 4));
    const le = Buffer.alloc(codes.length * 4 + 4);
    le.writeUInt32LE(0xfeff, 0);
    codes.forEach((code, i) => le.writeUInt32LE(code, 4 + i * 4));
    expect(detectCharset(new Uint8Array(be), null)).toBe('utf-32be');
    expect(detectCharset(new Uint8Array(le), null)).toBe('utf-32le');
    expect((await parseFeed(decodeFeed(new Uint8Array(be), null), { feedUrl: null })).items[0]!.html).toBe('Astral 🚀 characters.');
    expect((await parseFeed(decodeFeed(new Uint8Array(le), null), { feedUrl: null })).title).toBe('Ωmega 𝔘nicode');
  });

  it('ignores a false encoding="utf-16" on ASCII bytes', async () => {
    const bytes = new Uint8Array(Buffer.from(feedText(' encoding="utf-16"', 'Plain ASCII title', 'Body.'), 'latin1'));
    expect(detectCharset(bytes, null)).toBe('utf-8');
    expect((await parseFeed(decodeFeed(bytes, null), { feedUrl: null })).title).toBe('Plain ASCII title');
  });

  it('detects undeclared Shift_JIS, KOI8-R and windows-1255', async () => {
    const cases: [string, string, string][] = [
      ['Shift_JIS', '機械学習の最新研究', '大規模言語モデルの評価について、新しいベンチマークを提案します。実験では十二のモデルを比較しました。'],
      ['koi8-r', 'Новости машинного обучения', 'Исследователи показали, что модели вознаграждения можно обмануть, и предложили ансамбль критиков.'],
      ['windows-1255', 'חדשות למידת מכונה', 'החוקרים הראו שמודלים של תגמול ניתנים להטעיה, והציעו אנסמבל של מבקרים שמזהה זאת מראש.'],
    ];
    for (const [encoding, title, body] of cases) {
      const bytes = new Uint8Array(iconv.encode(feedText('', title, `${body} ${body}`), encoding));
      expect(detectCharset(bytes, 'application/rss+xml'), encoding).toBe(new TextDecoder(encoding).encoding);
      const feed = await parseFeed(decodeFeed(bytes, 'application/rss+xml'), { feedUrl: null });
      expect(feed.title).toBe(title);
      expect(feed.items[0]!.html).not.toContain('\ufffd');
    }
  });

  it('lets bytes that are not UTF-8 win over a "UTF-8" declaration (windows-1252 written, UTF-8 declared)', async () => {
    const bytes = new Uint8Array(iconv.encode(feedText(' encoding="UTF-8"', 'Café déjà vu — naïve', 'Ça coûte 5 € à Zürich, selon l’étude.'), 'windows-1252'));
    const feed = await parseFeed(decodeFeed(bytes, 'application/rss+xml; charset=utf-8'), { feedUrl: null });
    expect(feed.title).toBe('Café déjà vu — naïve');
  });
});
