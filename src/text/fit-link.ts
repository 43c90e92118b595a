import { parseHttpUrl } from './http-url.ts';

/** Query parameters that only track the click; dropping them never changes the page a link opens. */
const TRACKING_PARAM = /^(?:utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|igshid|mkt_tok|oly_[a-z]+_id|vero_[a-z]+|__s)$/i;

/** How a piece's link can be shown on a platform that links at most `maxLength` characters. */
export type FittedLink =
  /** A link to post; `shortened` when tracking parameters or the fragment were dropped to make it fit. */
  | { kind: 'link'; href: string; shortened: boolean }
  /** An http(s) address too long to post even shortened: say so, and where it points. */
  | { kind: 'too-long'; host: string; length: number }
  /** Not an http(s) address (empty, `javascript:`, junk): shown as text at most, never linked. */
  | { kind: 'not-http'; text: string }
  /** The piece has no link at all. */
  | { kind: 'none' };

/**
 * A piece's link fitted to a platform: http(s) only; over the limit, it is first shortened (tracking parameters
 * and the fragment dropped, which never change the page opened), and if still too long it is not posted as a
 * link. `measure` gives the length the platform counts (after its escaping); plain length by default.
 */
export function fitLink(raw: string, maxLength: number, measure: (href: string) => number = (href) => href.length): FittedLink {
  const text = raw.trim();
  if (text === '') return { kind: 'none' };
  const url = parseHttpUrl(text);
  if (url === undefined || url.hostname === '') return { kind: 'not-http', text };
  if (measure(url.href) <= maxLength) return { kind: 'link', href: url.href, shortened: false };
  const short = new URL(url.href);
  short.hash = '';
  for (const key of [...short.searchParams.keys()]) if (TRACKING_PARAM.test(key)) short.searchParams.delete(key);
  if (measure(short.href) <= maxLength) return { kind: 'link', href: short.href, shortened: true };
  return { kind: 'too-long', host: url.hostname, length: url.href.length };
}
