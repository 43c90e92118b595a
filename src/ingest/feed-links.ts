/**
 * Where a feed's relative URLs point: against the xml:base values in effect (outermost first), those against the
 * document's own address when it is on the web, else against the feed's own link (a local file's `file:` address is
 * never a base for an article). An item's link must be http(s) after that, or it is dropped with a reason.
 */

const WEB = /^https?:$/;

/** `raw` resolved against `base`; null when it does not parse. */
export function resolveUrl(raw: string, base: string | null): string | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  try {
    return (base ? new URL(trimmed, base) : new URL(trimmed)).href;
  } catch {
    return null;
  }
}

/** The base a chain of xml:base values gives, starting from the document's base. */
export function baseOf(chain: readonly string[], documentBase: string | null): string | null {
  let base = documentBase;
  for (const value of chain) base = resolveUrl(value, base) ?? base;
  return base;
}

/** The document base: the feed's address when it is a web address, else the feed's own (absolute, web) link. */
export function documentBase(feedUrl: string | null, feedLink: string | null): string | null {
  if (feedUrl && WEB.test(safeProtocol(feedUrl))) return feedUrl;
  const link = feedLink ? resolveUrl(feedLink, feedUrl) : null;
  if (link && WEB.test(safeProtocol(link))) return link;
  return feedUrl;
}

function safeProtocol(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}

/** True for an absolute http(s) URL. */
export function isWebUrl(url: string): boolean {
  return WEB.test(safeProtocol(url));
}

/** An item's link after resolution, or null with the reason it was dropped. */
export function itemLink(raw: string | null, base: string | null): { link: string | null; problem: string | null } {
  if (raw === null || raw.trim() === '') return { link: null, problem: null };
  const resolved = resolveUrl(raw, base);
  const shown = raw.trim().slice(0, 80);
  if (resolved === null) return { link: null, problem: `link "${shown}" is not a URL` };
  const protocol = safeProtocol(resolved);
  if (WEB.test(protocol)) return { link: resolved, problem: null };
  if (protocol === 'file:') return { link: null, problem: `link "${shown}" is relative and the feed gives no web address to resolve it against` };
  return { link: null, problem: `link "${shown}" is not an http(s) address (${protocol})` };
}
