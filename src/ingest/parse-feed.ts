import { splitDoctype } from './feed-dtd.ts';
import { parseJsonFeed } from './feed-json.ts';
import { feedRefusal } from './feed-refusal.ts';
import type { ParsedFeed } from './feed-types.ts';
import { parseXmlFeed } from './feed-xml.ts';

export type { ParsedFeed, RawFeedItem } from './feed-types.ts';

/**
 * Reads a feed from decoded text: RSS 0.9x/1.0/2.0 (with or without version or namespace), RDF, Atom 0.3/1.0 and JSON
 * Feed 1.0/1.1. Refuses anything else with a coded FeedParseError whose hint says what to do (never a parser's own
 * exception text). Relative URLs are resolved (docs/ingest.md, "What a feed may contain").
 */
export async function parseFeed(text: string, options: { feedUrl: string | null }): Promise<ParsedFeed> {
  const start = text.search(/\S/);
  if (start === -1) throw feedRefusal('empty', text.length === 0 ? 'the document is empty (0 bytes)' : 'the document holds only whitespace');
  const first = text[start];
  if (first === '{' || first === '[') return parseJsonFeed(text, options.feedUrl);
  if (first !== '<') {
    const shown = JSON.stringify(text.slice(start, start + 40));
    throw feedRefusal('not-a-feed', `the document is not XML or JSON: it starts with ${shown}`);
  }
  const { xml, entities } = splitDoctype(start === 0 ? text : text.slice(start));
  return parseXmlFeed(xml, entities, options.feedUrl);
}
