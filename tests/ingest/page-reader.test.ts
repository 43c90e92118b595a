import { describe, expect, it } from 'vitest';
import { extractMainText } from '../../src/ingest/full-text.ts';
import { createPageReader, pageEncoding, reducePageHtml } from '../../src/ingest/page-reader.ts';
import { articlePage } from '../fakes/hostile-page-server.ts';

const limits = { maxChars: 512 * 1024, maxElements: 16_000, maxDepth: 120 };

describe('page reducer', () => {
  it('drops scripts, styles, frames, inline data and handlers, keeping what readability reads', () => {
    const page = `<html><head><title>T &amp; U</title><style>p{}</style><script>${'var x = 1;'.repeat(10_000)}</script></head>
      <body><div id="main" class="post" onclick="evil()" style="color:red" data-huge="${'x'.repeat(5_000)}"><p>Hello <b>world</b> &lt;3</p>
      <img src="data:image/png;base64,${'A'.repeat(100_000)}" alt="chart"><img src="/fig.png"><svg><text>vector</text></svg>
      <div style="display: none">hidden text</div></div></body></html>`;
    const reduced = reducePageHtml(page, limits);
    expect(reduced.title).toBe('T & U');
    expect(reduced.html).not.toMatch(/var x|onclick|color:red|data-huge|base64|<svg|vector|<style/);
    expect(reduced.html).toContain('<div id="main" class="post">');
    expect(reduced.html).toContain('<p>Hello <b>world</b> &lt;3</p>');
    expect(reduced.html).toContain('<img src="/fig.png">');
    expect(reduced.html).toContain('<div hidden>hidden text</div>');
    expect(reduced.html.length).toBeLessThan(1_000);
    expect(reduced.truncated).toBe(false);
  });

  it('cuts a page at its character, element and depth bounds', () => {
    const many = `<body>${'<p>word word word</p>'.repeat(50_000)}</body>`;
    expect(reducePageHtml(many, { ...limits, maxChars: 10_000 })).toMatchObject({ truncated: true });
    expect(reducePageHtml(many, { ...limits, maxChars: 10_000 }).html.length).toBeLessThan(10_200);
    const elements = reducePageHtml(many, { ...limits, maxElements: 100 });
    expect(elements.truncated).toBe(true);
    expect(elements.html.match(/<p>/g)).toHaveLength(99);
    const deep = reducePageHtml(`${'<div>'.repeat(5_000)}deep text${'</div>'.repeat(5_000)}`, { ...limits, maxDepth: 50 });
    expect(deep.html.match(/<div>/g)).toHaveLength(50);
    expect(deep.html).toContain('deep text');
    expect(deep.html.match(/<\/div>/g)).toHaveLength(50);
  });

  it('keeps maths as TeX (alttext or a TeX annotation)', () => {
    const reduced = reducePageHtml('<p>Let <math alttext="x^{2}"><mi>x</mi><mn>2</mn></math> and <math><semantics><mi>y</mi><annotation encoding="application/x-tex">\\sqrt{y}</annotation></semantics></math>.</p>', limits);
    expect(reduced.html).toContain('\\(x^{2}\\)');
    expect(reduced.html).toContain('\\(\\sqrt{y}\\)');
    expect(reduced.html).not.toContain('<mi>');
  });

  it('reads a page the same whatever the chunk boundaries, decoding the charset its meta declares', () => {
    const html = `<html><head><meta charset="windows-1252"><title>Caf\u00e9</title></head><body><article><p>${'na\u00efve caf\u00e9 r\u00e9sum\u00e9 '.repeat(400)}</p></article></body></html>`;
    const bytes = Buffer.from(html, 'latin1');
    expect(pageEncoding(bytes, 'text/html')).toBe('windows-1252');
    const whole = createPageReader('text/html');
    whole.write(bytes);
    const chunked = createPageReader('text/html');
    for (let i = 0; i < bytes.length; i += 7) chunked.write(bytes.subarray(i, i + 7));
    const a = whole.finish();
    const b = chunked.finish();
    expect(a.title).toBe('Café');
    expect(b.html).toBe(a.html);
    expect(a.html).toContain('naïve café résumé');
  });

  it('lets a header charset win over a meta, and a BOM over both; UTF-16 declared in ASCII reads as UTF-8', () => {
    expect(pageEncoding(Buffer.from('<meta charset="iso-8859-2">'), 'text/html; charset=shift_jis')).toBe('shift_jis');
    expect(pageEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x3c]), 'text/html; charset=iso-8859-1')).toBe('utf-8');
    expect(pageEncoding(Buffer.from('<meta charset="utf-16">'), null)).toBe('utf-8');
  });

  it('extracts an ordinary article through the reducer', async () => {
    const result = await extractMainText(articlePage('interpretability'), 'https://blog.example/post');
    expect(result!.text).toContain('reward models trained on human preferences');
    expect(result!.text).not.toMatch(/analytics|Footer/);
  });
});
