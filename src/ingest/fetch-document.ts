import { DigestError } from '../errors.ts';
import { decodeFeed } from './decode-feed.ts';
import type { IngestOptions } from './run-ingest.ts';
import { createSafeFetcher, validateFetchUrl, type SafeFetcher } from './safe-fetch.ts';

/** An OPML file is a list of feeds: a megabyte is thousands of them, and more is not a reading list. */
export const MAX_DOCUMENT_BYTES = 1_000_000;

/**
 * Fetches a document a chat admin named (an OPML file) under the same rules as a feed: http(s) only, no private
 * addresses unless the operator allows them, the ingest timeouts and redirect limit, and at most a megabyte.
 * Decoded by its declared or sniffed charset. A failure is a DigestError naming the URL and the cause.
 */
export async function fetchDocument(url: string, options: IngestOptions & { fetcher?: SafeFetcher }): Promise<string> {
  const fetcher = options.fetcher ?? createSafeFetcher({ ...options, maxBytes: Math.min(options.maxBytes, MAX_DOCUMENT_BYTES), resolver: options.resolver });
  try {
    validateFetchUrl(url, options.allowPrivateNetworks);
    const result = await fetcher.fetch(url, { accept: 'text/x-opml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5', maxBytes: Math.min(options.maxBytes, MAX_DOCUMENT_BYTES) });
    if (result.notModified) throw new DigestError(`${url} answered 304 Not Modified to a plain request.`, { code: 'feed-unreadable', hint: 'The server is misbehaving; try again later.' });
    return decodeFeed(result.body, result.contentType);
  } catch (error) {
    if (error instanceof DigestError) throw error;
    throw new DigestError(`Could not fetch ${url}: ${error instanceof Error ? error.message : String(error)}`, { code: 'feed-unreadable', hint: 'Check the URL opens in a browser and serves the OPML file itself.', cause: error });
  } finally {
    if (!options.fetcher) await fetcher.close();
  }
}
