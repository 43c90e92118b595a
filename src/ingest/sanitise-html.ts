import { parseHTML } from 'linkedom';
import { sanitiseSimpleHtml } from './sanitise-simple-html.ts';

/** The slice of the DOM the sanitiser touches (linkedom ships no usable types without the DOM lib). */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode: DomNode | null;
  remove(): void;
}
interface DomElement extends DomNode {
  tagName: string;
  attributes: ArrayLike<{ name: string; value: string }>;
  innerHTML: string;
  removeAttribute(name: string): void;
  setAttribute(name: string, value: string): void;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

/** Elements dropped with everything inside them: active content, styling and remote embeds. */
const DROP = 'script,style,iframe,frame,frameset,object,embed,applet,noscript,template,link,meta,base,form,input,button,textarea,select,svg,math,audio,video,source,track,canvas,portal';
const URL_ATTRS = new Set(['href', 'src', 'cite', 'poster', 'action', 'formaction', 'background', 'longdesc']);
const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const BLOCK = new Set(['P', 'DIV', 'BR', 'LI', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'TR', 'TABLE', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'FIGURE', 'FIGCAPTION', 'HR', 'DT', 'DD']);

/** Parses an HTML fragment into a linkedom body element. */
export function parseFragment(html: string): DomElement {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`) as unknown as { document: { body: DomElement } };
  return document.body;
}

function safeUrl(value: string, base: string | null): string | null {
  const trimmed = value.trim();
  try {
    const url = base ? new URL(trimmed, base) : new URL(trimmed);
    return ALLOWED_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null; // relative with no base, or garbage: dropping it is safer than guessing
  }
}

/** Removes dangerous elements and attributes in place; relative URLs are made absolute against `base`. */
export function sanitiseElement(root: DomElement, base: string | null): void {
  for (const el of Array.from(root.querySelectorAll(DROP))) el.remove();
  for (const el of Array.from(root.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes).map((a) => ({ name: a.name, value: a.value }))) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on') || name === 'style' || name === 'srcdoc' || name === 'srcset' || name.startsWith('xmlns') || name === 'formaction') {
        el.removeAttribute(attr.name);
      } else if (URL_ATTRS.has(name)) {
        const safe = safeUrl(attr.value, base);
        if (safe === null) el.removeAttribute(attr.name);
        else el.setAttribute(attr.name, safe);
      }
    }
  }
}

/** Text of a tree with block elements on their own lines, whitespace collapsed. */
export function textOfElement(root: DomNode): string {
  const parts: string[] = [];
  const walk = (node: DomNode): void => {
    if (node.nodeType === 3) {
      parts.push(node.textContent ?? '');
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 11 && node.nodeType !== 9) return;
    if (node.nodeName.toUpperCase() === 'BR') {
      parts.push('\n');
      return;
    }
    const block = BLOCK.has(node.nodeName.toUpperCase());
    if (block) parts.push('\n');
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) walk(children[i]!);
    if (block) parts.push('\n');
  };
  walk(root);
  return collapseText(parts.join(''));
}

/** Collapses runs of spaces within lines and blank lines between paragraphs. */
export function collapseText(text: string): string {
  return text
    .split(/\n/)
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== ''))
    .join('\n')
    .replace(/\n{2,}/g, '\n\n')
    .trim();
}

/** Sanitised HTML and plain text of untrusted feed HTML. */
export function sanitiseHtml(html: string, base: string | null): { html: string; text: string } {
  if (!/[<&]/.test(html)) {
    const text = collapseText(html);
    return { html: text === '' ? '' : `<p>${escapeHtml(text)}</p>`, text };
  }
  const simple = sanitiseSimpleHtml(html, (href) => safeUrl(href, base));
  if (simple) return { html: simple.html.trim(), text: collapseText(simple.text) };
  return sanitiseHtmlWithDom(html, base);
}

/** The DOM sanitiser alone (the fast path's fallback; tests compare the two). */
export function sanitiseHtmlWithDom(html: string, base: string | null): { html: string; text: string } {
  const body = parseFragment(html);
  sanitiseElement(body, base);
  return { html: body.innerHTML.trim(), text: textOfElement(body) };
}

/** Decodes entities and drops tags (titles of `type="html"` stay escaped after rss-parser). */
export function plainTextOf(htmlish: string): string {
  if (!/[<&]/.test(htmlish)) return htmlish.replace(/\s+/g, ' ').trim();
  const body = parseFragment(htmlish);
  for (const el of Array.from(body.querySelectorAll('script,style'))) el.remove();
  return (body.textContent ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br>');
}
