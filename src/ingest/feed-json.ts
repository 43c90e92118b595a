import { documentBase, itemLink, resolveUrl } from './feed-links.ts';
import { feedRefusal } from './feed-refusal.ts';
import type { ParsedFeed, RawFeedItem } from './feed-types.ts';
import { escapeText } from './xml-tree.ts';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : typeof value === 'number' ? String(value) : null);
const escapeHtml = (text: string): string => escapeText(text).replace(/\n/g, '<br>');

/** JSON Feed 1.1 `authors`, or 1.0 `author`. */
function authorsOf(holder: Json): string[] {
  const list = Array.isArray(holder.authors) ? holder.authors : isObject(holder.author) ? [holder.author] : [];
  return [...new Set(list.filter(isObject).map((a) => str(a.name)?.trim() ?? '').filter((n) => n !== ''))];
}

/** Reads a JSON Feed (https://jsonfeed.org/version/1 and 1.1); any other JSON is refused with a code. */
export function parseJsonFeed(text: string, feedUrl: string | null): ParsedFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'unreadable';
    throw feedRefusal('malformed', `the document starts like JSON but does not parse: ${reason}`, undefined, error);
  }
  if (!isObject(doc)) throw feedRefusal('json-not-a-feed', 'this is JSON but not a JSON Feed: the document is not an object');
  const version = str(doc.version);
  if (!version || !/^https?:\/\/jsonfeed\.org\/version\//i.test(version)) {
    throw feedRefusal('json-not-a-feed', `this is JSON but not a JSON Feed: ${version ? `"version" is ${JSON.stringify(version.slice(0, 60))}` : 'it has no "version"'}`);
  }
  if (!Array.isArray(doc.items)) throw feedRefusal('json-not-a-feed', 'this JSON Feed has no "items" list');
  const home = str(doc.home_page_url);
  const base = documentBase(feedUrl, home ? resolveUrl(home, feedUrl) : null);
  const feedAuthors = authorsOf(doc);
  const items = doc.items.filter(isObject).map((item): RawFeedItem => {
    const { link, problem } = itemLink(str(item.url) ?? str(item.external_url), base);
    const html = str(item.content_html) ?? (str(item.content_text) ? escapeHtml(str(item.content_text)!) : null) ?? (str(item.summary) ? escapeHtml(str(item.summary)!) : '');
    const authors = authorsOf(item);
    return {
      guid: str(item.id)?.trim() ?? null,
      link,
      linkProblem: problem,
      title: (str(item.title) ?? '').replace(/\s+/g, ' ').trim(),
      authors: authors.length > 0 ? authors : feedAuthors,
      contributors: [],
      dateText: str(item.date_published) ?? str(item.date_modified),
      html,
      contentBase: base,
    };
  });
  const homeUrl = home ? resolveUrl(home, base) : null;
  return { format: 'json', title: str(doc.title)?.trim() ?? null, link: homeUrl && /^https?:/.test(homeUrl) ? homeUrl : null, items };
}
