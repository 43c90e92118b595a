import { relativeHref, sitePaths } from '../../src/archive/archive-paths.ts';
import type { EditionsPage } from '../../src/archive/archive-reader.ts';
import { html } from './html.ts';
import { metaLine } from './render-edition.ts';
import { renderPage, type ChannelContext } from './render-layout.ts';

/** A channel's index: its editions newest first, a page at a time, with newer/older links. */
export function renderIndexPage(ctx: ChannelContext, page: EditionsPage, timeZone: string): string {
  const { strings } = ctx;
  const path = sitePaths.indexPage(ctx.key, page.page);
  const href = (to: string): string => relativeHref(path, to);
  const list = page.editions.length === 0
    ? html`<p>${strings.noEditionsYet}</p>`
    : html`<ol class="editions">
${
      page.editions.map(({ digest, slug }) =>
        html`<li>
<a href="${href(sitePaths.edition(ctx.key, slug))}">${digest.title}</a>
<p class="meta">${metaLine(digest, strings, timeZone)}</p>
<p>${digest.headerLine}</p>
</li>
`
      )
    }</ol>`;
  const pager = page.pageCount <= 1 ? html`` : html`
<nav class="pages" aria-label="${strings.pagination}">
${page.page > 1 ? html`<a href="${href(sitePaths.indexPage(ctx.key, page.page - 1))}" rel="prev">${strings.newer}</a>` : html`<span></span>`}
<span>${strings.pageOf(page.page, page.pageCount)}</span>
${page.page < page.pageCount ? html`<a href="${href(sitePaths.indexPage(ctx.key, page.page + 1))}" rel="next">${strings.older}</a>` : html`<span></span>`}
</nav>`;
  const main = html`<h1>${strings.digests}</h1>
<p class="count">${strings.editionCount(page.total)}${page.pageCount > 1 ? html` · ${strings.pageOf(page.page, page.pageCount)}` : ''}</p>
${list}${pager}`;
  const title = page.page > 1 ? `${strings.digests} · ${strings.pageOf(page.page, page.pageCount)} · ${ctx.siteName}` : `${strings.digests} · ${ctx.siteName}`;
  return renderPage(ctx, { path, title, main, channel: ctx, noindex: ctx.noindex });
}
