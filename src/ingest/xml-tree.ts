import { Parser } from 'htmlparser2';
import { decodeXmlText, type EntityTable } from './feed-dtd.ts';
import { feedRefusal } from './feed-refusal.ts';

/**
 * A light element of a feed document. `key` is the local name, lower-cased, behind the canonical prefix of its namespace
 * (`dc:creator`, `atom:entry`, `content:encoded`; RSS elements have none), whatever prefix the document used.
 * Text children are decoded.
 */
export interface XNode {
  key: string;
  attrs: Record<string, string>;
  children: (XNode | string)[];
}

/** Namespace URIs → the prefixes the feed readers match on (feedparser keeps the same table). */
const NAMESPACES: Record<string, string> = {
  '': '',
  'http://backend.userland.com/rss2': '',
  'http://blogs.law.harvard.edu/tech/rss': '',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://www.w3.org/2005/atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.w3.org/xml/1998/namespace': 'xml',
  'http://www.w3.org/2000/xmlns/': 'xmlns',
  // Comment feeds and counts (reader discussion, src/discussion/comment-feeds.ts).
  'http://wellformedweb.org/commentapi/': 'wfw',
  'http://purl.org/rss/1.0/modules/slash/': 'slash',
  'http://purl.org/syndication/thread/1.0': 'thr',
};
/** Prefixes whose namespace a careless feed forgot to declare, read as if declared. */
const CONVENTIONAL = new Set(['atom', 'content', 'dc', 'dcterms', 'rdf', 'itunes', 'media', 'xhtml', 'xml', 'xmlns']);

/** Elements whose content is text or markup, so that markup inside them may be as loose as HTML. */
const FIELDS = new Set(['description', 'content:encoded', 'atom:content', 'atom:summary', 'atom:title', 'atom:subtitle', 'atom:tagline', 'atom:rights', 'itunes:summary', 'xhtml:body', 'xhtml:div', 'title']);
/** Elements that are one item; each is handed over as soon as it closes, so a feed is never held as one tree. */
const ITEMS = new Set(['item', 'atom:entry']);

export interface TreeHandlers {
  /** The root element has opened; throw to refuse the document (wrong root). */
  onRoot(root: XNode): void;
  /** An item or entry closed; `ancestors` are the open elements around it, root first. */
  onItem(item: XNode, ancestors: readonly XNode[]): void;
}

type Scope = Map<string, string> | null;

/**
 * Tokenizes feed XML with htmlparser2 (xmlMode, entities decoded by us so the document's own are honoured) into light
 * elements, handing each item over as it closes. Returns the root without its items. Refuses an element closed by
 * another's end tag outside text fields (malformed) and a document that ends inside its root (truncated).
 */
export function readXmlTree(xml: string, entities: EntityTable | null, handlers: TreeHandlers): XNode | null {
  const stack: XNode[] = [];
  // Where each open element started, for the error that names an unclosed one.
  const starts: number[] = [];
  const scopes: Scope[] = [];
  const lines = (index: number): number => xml.slice(0, index).split('\n').length;
  let root: XNode | null = null;
  let inCdata = false;
  let ending = false;
  let fieldDepth = 0;
  let defaultAtom = false;

  const lookup = (prefix: string): string | undefined => {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const uri = scopes[i]?.get(prefix);
      if (uri !== undefined) return uri;
    }
    return undefined;
  };
  const canonical = (qname: string, isAttribute: boolean): string => {
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon).toLowerCase();
    const local = (colon === -1 ? qname : qname.slice(colon + 1)).toLowerCase();
    if (isAttribute && colon === -1) return local;
    const uri = lookup(prefix);
    let known = uri === undefined ? undefined : NAMESPACES[uri.toLowerCase()];
    if (uri === undefined && prefix === '' && defaultAtom) known = 'atom';
    if (known === undefined) known = uri === undefined && CONVENTIONAL.has(prefix) ? prefix : prefix === '' ? '' : `ns-${prefix}`;
    return known === '' ? local : `${known}:${local}`;
  };

  const parser: Parser = new Parser({
    onopentag(name, rawAttrs) {
      let scope: Scope = null;
      for (const attr in rawAttrs) {
        if (attr === 'xmlns' || attr.startsWith('xmlns:')) {
          scope ??= new Map();
          scope.set(attr === 'xmlns' ? '' : attr.slice(6).toLowerCase(), decodeXmlText(rawAttrs[attr]!, entities));
        }
      }
      scopes.push(scope);
      if (stack.length === 0 && root === null && !name.includes(':') && name.toLowerCase() === 'feed' && lookup('') === undefined) defaultAtom = true;
      const attrs: Record<string, string> = {};
      for (const attr in rawAttrs) {
        if (attr === 'xmlns' || attr.startsWith('xmlns:')) continue;
        attrs[canonical(attr, true)] = decodeXmlText(rawAttrs[attr]!, entities);
      }
      const node: XNode = { key: canonical(name, false), attrs, children: [] };
      if (fieldDepth > 0 || FIELDS.has(node.key)) fieldDepth++;
      if (stack.length === 0) {
        if (root !== null) throw feedRefusal('malformed', `malformed XML at line ${lines(parser.startIndex)}: a second root element <${name}> after the first one closed`);
        root = node;
        handlers.onRoot(node);
      } else stack[stack.length - 1]!.children.push(node);
      stack.push(node);
      starts.push(parser.startIndex);
    },
    onclosetag(name, isImplied) {
      const node = stack.pop();
      const start = starts.pop() ?? 0;
      scopes.pop();
      if (!node) return;
      if (isImplied) {
        if (ending) throw feedRefusal('truncated', `the document ends inside <${name}>: it was cut off (${xml.length} characters received)`);
        const selfClosing = xml.charCodeAt(parser.endIndex - 1) === 0x2f && node.children.length === 0;
        if (!selfClosing && fieldDepth <= 1) {
          const closer = xml.slice(parser.startIndex, parser.endIndex + 1).trim();
          throw feedRefusal('malformed', `malformed XML at line ${lines(start)}: <${name}> is never closed (${closer} at line ${lines(parser.startIndex)} ends it)`);
        }
      }
      if (fieldDepth > 0) fieldDepth--;
      if (ITEMS.has(node.key) && stack.length <= 2) {
        const parent = stack[stack.length - 1];
        parent?.children.pop();
        handlers.onItem(node, stack);
      }
    },
    ontext(raw) {
      const top = stack[stack.length - 1];
      if (!top) return;
      top.children.push(inCdata ? raw : decodeXmlText(raw, entities));
    },
    oncdatastart() {
      inCdata = true;
    },
    oncdataend() {
      inCdata = false;
    },
  }, { xmlMode: true, decodeEntities: false, lowerCaseTags: false, lowerCaseAttributeNames: false });
  parser.write(xml);
  ending = true;
  parser.end();
  return root;
}

/** Whether a namespace URI is Atom's (1.0 or 0.3). */

/** The text of an element: its text children joined (markup children contribute their text). */
export function textOf(node: XNode | undefined): string {
  if (!node) return '';
  let out = '';
  for (const child of node.children) out += typeof child === 'string' ? child : textOf(child);
  return out;
}

/** Text made safe as XML or HTML character data. */
export const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const HTML_VOID = new Set(['br', 'hr', 'img', 'wbr', 'area', 'col', 'embed', 'input', 'source', 'track', 'meta', 'link', 'param']);

/** The children of an element as markup (inline XHTML or loose HTML in a field), text escaped again. */
export function markupOf(node: XNode): string {
  let out = '';
  for (const child of node.children) {
    if (typeof child === 'string') {
      out += escapeText(child);
      continue;
    }
    const name = child.key.replace(/^xhtml:/, '');
    out += `<${name}`;
    for (const [attr, value] of Object.entries(child.attrs)) out += ` ${attr}="${escapeText(value).replace(/"/g, '&quot;')}"`;
    // A loose `<br>` swallows what follows it in XML; in HTML it is empty and the rest follows it.
    out += HTML_VOID.has(name) ? `>${markupOf(child)}` : `>${markupOf(child)}</${name}>`;
  }
  return out;
}

/** Direct children with `key`. */
export function childrenNamed(node: XNode, key: string): XNode[] {
  const out: XNode[] = [];
  for (const child of node.children) if (typeof child !== 'string' && child.key === key) out.push(child);
  return out;
}

/** The first direct child with one of `keys`, in the order of `keys`. */
export function firstChild(node: XNode, ...keys: string[]): XNode | undefined {
  for (const key of keys) {
    for (const child of node.children) if (typeof child !== 'string' && child.key === key) return child;
  }
  return undefined;
}
