import { FeedParseError, type FeedRefusalCode } from './ingest-errors.ts';

type Kind = FeedRefusalCode extends `feed-${infer K}` ? K : never;

const HINTS: Record<Kind, string> = {
  'empty': 'the server sent no content; open the URL in a browser, and check that it is the feed and not an empty page',
  'undecodable': 'the bytes are not text in any encoding the feed declares or that can be detected; ask the site to serve the feed as UTF-8',
  'not-a-feed': 'the URL serves something other than a feed; open the site and use the address of its RSS, Atom or JSON feed',
  'json-not-a-feed': 'JSON Feed documents have a "version" of https://jsonfeed.org/version/1 or 1.1 and an "items" list; use the site\'s RSS, Atom or JSON Feed address',
  'truncated': 'the download was cut off; it is retried on the next run (if it keeps happening, the server or a proxy is breaking the response)',
  'no-channel': "an RSS document needs a <channel> with its title and items; the site's feed generator is broken, so tell the site or use another of its feeds",
  'malformed': 'the feed is not well-formed XML; open it in a browser or a feed validator to see the error, and tell the site',
};

/** A coded refusal of a document, with the fix hint for its kind (and a more specific one when known). */
export function feedRefusal(kind: Kind, reason: string, hint?: string, cause?: unknown): FeedParseError {
  return new FeedParseError(`feed-${kind}`, reason, hint ?? HINTS[kind], cause);
}
