import { relativeHref, sitePaths } from '../../src/archive/archive-paths.ts';
import { html, type SafeHtml } from './html.ts';
import { PAGE_CSP } from './security-policy.ts';
import { SITE_ASSETS } from './site-assets.ts';
import type { WebStrings } from './web-strings.ts';

/** What every page of one site shares. */
export interface SiteContext {
  siteName: string;
  strings: WebStrings;
}

/** A page of one channel's archive: reached under `key`, indexable only when the channel is public. */
export interface ChannelContext extends SiteContext {
  key: string;
  noindex: boolean;
  /** The feed's title, e.g. the digest's name. */
  feedTitle: string;
}

export interface PageParts {
  /** Site path of this page (relative links are computed from it). */
  path: string;
  title: string;
  main: SafeHtml;
  /** Set on a channel's pages: the header then links that channel's index, search and feed. */
  channel?: ChannelContext;
  noindex: boolean;
  /**
   * For a page served at any address (the 404): links start from this root path (e.g. `/` or `/digests/`)
   * instead of being relative to `path`.
   */
  root?: string;
}

/** The HTML document around a page's main content. Works without JavaScript; loads one stylesheet. */
export function renderPage(site: SiteContext, parts: PageParts): string {
  const href = (to: string): string => (parts.root === undefined ? relativeHref(parts.path, to) : `${parts.root}${to}`);
  const { strings } = site;
  const channel = parts.channel;
  const homeHref = href(channel === undefined ? sitePaths.home : sitePaths.channel(channel.key));
  const nav = channel === undefined ? html`` : html`
    <nav class="site-nav" aria-label="${site.siteName}">
      <a href="${href(sitePaths.channel(channel.key))}">${strings.digests}</a>
      <a href="${href(sitePaths.search(channel.key))}">${strings.search}</a>
      <a href="${href(sitePaths.feed(channel.key))}" type="application/atom+xml">${strings.atomFeed}</a>
    </nav>`;
  const document = html`<!doctype html>
<html lang="${strings.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">
<meta name="referrer" content="no-referrer">
${parts.noindex ? html`<meta name="robots" content="noindex, nofollow">\n` : ''}<title>${parts.title}</title>
<link rel="stylesheet" href="${href(SITE_ASSETS.stylesheet.path)}">
<link rel="icon" href="${href(SITE_ASSETS.icon.path)}" type="image/svg+xml">
${channel === undefined ? '' : html`<link rel="alternate" type="application/atom+xml" title="${channel.feedTitle}" href="${href(sitePaths.feed(channel.key))}">\n`}</head>
<body>
<a class="skip" href="#main">${strings.skipToContent}</a>
<header class="site-header">
  <a class="site-name" href="${homeHref}">${site.siteName}</a>${nav}
</header>
<main id="main">
${parts.main}
</main>
<footer class="site-footer">
  <p>${site.siteName}</p>
</footer>
</body>
</html>
`;
  return document.value;
}
