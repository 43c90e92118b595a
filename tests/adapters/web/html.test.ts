import { describe, expect, it } from 'vitest';
import { escapeHtml, html, raw, safeHref } from '../../../adapters/web/html.ts';
import { inlineMarkup, paragraphs } from '../../../adapters/web/inline-markup.ts';

describe('html escaping', () => {
  it('escapes the five significant characters in every interpolation, and joins arrays', () => {
    const hostile = `"><script>alert(1)</script>'`;
    expect(html`<a title="${hostile}">${hostile}</a>`.value).toBe('<a title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#39;</a>');
    expect(html`<ul>${['<a>', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.value).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>');
    expect(html`${null}${undefined}${false}${0}${raw('<br>')}`.value).toBe('0<br>');
  });

  it('replaces control characters, lone surrogates and noncharacters, keeping whitespace and real emoji', () => {
    expect(escapeHtml('a\u0000b\u001bc\u0085d\ud800e\udc00f\ufffeg')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg');
    expect(escapeHtml('tab\tline\nfeed\r🔬')).toBe('tab\tline\nfeed\r🔬');
  });

  it('links only http(s) URLs', () => {
    expect(safeHref('https://example.org/a?b=1#c')).toBe('https://example.org/a?b=1#c');
    for (const bad of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'data:text/html,<script>', 'vbscript:x', '//evil.example/', '/relative', 'not a url']) {
      expect(safeHref(bad), bad).toBeUndefined();
    }
  });
});

describe('inline markup', () => {
  it('turns **bold** and _italic_ into <strong> and <em>, escaping everything inside and around', () => {
    expect(inlineMarkup('A **key result** and _one caveat_ and *another*.').value).toBe('A <strong>key result</strong> and <em>one caveat</em> and <em>another</em>.');
    expect(inlineMarkup('**<script>x</script>**').value).toBe('<strong>&lt;script&gt;x&lt;/script&gt;</strong>');
  });

  it('leaves snake_case, arithmetic and unpaired markers as written', () => {
    expect(inlineMarkup('use max_new_tokens and 2 * 3 * 4, or a lone ** marker').value).toBe('use max_new_tokens and 2 * 3 * 4, or a lone ** marker');
  });

  it('splits paragraphs on blank lines and keeps single line breaks', () => {
    expect(paragraphs('one\ntwo\n\n\nthree').map((p) => p.value)).toEqual(['<p>one<br>two</p>', '<p>three</p>']);
    expect(paragraphs('  \n\n ')).toEqual([]);
  });
});
