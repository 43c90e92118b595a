import { open } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BlockedByBotWallError, recogniseBotWallIn } from './bot-wall.ts';
import type { HostPoliteness } from './host-politeness.ts';
import { FeedFileError, HttpStatusError, ResponseTooLargeError } from './ingest-errors.ts';
import type { FetchResult, SafeFetcher } from './safe-fetch.ts';
import { isLocalLocation } from '../rules/feed-location.ts';

/** True for sources read from disk: `file:` URLs and paths (the one feed-location rule, src/rules). */
export const isLocalSource = isLocalLocation;

/** The file URL of a local source (relative paths resolve against the working directory). */
export function localSourceUrl(location: string): URL {
  return /^file:/i.test(location) ? new URL(location) : pathToFileURL(resolvePath(location));
}

/** Reads a local feed file with the same size cap as the network; no politeness needed. */
export async function readLocalFeed(location: string, maxBytes: number): Promise<FetchResult> {
  const url = localSourceUrl(location);
  const path = fileURLToPath(url);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new FeedFileError(path, (error as NodeJS.ErrnoException).code ?? String(error), error);
  }
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new ResponseTooLargeError(path, maxBytes);
    // Sized from stat, but a growing file is still cut at the cap.
    const buffer = Buffer.alloc(Math.min(maxBytes, size + 64 * 1024) + 1);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new ResponseTooLargeError(path, maxBytes);
      if (total === buffer.length) break;
    }
    const body = new Uint8Array(buffer.buffer, buffer.byteOffset, total);
    return { status: 200, notModified: false, finalUrl: url.href, body, bytes: total, contentType: null, etag: null, lastModified: null };
  } catch (error) {
    if (error instanceof ResponseTooLargeError) throw error;
    throw new FeedFileError(path, (error as NodeJS.ErrnoException).code ?? String(error), error);
  } finally {
    await handle.close();
  }
}

/** Bytes of a refused feed response kept to tell a bot wall from a plain refusal. */
const EVIDENCE_BYTES = 16 * 1024;

/**
 * Fetches one source's feed: a local file directly, a URL through the politeness gate and the safe fetcher. A
 * challenge or block page (as a refusal, or as an HTML page where the feed should be) is a BlockedByBotWallError.
 */
export async function fetchSourceFeed(
  location: string,
  validators: { etag: string | null; lastModified: string | null },
  deps: { fetcher: SafeFetcher; politeness: HostPoliteness; maxBytes: number },
): Promise<FetchResult> {
  if (isLocalSource(location)) return readLocalFeed(location, deps.maxBytes);
  let host = location;
  try {
    host = new URL(location).host;
  } catch {
    // fetcher.fetch reports the invalid URL with a hint
  }
  let result: FetchResult;
  try {
    result = await deps.politeness.run(host, () => deps.fetcher.fetch(location, { ...validators, errorBodyBytes: EVIDENCE_BYTES }));
  } catch (error) {
    const wall = error instanceof HttpStatusError && error.evidence ? recogniseBotWallIn(error.evidence.body, error.status, error.evidence.headers) : null;
    if (wall) throw new BlockedByBotWallError(location, (error as HttpStatusError).status, wall);
    throw error;
  }
  if (!result.notModified && /html/i.test(result.contentType ?? '') && result.body.byteLength < 512 * 1024) {
    const wall = recogniseBotWallIn(new TextDecoder().decode(result.body), result.status, {});
    if (wall) throw new BlockedByBotWallError(location, result.status, wall);
  }
  return result;
}
