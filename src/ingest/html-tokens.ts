import { decodeHTML, decodeHTMLAttribute } from 'entities/decode';
import { Parser } from 'htmlparser2';

/**
 * htmlparser2's HTML tokens with entities decoded as its own `decodeEntities: true` decodes them, but faster: asked to
 * decode, its tokenizer steps through every character of text looking for `&`; not asked, it skips to the next `<`.
 * Text and attribute values are decoded here instead, only when they hold a `&`, with the same decoder (entities) in
 * the same modes: legacy for text, attribute rules for attribute values, none inside the elements the tokenizer
 * reads raw. That halved the tokenizer's share of sanitising a cold ingest's HTML (docs/ingest.md).
 */
export interface HtmlTokenHandlers {
  onopentag(name: string, attrs: Record<string, string>): void;
  ontext(data: string): void;
  onclosetag(name: string): void;
}

/** Elements whose content htmlparser2's tokenizer reads as raw text, entities left as they are (`<title>` decodes). */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'xmp']);

const OPTIONS = { lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true };

/** Feeds `html` through htmlparser2 (tags and attribute names lower-cased, `<x/>` closing) to `handlers`, decoded. */
export function tokeniseHtml(html: string, handlers: HtmlTokenHandlers): void {
  // Inside `<title>` the tokenizer decodes as it matches `</title>`, with quirks of its own (no `&` right after a `<`
  // is an entity): a document with one (a full page, seldom a feed item) is decoded by the tokenizer itself.
  if (/<title/i.test(html)) {
    const parser = new Parser(handlers, { ...OPTIONS, decodeEntities: true });
    parser.write(html);
    parser.end();
    return;
  }
  // Inside a raw-text element no other tag is reported until its close, so the last tag event says where text is.
  let raw = false;
  // What end() reports is an unterminated construct's source (`</&…`, `<!x`, `<a b="…`), which the tokenizer gives as it
  // is, decoding or not: write() has already reported text that was open at the end.
  let ending = false;
  const parser = new Parser({
    onopentag(name, attrs) {
      for (const key in attrs) {
        const value = attrs[key]!;
        if (value.includes('&')) attrs[key] = decodeHTMLAttribute(value);
      }
      raw = RAW_TEXT.has(name);
      handlers.onopentag(name, attrs);
    },
    // Text is reported in pieces that end at a `<` or the end of the input, which no entity spans.
    ontext(data) {
      handlers.ontext(raw || ending || !data.includes('&') ? data : decodeHTML(data));
    },
    onclosetag(name) {
      raw = false;
      handlers.onclosetag(name);
    },
  }, { ...OPTIONS, decodeEntities: false });
  parser.write(html);
  ending = true;
  parser.end();
}
