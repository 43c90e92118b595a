import { createHash } from 'node:crypto';
import type { CachePolicy } from './archive-site.ts';

/** A strong ETag from the body's bytes: equal bodies, equal tags, whichever instance served them. */
export function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for GET). */
export function matchesIfNoneMatch(header: string, etag: string): boolean {
  const bare = etag.replace(/^W\//, '');
  return header.split(',').map((t) => t.trim()).some((t) => t === '*' || t.replace(/^W\//, '') === bare);
}

/** Whether the resource is unmodified since an If-Modified-Since date (HTTP dates have whole seconds). */
export function unmodifiedSince(header: string, lastModified: Date): boolean {
  const since = Date.parse(header);
  return Number.isFinite(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

export const CACHE_CONTROL: Record<CachePolicy, string> = {
  immutable: 'public, max-age=31536000, immutable',
  public: 'public, max-age=300',
  // A capability page must not sit in a shared cache: whoever holds the URL asks the server.
  private: 'private, max-age=60',
  'no-store': 'no-store',
};
