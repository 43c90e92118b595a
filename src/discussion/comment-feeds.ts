import type { SourceComment } from '../domain/discussion.ts';
import type { Piece } from '../domain/piece.ts';
import { decodeFeed } from '../ingest/decode-feed.ts';
import { splitDoctype } from '../ingest/feed-dtd.ts';
import { resolveUrl } from '../ingest/feed-links.ts';
import { fetchSourceFeed } from '../ingest/fetch-source.ts';
import type { HostPoliteness } from '../ingest/host-politeness.ts';
import { parseFeed } from '../ingest/parse-feed.ts';
import type { SafeFetcher } from '../ingest/safe-fetch.ts';
import { sanitiseHtml } from '../ingest/sanitise-html.ts';
import { childrenNamed, firstChild, readXmlTree, textOf, type XNode } from '../ingest/xml-tree.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import { MAX_COMMENT_CHARS } from './record-thread-event.ts';

/** Bounds on reading one piece's public comments: a hostile comment feed costs at most this much. */
export const COMMENT_FEED_BOUNDS = { bytes: 2 * 1024 * 1024, comments: 500, recheckMs: 6 * 3_600_000 } as const;

/** Where an item says its comments are: a comment feed (wfw:commentRss, an Atom `replies` link) and the count it reports. */
export interface CommentFeedLink {
  feedUrl: string | null;
  count: number | null;
}

const trimmed = (node: XNode | undefined): string | null => {
  const text = textOf(node).trim();
  return text === '' ? null : text;
};

function webUrl(raw: string | null | undefined, base: string): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  const url = resolveUrl(raw.trim(), base);
  return url !== null && /^https?:/i.test(url) ? url : null;
}

function count(raw: string | null | undefined): number | null {
  const n = Number(raw?.trim() ?? Number.NaN);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

/** An item's identity, web link and comment feed, read from its element. */
function commentsOf(item: XNode, base: string): { guid: string | null; link: string | null; comments: CommentFeedLink } {
  const atomLinks = childrenNamed(item, 'atom:link');
  const replies = atomLinks.find((l) => (l.attrs.rel ?? '').toLowerCase() === 'replies' && (l.attrs.type === undefined || /atom|rss|xml/i.test(l.attrs.type)));
  if (item.key === 'atom:entry') {
    const alternate = atomLinks.find((l) => (l.attrs.rel ?? 'alternate').toLowerCase() === 'alternate');
    return {
      guid: trimmed(firstChild(item, 'atom:id')),
      link: webUrl(alternate?.attrs.href, base),
      comments: { feedUrl: webUrl(replies?.attrs.href, base), count: count(replies?.attrs['thr:count'] ?? trimmed(firstChild(item, 'thr:total'))) },
    };
  }
  return {
    guid: trimmed(firstChild(item, 'guid')) ?? item.attrs['rdf:about'] ?? null,
    link: webUrl(trimmed(firstChild(item, 'link')), base),
    comments: {
      feedUrl: webUrl(trimmed(firstChild(item, 'wfw:commentrss')) ?? replies?.attrs.href, base),
      count: count(trimmed(firstChild(item, 'slash:comments')) ?? replies?.attrs['thr:count'] ?? trimmed(firstChild(item, 'thr:total'))),
    },
  };
}

/**
 * The comment feed of the item that is `piece` in its source's feed text, found by guid, else by link. RSS items
 * name theirs in `wfw:commentRss` (count in `slash:comments`), Atom entries in `<link rel="replies">` (count in
 * `thr:count`, RFC 4685). Null when the item is not in the feed. Read with the feed reader's own XML tree.
 */
export async function findCommentFeed(feedText: string, piece: Pick<Piece, 'guid' | 'url'>, feedUrl: string): Promise<CommentFeedLink | null> {
  const { xml, entities } = splitDoctype(feedText.trimStart());
  let found: CommentFeedLink | null = null;
  readXmlTree(xml, entities, {
    onRoot() {},
    onItem(item) {
      if (found !== null) return;
      const read = commentsOf(item, feedUrl);
      if (read.guid === piece.guid || (read.link !== null && read.link === piece.url)) found = read.comments;
    },
  });
  return found;
}

export interface SourceCommentsDeps {
  store: Store;
  fetcher: SafeFetcher;
  politeness: HostPoliteness;
  now: () => Date;
  logger: Logger;
}

/**
 * A piece's public comments, where its source publishes a comment feed: the source's feed is read once to find it
 * (remembered, rechecked after six hours), then the comment feed is fetched under the ingest rules (the safe fetcher:
 * no private addresses, timeouts, redirects; host politeness; at most 2 MiB and 500 comments) and its items stored
 * as comments (plain text, as untrusted as any feed text). A failure is remembered and leaves the stored comments.
 */
export function createSourceComments(deps: SourceCommentsDeps): (piece: Piece) => Promise<SourceComment[]> {
  const { store, logger } = deps;
  /** The source's own feed, as ingest reads it (a local file, or a URL under the fetcher's rules and limits). */
  const readSourceFeed = async (location: string): Promise<string> => {
    const result = await fetchSourceFeed(location, { etag: null, lastModified: null }, { fetcher: deps.fetcher, politeness: deps.politeness, maxBytes: COMMENT_FEED_BOUNDS.bytes });
    if (result.notModified) throw new Error('the feed answered 304 to a request without validators');
    return decodeFeed(result.body, result.contentType);
  };
  /** A comment feed: a URL only, within its own byte budget. */
  const readCommentFeed = async (url: string): Promise<string> => {
    const result = await deps.politeness.run(new URL(url).host, () => deps.fetcher.fetch(url, { maxBytes: COMMENT_FEED_BOUNDS.bytes }));
    if (result.notModified) throw new Error('the comment feed answered 304 to a request without validators');
    return decodeFeed(result.body, result.contentType);
  };
  return async (piece) => {
    const now = deps.now();
    let record = await store.discussion.getCommentFeed(piece.id);
    if (record === undefined || now.getTime() - record.checkedAt.getTime() >= COMMENT_FEED_BOUNDS.recheckMs) {
      const source = await store.getSource(piece.sourceId);
      if (source === undefined) return store.discussion.listSourceComments(piece.id);
      try {
        const found = await findCommentFeed(await readSourceFeed(source.url), piece, source.url);
        // An item gone from the feed keeps the comment feed found before.
        record = { pieceId: piece.id, feedUrl: found?.feedUrl ?? record?.feedUrl ?? null, commentCount: found?.count ?? record?.commentCount ?? null, checkedAt: now, error: null };
        if (record.feedUrl !== null && record.commentCount !== 0) {
          const comments = await parseFeed(await readCommentFeed(record.feedUrl), { feedUrl: record.feedUrl });
          await store.discussion.saveSourceComments(comments.items.slice(0, COMMENT_FEED_BOUNDS.comments).flatMap((item): SourceComment[] => {
            // The sanitiser keeps maths as TeX: a comment's formula is part of its argument.
            const body = sanitiseHtml(item.html, item.contentBase).text.trim().slice(0, MAX_COMMENT_CHARS);
            const id = item.guid ?? item.link;
            if (id === null || body === '') return [];
            const at = item.dateText === null ? Number.NaN : Date.parse(item.dateText);
            const author = item.authors[0] ?? item.title.replace(/^(?:by|von|par|de):\s*/i, '').trim();
            return [{ pieceId: piece.id, guid: id, author: author.slice(0, 100) || 'A reader', text: body, permalink: item.link ?? piece.url, postedAt: Number.isFinite(at) ? new Date(at) : null, inReplyTo: null, fetchedAt: now }];
          }));
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logger.info({ piece: piece.id, err: message }, 'could not read the source’s public comments; using those read before');
        record = { pieceId: piece.id, feedUrl: record?.feedUrl ?? null, commentCount: record?.commentCount ?? null, checkedAt: now, error: message.slice(0, 500) };
      }
      await store.discussion.putCommentFeed(record);
    }
    return store.discussion.listSourceComments(piece.id);
  };
}
