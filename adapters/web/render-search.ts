import { pieceAnchor, relativeHref, sitePaths } from '../../src/archive/archive-paths.ts';
import type { ArchiveSearchHit } from '../../src/archive/archive-reader.ts';
import { html } from './html.ts';
import { renderPage, type ChannelContext } from './render-layout.ts';

/** The search page: a GET form (works without JavaScript) and, for a query, the pieces that match. */
export function renderSearchPage(ctx: ChannelContext, query: string, hits: readonly ArchiveSearchHit[] | undefined): string {
  const { strings } = ctx;
  const path = sitePaths.search(ctx.key);
  const href = (to: string): string => relativeHref(path, to);
  const results = hits === undefined ? html`<p class="hint">${strings.searchPrompt}</p>` : hits.length === 0
    ? html`<p role="status">${strings.noResults(query)}</p>`
    : html`<h2 role="status">${strings.searchResults(hits.length, query)}</h2>
<ol class="hits">
${
      hits.map((hit) =>
        html`<li>
<a href="${href(sitePaths.edition(ctx.key, hit.slug))}#${pieceAnchor(hit.position)}">${hit.position}. ${hit.title}</a>
<p class="hit-where">${hit.sourceName} · ${strings.pieceInEdition(hit.position, hit.editionTitle)}</p>
</li>
`
      )
    }</ol>`;
  const main = html`<h1>${strings.search}</h1>
<form class="search-form" method="get" action="./" role="search">
<label for="q">${strings.searchPlaceholder}</label>
<input id="q" name="q" type="search" value="${query}" maxlength="200" autocomplete="off">
<button type="submit">${strings.search}</button>
</form>
${results}`;
  const title = hits === undefined ? `${strings.search} · ${ctx.siteName}` : `${strings.search}: ${query} · ${ctx.siteName}`;
  return renderPage(ctx, { path, title, main, channel: ctx, noindex: true });
}
