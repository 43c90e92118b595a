import type { EntityTable } from './feed-dtd.ts';
import { baseOf, documentBase, isWebUrl, itemLink, resolveUrl } from './feed-links.ts';
import { feedRefusal } from './feed-refusal.ts';
import type { ParsedFeed, RawFeedItem } from './feed-types.ts';
import { plainTextOf } from './sanitise-html.ts';
import { childrenNamed, escapeText, firstChild, markupOf, readXmlTree, textOf, type XNode } from './xml-tree.ts';

/** An item read as it closed, before the document's base (which may depend on a later feed link) is known. */
interface PendingItem extends Omit<RawFeedItem, 'link' | 'linkProblem' | 'contentBase'> {
  rawLink: string | null;
  linkChain: string[];
  contentChain: string[];
}

const collapse = (text: string): string => text.replace(/[\s\u00a0]+/g, ' ').trim();

/**
 * `text` as a string of its own. Text read from the document is mostly V8 slices of the whole document's string, and
 * one slice kept anywhere (a title in a report, an item waiting to be normalised) keeps the whole document alive: a
 * feed of 800 KB was held until its last item was stored, long enough to be promoted to the old generation, where
 * such documents were most of what a cold ingest's heap grew by. Appending a character and cutting it off makes V8
 * copy the characters into a new flat string (a slice of a concatenation flattens it first).
 */
function ownText(text: string): string {
  return text.length < 13 ? text : `${text} `.slice(0, -1);
}
const ownOrNull = (text: string | null): string | null => (text === null ? null : ownText(text));
const LOOKS_LIKE_HTML = /<[a-zA-Z/!]|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);/;

function chainOf(nodes: readonly XNode[]): string[] {
  const chain: string[] = [];
  for (const node of nodes) {
    const base = node.attrs['xml:base'];
    if (base !== undefined) chain.push(base);
  }
  return chain;
}

/** An element of an RSS item whose text is HTML source, unless it holds markup itself (loose feeds, xhtml:body). */
function htmlField(node: XNode | undefined): string {
  if (!node) return '';
  return node.children.some((child) => typeof child !== 'string') ? markupOf(node) : textOf(node);
}

/** An Atom text construct (title, summary, content; 1.0 `type`, 0.3 `mode`) as HTML. */
function atomHtml(node: XNode | undefined): string {
  if (!node) return '';
  const type = (node.attrs.type ?? '').toLowerCase();
  const mode = (node.attrs.mode ?? '').toLowerCase();
  let text = textOf(node);
  if (mode === 'base64') {
    text = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
    return type === 'text/html' || type === 'html' ? text : escapeText(text);
  }
  if (type === 'xhtml' || type.endsWith('/xhtml+xml') || mode === 'xml' && node.children.some((c) => typeof c !== 'string')) {
    const only = node.children.filter((c) => typeof c !== 'string' || c.trim() !== '');
    const wrapper = only.length === 1 && typeof only[0] !== 'string' && /(^|:)div$/.test(only[0]!.key) ? only[0]! : node;
    return markupOf(wrapper);
  }
  if (type === 'html' || type === 'text/html' || mode === 'escaped' && type !== 'text/plain' && type !== 'text') return text;
  return escapeText(text);
}

/** An Atom text construct as plain text. */
function atomText(node: XNode | undefined): string {
  if (!node) return '';
  const type = (node.attrs.type ?? '').toLowerCase();
  const mode = (node.attrs.mode ?? '').toLowerCase();
  if (type === '' || type === 'text' || type === 'text/plain') return mode === 'base64' ? plainTextOf(atomHtml(node)) : collapse(textOf(node));
  return plainTextOf(atomHtml(node));
}

/** An RSS text field that may or may not be HTML, as plain text. */
function rssText(node: XNode | undefined): string {
  if (!node) return '';
  if (node.children.some((child) => typeof child !== 'string')) return plainTextOf(markupOf(node));
  const text = textOf(node);
  return LOOKS_LIKE_HTML.test(text) ? plainTextOf(text) : collapse(text);
}

/** `jo@example.com (Jo Smith)` → `Jo Smith`; anything else as it is. */
function personName(text: string): string {
  const trimmed = collapse(text);
  const named = /^\S+@\S+\s*\((.+)\)$/.exec(trimmed)?.[1] ?? /^(.+?)\s*<\S+@\S+>$/.exec(trimmed)?.[1];
  return (named ?? trimmed).trim();
}

function atomPeople(node: XNode, key: string): string[] {
  return childrenNamed(node, key).map((p) => personName(textOf(firstChild(p, 'atom:name')) || textOf(firstChild(p, 'atom:email')) || textOf(p))).filter((n) => n !== '');
}

function uniqueNames(names: string[]): string[] {
  return [...new Set(names.map(personName).filter((n) => n !== ''))];
}

/** The alternate (web page) link among Atom links: rel alternate or none, HTML preferred. */
function alternateLink(node: XNode): XNode | undefined {
  const links = childrenNamed(node, 'atom:link').filter((l) => l.attrs.href !== undefined);
  const alternates = links.filter((l) => (l.attrs.rel ?? 'alternate').toLowerCase() === 'alternate');
  return alternates.find((l) => /html/i.test(l.attrs.type ?? 'text/html')) ?? alternates[0];
}

function firstText(node: XNode, ...keys: string[]): string | null {
  for (const key of keys) {
    const text = collapse(textOf(firstChild(node, key)));
    if (text !== '') return text;
  }
  return null;
}

function rssItem(item: XNode, ancestors: readonly XNode[]): PendingItem {
  const guidNode = firstChild(item, 'guid');
  const guid = firstText(item, 'guid') ?? item.attrs['rdf:about']?.trim() ?? null;
  const linkNode = firstChild(item, 'link');
  const atomLink = alternateLink(item);
  let rawLink = linkNode ? collapse(textOf(linkNode)) || linkNode.attrs.href || null : atomLink?.attrs.href ?? null;
  // A guid is the item's address unless it says it is not one (isPermaLink="false") or is not an absolute web URL.
  if (!rawLink && guidNode && guid && (guidNode.attrs.ispermalink ?? 'true').trim().toLowerCase() !== 'false' && isWebUrl(guid)) rawLink = guid;
  const content = firstChild(item, 'content:encoded', 'xhtml:body', 'atom:content');
  const summary = firstChild(item, 'description', 'atom:summary', 'itunes:summary');
  const contentNode = content && textOf(content).trim() !== '' ? content : summary;
  const html = contentNode?.key.startsWith('atom:') ? atomHtml(contentNode) : htmlField(contentNode);
  const authors = uniqueNames([
    ...childrenNamed(item, 'author').map(textOf),
    ...childrenNamed(item, 'dc:creator').map(textOf),
    ...atomPeople(item, 'atom:author'),
    ...childrenNamed(item, 'itunes:author').map(textOf),
  ]);
  const chain = chainOf([...ancestors, item]);
  return {
    guid,
    rawLink,
    linkChain: linkNode || !atomLink ? chain : chainOf([...ancestors, item, atomLink]),
    contentChain: contentNode ? chainOf([...ancestors, item, contentNode]) : chain,
    title: rssText(firstChild(item, 'title', 'dc:title', 'atom:title')),
    authors,
    contributors: uniqueNames([...childrenNamed(item, 'dc:contributor').map(textOf), ...atomPeople(item, 'atom:contributor')]),
    dateText: firstText(item, 'pubdate', 'dc:date', 'dcterms:issued', 'dcterms:created', 'atom:published', 'dcterms:modified', 'atom:updated'),
    html,
  };
}

function atomEntry(entry: XNode, ancestors: readonly XNode[]): PendingItem {
  const link = alternateLink(entry);
  const content = firstChild(entry, 'atom:content');
  const summary = firstChild(entry, 'atom:summary');
  const contentNode = content && textOf(content).trim() !== '' || content?.children.some((c) => typeof c !== 'string') ? content : summary;
  return {
    guid: firstText(entry, 'atom:id'),
    rawLink: link?.attrs.href ?? null,
    linkChain: chainOf(link ? [...ancestors, entry, link] : [...ancestors, entry]),
    contentChain: chainOf(contentNode ? [...ancestors, entry, contentNode] : [...ancestors, entry]),
    title: atomText(firstChild(entry, 'atom:title')),
    authors: uniqueNames([...atomPeople(entry, 'atom:author'), ...childrenNamed(entry, 'dc:creator').map(textOf)]),
    contributors: uniqueNames(atomPeople(entry, 'atom:contributor')),
    dateText: firstText(entry, 'atom:published', 'atom:issued', 'atom:created', 'dc:date', 'atom:updated', 'atom:modified'),
    html: atomHtml(contentNode),
  };
}

/** Feed URLs an HTML page advertises (`<link rel="alternate" type="application/rss+xml" href>`), for the hint. */
function advertisedFeeds(xml: string, pageUrl: string | null): string[] {
  const found: string[] = [];
  for (const [tag] of xml.slice(0, 200_000).matchAll(/<link\b[^>]*>/gi)) {
    if (!/\brel\s*=\s*["']?alternate/i.test(tag) || !/\btype\s*=\s*["']?application\/(rss|atom|feed)\+(xml|json)/i.test(tag)) continue;
    const href = /\bhref\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
    const url = href ? resolveUrl(href.replace(/&amp;/g, '&'), pageUrl) : null;
    if (url && !found.includes(url)) found.push(url);
  }
  return found;
}

function wrongRoot(root: XNode, xml: string, feedUrl: string | null): Error {
  if (root.key === 'html' || root.key === 'xhtml:html') {
    const feeds = advertisedFeeds(xml, feedUrl);
    return feedRefusal('not-a-feed', 'this is an HTML page, not a feed', feeds.length > 0 ? `the page names its feed: use ${feeds.slice(0, 3).join(' or ')}` : undefined);
  }
  return feedRefusal('not-a-feed', `not an RSS, Atom or RDF feed: the document's root element is <${root.key}>`);
}

/** Reads RSS 0.9x/1.0/2.0, RDF and Atom 0.3/1.0 from decoded XML text (its DOCTYPE already split off). */
export function parseXmlFeed(xml: string, entities: EntityTable | null, feedUrl: string | null): ParsedFeed {
  let format = 'rss' as ParsedFeed['format'];
  const pending: PendingItem[] = [];
  const root = readXmlTree(xml, entities, {
    onRoot(node) {
      if (node.key === 'rss' || node.key === 'channel') format = 'rss';
      else if (node.key === 'rdf:rdf') format = 'rdf';
      else if (node.key === 'atom:feed') format = 'atom';
      else throw wrongRoot(node, xml, feedUrl);
    },
    onItem(node, ancestors) {
      if (format === 'atom' ? node.key === 'atom:entry' : node.key === 'item') pending.push(format === 'atom' ? atomEntry(node, ancestors) : rssItem(node, ancestors));
    },
  });
  if (root === null) throw feedRefusal('not-a-feed', 'the document holds no XML elements: it is not a feed');
  const channel = format === 'atom' || root.key === 'channel' ? root : firstChild(root, 'channel');
  if (!channel && pending.length === 0) throw feedRefusal('no-channel', `the ${format === 'rdf' ? 'RDF' : 'RSS'} document has no <channel> and no items`);
  const head = channel ?? root;
  const rootChain = chainOf(channel && channel !== root ? [root, channel] : [root]);
  const linkNode = format === 'atom' ? alternateLink(head) : firstChild(head, 'link');
  const rawFeedLink = format === 'atom' ? linkNode?.attrs.href ?? null : collapse(textOf(linkNode)) || alternateLink(head)?.attrs.href || null;
  const initialBase = baseOf(rootChain, feedUrl);
  const feedLinkResolved = rawFeedLink ? resolveUrl(rawFeedLink, initialBase) : null;
  const docBase = documentBase(feedUrl, feedLinkResolved);
  const feedAuthors = format === 'atom' ? uniqueNames(atomPeople(head, 'atom:author')) : [];
  const titleNode = firstChild(head, format === 'atom' ? 'atom:title' : 'title', 'dc:title');
  const title = (format === 'atom' ? atomText(titleNode) : rssText(titleNode)) || null;
  const items = pending.map((item): RawFeedItem => {
    const { link, problem } = itemLink(item.rawLink, baseOf(item.linkChain, docBase));
    return {
      guid: ownOrNull(item.guid),
      link,
      linkProblem: problem,
      title: ownText(item.title),
      authors: (item.authors.length > 0 ? item.authors : feedAuthors).map(ownText),
      contributors: item.contributors.map(ownText),
      dateText: ownOrNull(item.dateText),
      html: ownText(item.html),
      contentBase: baseOf(item.contentChain, docBase),
    };
  });
  return { format, title: ownOrNull(title), link: feedLinkResolved && isWebUrl(feedLinkResolved) ? feedLinkResolved : null, items };
}
