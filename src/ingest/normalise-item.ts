import { createHash } from 'node:crypto';
import type { Piece } from '../domain/piece.ts';
import { canonicalUrl } from './canonical-url.ts';
import { minhashOfHashes } from './minhash.ts';
import type { RawFeedItem } from './feed-types.ts';
import { plainTextOf, sanitiseHtml } from './sanitise-html.ts';
import { appendWordHashes, singleSpaced } from './text-scan.ts';

/** sha256 hex of a string. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The id a piece gets from its first source and guid: stable across runs and machines. */
export function pieceIdFor(sourceId: string, guid: string): string {
  return sha256(`${sourceId}\n${guid}`).slice(0, 24);
}

/** Hash of the normalised title and text; keys the summary cache and exact-duplicate detection. */
export function contentHashOf(title: string, text: string): string {
  return hashOfNormalised(title, singleSpaced(text).toLowerCase());
}

/** `normalisedText`: the text single-spaced (every whitespace run one space, none at the ends), then lower-cased. */
function hashOfNormalised(title: string, normalisedText: string): string {
  return sha256(`${title.toLowerCase()}\n\n${normalisedText}`);
}

function parseDate(text: string | null): Date | null {
  if (!text) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The content hash of text that is already collapsed (collapseWhitespace's output: every whitespace run one space, one
 * line feed or two, none at the ends), without single-spacing a copy of it: its line feeds are hashed as the spaces
 * single-spacing makes of them, the rest of the text as it is. Same digest as hashOfNormalised(title, singleSpaced(lowered)).
 */
function hashOfCollapsed(title: string, lowered: string): string {
  const hash = createHash('sha256').update(title.toLowerCase()).update('\n\n');
  let from = 0;
  for (let feed = lowered.indexOf('\n'); feed !== -1; feed = lowered.indexOf('\n', from)) {
    hash.update(lowered.slice(from, feed)).update(' ');
    from = lowered.charCodeAt(feed + 1) === 0x0a ? feed + 2 : feed + 1;
  }
  return hash.update(lowered.slice(from)).digest('hex');
}

/**
 * Fills the content-derived fields of a piece from its title and text. `collapsed`: the text is the sanitiser's
 * (collapseWhitespace's output), which the content hash can then read as it is.
 */
export function contentFields(title: string, text: string, html: string, options: { collapsed?: boolean } = {}): Pick<Piece, 'contentText' | 'contentHtml' | 'wordCount' | 'contentHash' | 'signature'> {
  // The text is lower-cased once, for its words and its hash. Single-spacing and lower-casing commute unless the text
  // holds U+FEFF, the one whitespace character that lower-casing's final-sigma rule looks through.
  const lowered = text.toLowerCase();
  const hashes = appendWordHashes(title.toLowerCase(), []);
  const titleWords = hashes.length;
  appendWordHashes(lowered, hashes);
  return {
    contentText: text,
    contentHtml: html,
    wordCount: hashes.length - titleWords,
    contentHash: options.collapsed === true ?
      hashOfCollapsed(title, lowered)
      : text.includes('\ufeff')
      ? contentHashOf(title, text)
      : hashOfNormalised(title, singleSpaced(lowered)),
    signature: minhashOfHashes(hashes),
  };
}

/** Turns one raw feed item into a Piece; never throws on bad fields (a missing date becomes the fetch time, flagged). */
export function normaliseItem(raw: RawFeedItem, context: { sourceId: string; fetchedAt: Date; baseUrl: string | null }): Piece {
  const { html, text } = sanitiseHtml(raw.html, raw.contentBase ?? raw.link ?? context.baseUrl);
  let title = raw.title.replace(/[\s\u00a0]+/g, ' ').trim();
  if (title === '') title = text.split(/\s+/).slice(0, 12).join(' ') || '(untitled)';
  // Only an http(s) link is an address (the parser dropped the rest); an isPermaLink="false" guid never is one.
  const url = raw.link ?? '';
  const guid = raw.guid ?? raw.link ?? `hash:${sha256(`${title}\n${text}`).slice(0, 32)}`;
  const published = parseDate(raw.dateText);
  return {
    id: pieceIdFor(context.sourceId, guid),
    sourceId: context.sourceId,
    guid,
    url,
    canonicalUrl: url ? canonicalUrl(url) : '',
    title,
    // Everyone the item credits: its authors, then its contributors.
    authors: [...new Set([...raw.authors, ...raw.contributors].map((a) => plainTextOf(a)).filter((a) => a !== ''))],
    publishedAt: published ?? context.fetchedAt,
    publishedAtEstimated: published === null,
    fetchedAt: context.fetchedAt,
    ...contentFields(title, text, html, { collapsed: true }),
    fullTextFetched: false,
    updatedAt: context.fetchedAt,
  };
}
