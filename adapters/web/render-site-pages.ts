import { relativeHref, sitePaths } from '../../src/archive/archive-paths.ts';
import type { PublicArchive } from '../../src/archive/archive-reader.ts';
import { html } from './html.ts';
import { editionDate } from './render-edition.ts';
import { renderPage, type SiteContext } from './render-layout.ts';

/** The site's home: the archives their admins made public, and nothing about any other channel. */
export function renderHomePage(site: SiteContext, archives: readonly PublicArchive[]): string {
  const { strings } = site;
  const path = sitePaths.home;
  const list = archives.length === 0 ? html`<p>${strings.nothingPublic}</p>` : html`<ul class="editions">
${
    archives.map(({ open, latest, total }) =>
      html`<li>
<a href="${relativeHref(path, sitePaths.channel(open.key))}">${latest === undefined ? open.channel.ref.channelId : nameOf(latest.digest.title)}</a>
<p class="meta">${strings.editionCount(total)}${latest === undefined ? '' : html` · ${strings.latestEdition(editionDate(latest.digest, strings, open.archive.timeZone))}`}</p>
</li>
`
    )
  }</ul>`;
  const main = html`<h1>${site.siteName}</h1>
<p class="lede">${strings.homeIntro}</p>
${list}`;
  return renderPage(site, { path, title: site.siteName, main, noindex: archives.length === 0 });
}

/** The digest's name: its title without the date. */
function nameOf(title: string): string {
  const at = title.lastIndexOf(' — ');
  return at === -1 ? title : title.slice(0, at);
}

/**
 * The one 404 page, the same bytes for every missing address — an unknown channel, a rotated token, an
 * archive that is off, a typo — so a response never tells which of those a guess hit.
 */
export function renderNotFoundPage(site: SiteContext, root: string): string {
  const { strings } = site;
  // Served at any depth, so its links start from the site's root path rather than from its own address.
  const main = html`<h1>${strings.notFoundTitle}</h1>
<p>${strings.notFoundBody}</p>`;
  return renderPage(site, { path: sitePaths.notFound, title: `${strings.notFoundTitle} · ${site.siteName}`, main, noindex: true, root });
}
