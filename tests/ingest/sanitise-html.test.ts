import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plainTextOf, sanitiseHtml } from '../../src/ingest/sanitise-html.ts';

const base = 'https://blog.example/posts/1';
const maths = (name: string): string => readFileSync(new URL(`../fixtures/maths/${name}`, import.meta.url), 'utf8');

describe('sanitiseHtml', () => {
  it('keeps text, structure and safe links; decodes entities; lines per block', () => {
    const clean = sanitiseHtml('<p>Hello <b>world</b> &amp; friends&nbsp;— <a href="/about">about</a></p><ul><li>one</li><li>two</li></ul>', base);
    expect(clean.html).toBe('<p>Hello <b>world</b> &amp; friends&nbsp;— <a href="https://blog.example/about">about</a></p><ul><li>one</li><li>two</li></ul>');
    expect(clean.text).toBe('Hello world & friends — about\n\none\n\ntwo');
    expect(sanitiseHtml('<h2>Title</h2><p>Para one.</p><p>Para <em>two</em>.<br/>Next line</p>', base).text).toBe('Title\n\nPara one.\n\nPara two.\nNext line');
    expect(sanitiseHtml('Plain text with &lt;tags&gt; escaped &#8212; and &#x2019;quotes', base).text).toBe('Plain text with <tags> escaped — and ’quotes');
  });

  it('strips active content, handlers, styles and unsafe URLs', () => {
    const dirty = sanitiseHtml('<p onclick="x()">a</p><script>evil()</script><a href="javascript:alert(1)">b</a><img src="/i.png" onerror="y()"><iframe src="//e"></iframe><style>p{}</style>'
      + '<p style="background:url(javascript:alert(1))">c</p><img src="data:image/png;base64,AAAA" srcset="x 1x"><form action="/x"><input name="q"></form><svg><script>z()</script></svg>', base);
    expect(dirty.html).not.toMatch(/onclick|script|javascript:|onerror|iframe|style|data:|srcset|form|input|svg/i);
    expect(dirty.html).toContain('src="https://blog.example/i.png"');
    expect(dirty.text).toBe('a\nb\nc');
    expect(sanitiseHtml('<p>go <a href="javascript:alert(1)">here</a> or <a href="/ok?a=1&amp;b=2">there</a></p>', base).html)
      .toBe('<p>go <a>here</a> or <a href="https://blog.example/ok?a=1&amp;b=2">there</a></p>');
  });

  it('closes what the input left open and never emits a stray close tag', () => {
    expect(sanitiseHtml('<div><p>one<p>two</div></span></em><b>three', base).html).toBe('<div><p>one</p><p>two</p></div><b>three</b>');
    expect(sanitiseHtml('<!-- <script>x()</script> --><p>kept</p>', base).html).toBe('<p>kept</p>');
  });

  it('handles deep nesting and large input in one pass', () => {
    const deep = `${'<div>'.repeat(20_000)}deep${'</div>'.repeat(20_000)}`;
    expect(sanitiseHtml(deep, base).text).toBe('deep');
    const big = '<p>word </p>'.repeat(100_000);
    expect(sanitiseHtml(big, base).text.split(/\n+/).length).toBe(100_000);
  });

  it('plainTextOf decodes entities and drops tags, scripts and styles', () => {
    expect(plainTextOf('Mechanistic &amp;amp; <b>you</b><script>x()</script>')).toBe('Mechanistic &amp; you');
    expect(plainTextOf('  a \n b ')).toBe('a b');
  });
});

describe('maths is kept as TeX', () => {
  it('MathML with an application/x-tex annotation, inline and display', () => {
    const { text, html } = sanitiseHtml(maths('mathml-annotation.html'), base);
    expect(text).toBe('The loss is $L = \\mathbb{E}_x[\\log p(x)]$ over the data.\n\nIts gradient:\n\n$$\\nabla L = \\frac{1}{N} \\sum_i \\nabla \\ell_i$$\n\nDone.');
    expect(html).not.toContain('<math');
    expect(html).toContain('<div class="math">$$\\nabla L');
  });

  it('MathJax 2 script sources, without the rendered copy or the preview', () => {
    const { text } = sanitiseHtml(maths('mathjax2.html'), base);
    expect(text).toBe('Attention costs $O(n^2)$ in the sequence length.\n\n$$\\mathrm{softmax}(QK^\\top / \\sqrt{d})\\,V$$');
  });

  it('KaTeX annotations, without the aria-hidden rendering', () => {
    const { text } = sanitiseHtml(maths('katex.html'), base);
    expect(text).toBe('With temperature $\\tau > 0$ the policy samples.\n\n$$\\pi(a \\mid s) \\propto \\exp(Q(s,a)/\\tau)$$');
  });

  it('data-tex and data-latex sources, and presentation MathML translated when no TeX is given', () => {
    const { text, html } = sanitiseHtml(maths('data-tex.html'), base);
    expect(text).toBe('The bound $\\epsilon \\le 10^{-3}$ holds, and\n\n$$\\KL(p \\| q) = \\sum_x p(x) \\log \\frac{p(x)}{q(x)}$$\n\nPresentation MathML only: $x^2 + \\sqrt{y} = \\frac{a}{b}$.');
    expect(html).not.toMatch(/<svg|<img/);
  });

  it('TeX is text: markup inside it is escaped, never rendered', () => {
    const { html } = sanitiseHtml('<script type="math/tex">a < b <img src=x onerror=alert(1)></script>', base);
    expect(html).toBe('$a &lt; b &lt;img src=x onerror=alert(1)&gt;$');
  });
});
