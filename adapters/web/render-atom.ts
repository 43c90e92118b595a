import { createHash } from 'node:crypto';
import { absoluteUrl, relativeHref, sitePaths } from '../../src/archive/archive-paths.ts';
import type { ArchiveEdition } from '../../src/archive/edition-urls.ts';
import { html } from './html.ts';
import { renderPiece } from './render-edition.ts';
import type { ChannelContext } from './render-layout.ts';

/** A stable `urn:uuid:` for a name (RFC 9562 version 8, from SHA-256), so ids never depend on a secret URL. */
export function urnFor(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * A channel's editions as an Atom feed (RFC 4287): each entry links the edition's page and carries its pieces
 * as HTML. Links are absolute with a public URL, else relative to the feed's own address.
 */
export function renderAtomFeed(ctx: ChannelContext, options: { channelId: string; editions: readonly ArchiveEdition[]; updated: Date; publicUrl: string | null }): string {
  const feedPath = sitePaths.feed(ctx.key);
  const link = (to: string): string => (options.publicUrl === null ? relativeHref(feedPath, to) : absoluteUrl(options.publicUrl, to));
  const entries = options.editions.map(({ digest, slug }) => {
    const page = link(sitePaths.edition(ctx.key, slug));
    const content = html`<p>${digest.headerLine}</p>\n${digest.pieces.map((p) => html`${renderPiece(p, ctx.strings)}\n`)}`.value;
    return html`  <entry>
    <id>${urnFor(`digest:${digest.id}`)}</id>
    <title>${digest.title}</title>
    <link rel="alternate" type="text/html" href="${page}"/>
    <published>${digest.createdAt.toISOString()}</published>
    <updated>${digest.createdAt.toISOString()}</updated>
    <summary>${digest.headerLine}</summary>
    <content type="html" xml:base="${page}">${content}</content>
  </entry>
`;
  });
  return html`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${ctx.strings.language}">
  <id>${urnFor(`channel:${options.channelId}`)}</id>
  <title>${ctx.feedTitle}</title>
  <updated>${options.updated.toISOString()}</updated>
  <link rel="self" type="application/atom+xml" href="${link(feedPath)}"/>
  <link rel="alternate" type="text/html" href="${link(sitePaths.channel(ctx.key))}"/>
  <author><name>${ctx.siteName}</name></author>
  <generator>research-digest-bot</generator>
${entries}</feed>
`.value;
}
