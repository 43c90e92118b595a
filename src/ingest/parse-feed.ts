import Parser from 'rss-parser';
import { FeedParseError } from './ingest-errors.ts';
import { neutraliseDtd } from './neutralise-dtd.ts';

/** One feed item as the feed gave it, before normalisation. All text is untrusted. */
export interface RawFeedItem {
  guid: string | null;
  link: string | null;
  title: string;
  authors: string[];
  /** The date text as published (pubDate, dc:date, Atom published/updated); may be unreadable. */
  dateText: string | null;
  /** Content or description as HTML (or plain text). */
  html: string;
}

/** A parsed feed: its title and items, links already absolute. */
export interface ParsedFeed {
  title: string | null;
  link: string | null;
  items: RawFeedItem[];
}

type ParserItem = Record<string, unknown>;

const ITEM_FIELDS = [['dc:creator', 'creators', { keepArray: true }], 'dg-published', 'dg-updated'] as unknown as string[];

/** Pulls a string out of whatever xml2js made of a text node. */
function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { _?: unknown })._ === 'string') return (value as { _: string })._;
  return null;
}

function resolveLink(link: string | null, base: string | null): string | null {
  if (!link) return null;
  const trimmed = link.trim();
  if (!trimmed) return null;
  try {
    return base ? new URL(trimmed, base).href : new URL(trimmed).href;
  } catch {
    return trimmed;
  }
}

/** Reads the root element's xml:base, resolved against the feed URL. */
function rootBase(xml: string, feedUrl: string | null): string | null {
  const root = /<(?:feed|rss|rdf:RDF)\b[^>]*?\bxml:base\s*=\s*["']([^"']+)["']/.exec(xml.slice(0, 4096))?.[1];
  if (!root) return feedUrl;
  try {
    return new URL(root, feedUrl ?? undefined).href;
  } catch {
    return feedUrl;
  }
}

/**
 * Each item's own xml:base (an Atom entry may carry one), resolved against the feed's base; null when the item
 * tags found do not line up one-to-one with the parsed items, in which case the feed's base is used for all.
 */
function itemBases(xml: string, isAtom: boolean, base: string | null, count: number): (string | null)[] | null {
  if (!xml.includes('xml:base')) return null;
  // Tags inside CDATA sections and comments are text, not items.
  const markup = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g, ' ');
  const tags = [...markup.matchAll(isAtom ? /<entry\b([^>]*)>/g : /<item\b([^>]*)>/g)];
  if (tags.length !== count) return null;
  return tags.map(([, attributes]) => {
    const own = /\bxml:base\s*=\s*["']([^"']+)["']/.exec(attributes ?? '')?.[1];
    if (!own) return base;
    try {
      return new URL(own, base ?? undefined).href;
    } catch {
      return base;
    }
  });
}

/** Why xml2js failed, with the line when it says one. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Feed not recognized/.test(message)) return 'not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)';
  const line = /Line:\s*(\d+)/.exec(message)?.[1];
  const first = message.split('\n')[0]?.trim() ?? 'unreadable';
  return line ? `malformed XML at line ${Number(line) + 1}: ${first}` : `malformed XML: ${first}`;
}

/**
 * Parses feed text with rss-parser's parseString (never parseURL: fetching is ours). The DTD is neutralised first,
 * and Atom dates are read by us because rss-parser rejects a whole Atom feed over one invalid date.
 */
export async function parseFeed(xml: string, options: { feedUrl: string | null }): Promise<ParsedFeed> {
  let text = neutraliseDtd(xml);
  const isAtom = /<feed\b/.test(text.slice(0, 4096)) && !/<rss\b|<rdf:RDF\b/.test(text.slice(0, 4096));
  // Renamed so rss-parser never calls new Date(...).toISOString() on them.
  if (isAtom) text = text.replace(/<(\/?)(published|updated)(?=[\s>/])/g, '<$1dg-$2');
  const parser = new Parser<Record<string, unknown>, ParserItem>({ customFields: { item: ITEM_FIELDS } });
  let parsed: Awaited<ReturnType<typeof parser.parseString>>;
  try {
    parsed = await parser.parseString(text);
  } catch (error) {
    throw new FeedParseError(describeParseError(error), error);
  }
  const base = rootBase(text, options.feedUrl);
  const parsedItems = parsed.items ?? [];
  const entryBases = itemBases(text, isAtom, base, parsedItems.length);
  const items = parsedItems.map((item, i) => toRawItem(item as ParserItem, entryBases?.[i] ?? base));
  return { title: textOf(parsed.title)?.trim() || null, link: resolveLink(textOf(parsed.link), base), items };
}

function toRawItem(item: ParserItem, base: string | null): RawFeedItem {
  const creators = Array.isArray(item.creators) ? item.creators.map(textOf) : [textOf(item.creator), textOf(item.author)];
  const authors = [...new Set(creators.filter((a): a is string => !!a && a.trim() !== '').map((a) => a.trim()))];
  const html = textOf(item['content:encoded']) ?? textOf(item.content) ?? textOf(item.summary) ?? '';
  const dateText = textOf(item['dg-published']) ?? textOf(item['dg-updated']) ?? textOf(item.pubDate) ?? textOf(item.date) ?? null;
  const guid = textOf(item.guid) ?? textOf(item.id) ?? textOf(item['rdf:about']);
  return {
    guid: guid?.trim() || null,
    link: resolveLink(textOf(item.link), base),
    title: textOf(item.title) ?? '',
    authors,
    dateText: dateText?.trim() || null,
    html,
  };
}
