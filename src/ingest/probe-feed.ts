import { DigestError } from '../errors.ts';
import { decodeFeed } from './decode-feed.ts';
import { isLocalSource, localSourceUrl, readLocalFeed } from './fetch-source.ts';
import { InvalidFeedUrlError } from './ingest-errors.ts';
import type { IngestOptions } from './run-ingest.ts';
import { parseFeed } from './parse-feed.ts';
import { createSafeFetcher, validateFetchUrl, type SafeFetcher } from './safe-fetch.ts';

/** What `/digest sources add` learns about a URL before saving it. */
export type ProbeResult = { ok: true; title: string; itemCount: number } | { ok: false; error: string; hint?: string };

/**
 * Fetches a feed once under the ingest safety rules and parses it; saves nothing. `allowLocalFiles` is for the
 * CLI and config only: a chat command must not read the bot's disk.
 */
export async function probeFeed(
  url: string,
  options: IngestOptions & { allowLocalFiles?: boolean; fetcher?: SafeFetcher },
): Promise<ProbeResult> {
  const fetcher = options.fetcher ?? createSafeFetcher({ ...options, resolver: options.resolver });
  try {
    const trimmed = url.trim();
    let result;
    let base: string;
    if (isLocalSource(trimmed)) {
      if (!options.allowLocalFiles) throw new InvalidFeedUrlError(trimmed, 'only http(s) URLs can be added from chat');
      result = await readLocalFeed(trimmed, options.maxBytes);
      base = localSourceUrl(trimmed).href;
    } else {
      validateFetchUrl(trimmed, options.allowPrivateNetworks);
      result = await fetcher.fetch(trimmed);
      base = result.finalUrl;
    }
    if (result.notModified) return { ok: false, error: `${trimmed} answered 304 Not Modified to a plain request`, hint: 'the server is misbehaving; try again later' };
    const feed = await parseFeed(decodeFeed(result.body, result.contentType), { feedUrl: base });
    return { ok: true, title: feed.title ?? new URL(base).hostname, itemCount: feed.items.length };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = error instanceof DigestError ? error.hint : undefined;
    return hint === undefined ? { ok: false, error: message } : { ok: false, error: message, hint };
  } finally {
    if (!options.fetcher) await fetcher.close();
  }
}
