import { describe, expect, it } from 'vitest';
import { sanitiseHtml, sanitiseHtmlWithDom } from '../../src/ingest/sanitise-html.ts';
import { sanitiseSimpleHtml } from '../../src/ingest/sanitise-simple-html.ts';

const base = 'https://blog.example/posts/1';
const keep = (href: string) => new URL(href, base).href;

describe('sanitiseHtml', () => {
  it.each([
    '<p>Hello <b>world</b> &amp; friends&nbsp;— <a href="/about">about</a></p><ul><li>one</li><li>two</li></ul>',
    'Plain text with &lt;tags&gt; escaped &#8212; and &#x2019;quotes',
    '<h2>Title</h2><p>Para one.</p><p>Para <em>two</em>.<br/>Next line</p>',
  ])('the fast path gives the same text as the DOM path: %s', (html) => {
    const fast = sanitiseSimpleHtml(html, keep);
    expect(fast).not.toBeNull();
    expect(sanitiseHtml(html, base).text).toBe(sanitiseHtmlWithDom(html, base).text);
  });

  it.each([
    '<p onclick="steal()">x</p>',
    '<script>alert(1)</script>',
    '<a href="x" onmouseover="y">x</a>',
    '<img src=x onerror=alert(1)>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<!-- <script> -->',
    '<iframe src="https://evil.example/"></iframe>',
    'AT&T <b>x</b>',
  ])('anything beyond plain tags leaves the fast path: %s', (html) => {
    expect(sanitiseSimpleHtml(html, keep)).toBeNull();
  });

  it('strips active content and unsafe URLs on either path', () => {
    const dirty = sanitiseHtml('<p onclick="x()">a</p><script>evil()</script><a href="javascript:alert(1)">b</a><img src="/i.png" onerror="y()"><iframe src="//e"></iframe><style>p{}</style>', base);
    expect(dirty.html).not.toMatch(/onclick|script|javascript:|onerror|iframe|style/i);
    expect(dirty.html).toContain('src="https://blog.example/i.png"');
    expect(dirty.text).toBe('a\nb');
    const simple = sanitiseHtml('<p>go <a href="javascript:alert(1)">here</a> or <a href="/ok?a=1&amp;b=2">there</a></p>', base);
    expect(simple.html).toBe('<p>go <a>here</a> or <a href="https://blog.example/ok?a=1&amp;b=2">there</a></p>');
  });
});
