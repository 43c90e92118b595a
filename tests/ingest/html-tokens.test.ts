import fc from 'fast-check';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { tokeniseHtml } from '../../src/ingest/html-tokens.ts';

type Event = ['open', string, Record<string, string>] | ['text', string] | ['close', string];

/** Events with adjacent text merged: how many pieces a text is reported in is the tokenizer's business. */
function collect(run: (handlers: { onopentag(n: string, a: Record<string, string>): void; ontext(t: string): void; onclosetag(n: string): void }) => void): Event[] {
  const events: Event[] = [];
  run({
    onopentag: (name, attrs) => events.push(['open', name, { ...attrs }]),
    ontext: (text) => {
      const last = events[events.length - 1];
      if (last?.[0] === 'text') last[1] += text;
      else events.push(['text', text]);
    },
    onclosetag: (name) => events.push(['close', name]),
  });
  return events;
}

/** What htmlparser2 reports when it decodes entities itself: the behaviour tokeniseHtml must keep. */
function decodingParser(html: string): Event[] {
  return collect((handlers) => {
    const parser = new Parser(handlers, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true });
    parser.write(html);
    parser.end();
  });
}

const ours = (html: string): Event[] => collect((handlers) => tokeniseHtml(html, handlers));

const entity = fc.constantFrom('&amp;', '&amp', '&lt', '&gt;', '&nbsp;', '&nbsp', '&notit;', '&not', '&notin;', '&copy', '&copy=', '&#60;', '&#x3c;', '&#x3C', '&#0;', '&#x110000;', '&#128;', '&#12345', '&#xD800;', '&#;', '&#x;', '&;', '&',
  '&&', '&foo;', '&AMP;', '&Amp;', '&ampx', '&amp=', '&lt=', '&gt1', '&hellip;', '&mdash;', '&rsquo;', '&#8217;');
const markup = fc.constantFrom('<', '>', '</', '<p>', '</p>', '<b>', '</b>', '<br/>', '<a href="', '<a href=', "<img src='", '"', "'", '>', ' x="', '=', ' ', '\n', 'text', '<script>', '</script>', '<style>', '</style>', '<textarea>',
  '</textarea>', '<xmp>', '</xmp>', '<title>', '</title>', '<!--', '-->', '<![CDATA[', ']]>', '<!DOCTYPE html>', '<?x?>', '<math>', '</math>', '<svg>', '</svg>', '<<', '</&', '<&', '<1', '<script/>', '<p title="a&amp;b" data-x=a&lt;b>');
const html = fc.array(fc.oneof(entity, markup, fc.string({ maxLength: 4 })), { maxLength: 40 }).map((parts) => parts.join(''));

describe('tokeniseHtml', () => {
  it('reports the tags, attributes and text htmlparser2 reports when it decodes entities itself', () => {
    fc.assert(fc.property(html, (input) => {
      expect(ours(input)).toEqual(decodingParser(input));
    }), { numRuns: 3000 });
  });

  it('decodes text and attribute values by their own rules, and leaves raw-text elements alone', () => {
    expect(ours('<p title="&amp;&notit;">a &amp; b &notit; &#x2019;</p>')).toEqual([['open', 'p', { title: '&&notit;' }], ['text', 'a & b ¬it; ’'], ['close', 'p']]);
    expect(ours('<script>a &amp; b</script><title>&amp;</title>')).toEqual([['open', 'script', {}], ['text', 'a &amp; b'], ['close', 'script'], ['open', 'title', {}], ['text', '&'], ['close', 'title']]);
    expect(ours('a <&amp; b')).toEqual(decodingParser('a <&amp; b'));
  });
});
