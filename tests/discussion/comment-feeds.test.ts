import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSourceComments, findCommentFeed } from '../../src/discussion/comment-feeds.ts';
import { createDiscussionDigests } from '../../src/discussion/discussion-digests.ts';
import { createDiscussionSummariser } from '../../src/discussion/summarise-discussion.ts';
import { createHostPoliteness } from '../../src/ingest/host-politeness.ts';
import { createSafeFetcher, type SafeFetcher } from '../../src/ingest/safe-fetch.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startFeedServer, type FeedServer } from '../fakes/feed-server.ts';
import { REWARD_HACKING_THREAD } from '../fixtures/discussion/reward-hacking-thread.ts';
import { makePiece } from '../select/piece-factory.ts';
import { insertPieces } from '../store/seed-pieces.ts';
import { createRecordingReplyPoster } from './recording-reply-poster.ts';
import { seedDeliveredDigest } from './discussion-harness.ts';

const now = () => new Date('2026-04-01T10:00:00.000Z');
const logger = silentLogger();
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A WordPress-style RSS feed whose item names its comment feed. */
function sourceFeed(server: FeedServer, options: { count?: number; guid?: string } = {}): string {
  return `<?xml version="1.0"?>
<rss version="2.0" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
<channel><title>Alignment Notes</title><link>${server.origin}/</link>
<item><title>Another post</title><link>${server.origin}/other</link><guid>other</guid><wfw:commentRss>${server.origin}/other/feed/</wfw:commentRss></item>
<item><title>Reward hacking arrives suddenly</title><link>${server.origin}/reward-hacking</link><guid>${options.guid ?? 'rh-1'}</guid>
<wfw:commentRss>/reward-hacking/feed/</wfw:commentRss><slash:comments>${options.count ?? 4}</slash:comments></item>
</channel></rss>`;
}

/** The comment feed of that post: one item per comment, as WordPress writes them. */
function commentFeed(server: FeedServer): string {
  const items = REWARD_HACKING_THREAD.slice(0, 4).map((c, i) =>
    `<item><title>By: ${c.author}</title><link>${server.origin}/reward-hacking#comment-${i + 1}</link>
<dc:creator><![CDATA[${c.author}]]></dc:creator><pubDate>Mon, 30 Mar 2026 1${i}:00:00 +0000</pubDate><guid isPermaLink="false">${server.origin}/?p=7#comment-${i + 1}</guid>
<description>${escape(`<p>${c.text}</p><script>alert(1)</script>`)}</description></item>`
  ).join('\n');
  return `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Comments on: Reward hacking</title>${items}</channel></rss>`;
}

describe('public comments of a piece’s source', () => {
  let server: FeedServer;
  let store: Store;
  let fetcher: SafeFetcher;
  beforeEach(async () => {
    server = await startFeedServer();
    store = await createSqliteStore({ path: ':memory:' });
    fetcher = createSafeFetcher({ connectTimeoutMs: 2_000, totalTimeoutMs: 5_000, maxBytes: 10 * 1024 * 1024, maxRedirects: 3, allowPrivateNetworks: true });
  });
  afterEach(async () => {
    await fetcher.close();
    await server.close();
    await store.close();
  });

  const pieceIn = async (guid = 'rh-1') => {
    const { source } = await store.addSource({ url: server.url('/feed/'), name: 'Alignment Notes' });
    const piece = makePiece({ id: 'rh', sourceId: source.id, guid, url: server.url('/reward-hacking') });
    await insertPieces(store, piece);
    return piece;
  };
  const comments = (options: { allowPrivate?: boolean } = {}) =>
    createSourceComments({
      store,
      now,
      logger,
      politeness: createHostPoliteness({ perHostIntervalMs: 0, concurrency: 2 }),
      fetcher: options.allowPrivate === false ? createSafeFetcher({ connectTimeoutMs: 2_000, totalTimeoutMs: 5_000, maxBytes: 1024 * 1024, maxRedirects: 3, allowPrivateNetworks: false }) : fetcher,
    });

  it('finds the item’s wfw:commentRss and reads its comments as plain text, attributed and linked', async () => {
    server.route('/feed/', { body: sourceFeed(server), headers: { 'content-type': 'application/rss+xml' } });
    server.route('/reward-hacking/feed/', { body: commentFeed(server), headers: { 'content-type': 'application/rss+xml; charset=utf-8' } });
    const piece = await pieceIn();
    const list = await comments()(piece);
    expect(list.map((c) => c.author)).toEqual(REWARD_HACKING_THREAD.slice(0, 4).map((c) => c.author));
    expect(list[0]).toMatchObject({ text: REWARD_HACKING_THREAD[0]!.text, permalink: server.url('/reward-hacking#comment-1'), postedAt: new Date('2026-03-30T10:00:00Z') });
    expect(list.every((c) => !c.text.includes('alert('))).toBe(true);
    expect(await store.discussion.getCommentFeed(piece.id)).toMatchObject({ feedUrl: server.url('/reward-hacking/feed/'), commentCount: 4, error: null });
    // Read once: a second look within six hours does not fetch again.
    await comments()(piece);
    expect(server.requestsTo('/reward-hacking/feed/')).toHaveLength(1);
  });

  it('reads an Atom entry’s replies link and thr:count, and fetches nothing when the count is zero', async () => {
    const atom = (count: number) =>
      `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0"><title>Blog</title>
<entry><id>tag:blog,2026:rh</id><title>RH</title><link rel="alternate" href="${server.origin}/reward-hacking"/>
<link rel="replies" type="application/atom+xml" href="${server.origin}/rh/comments.atom" thr:count="${count}"/></entry></feed>`;
    expect(await findCommentFeed(atom(3), { guid: 'tag:blog,2026:rh', url: 'x' }, server.url('/feed'))).toEqual({ feedUrl: server.url('/rh/comments.atom'), count: 3 });
    expect(await findCommentFeed(atom(3), { guid: 'nope', url: server.url('/reward-hacking') }, server.url('/feed'))).toEqual({ feedUrl: server.url('/rh/comments.atom'), count: 3 });
    expect(await findCommentFeed(atom(3), { guid: 'nope', url: 'https://elsewhere.example/' }, server.url('/feed'))).toBeNull();
    server.route('/feed/', { body: sourceFeed(server, { count: 0 }) });
    const piece = await pieceIn();
    expect(await comments()(piece)).toEqual([]);
    expect(server.requestsTo('/reward-hacking/feed/')).toHaveLength(0);
  });

  it('refuses a private address (the ingest URL policy) and a comment feed over its byte budget, remembering why', async () => {
    server.route('/feed/', { body: sourceFeed(server) });
    server.route('/reward-hacking/feed/', { body: `<rss version="2.0"><channel>${'<item><title>x</title></item>'.repeat(120_000)}</channel></rss>` });
    const piece = await pieceIn();
    expect(await comments({ allowPrivate: false })(piece)).toEqual([]);
    expect((await store.discussion.getCommentFeed(piece.id))?.error).toMatch(/private|loopback|not allowed|blocked/i);
    await store.discussion.putCommentFeed({ pieceId: piece.id, feedUrl: null, commentCount: null, checkedAt: new Date(0), error: null });
    expect(await comments()(piece)).toEqual([]);
    expect((await store.discussion.getCommentFeed(piece.id))?.error).toMatch(/too large|bytes|MiB|limit/i);
  });

  it('digests the source’s comments with the thread’s, linking each to its comment', async () => {
    server.route('/feed/', { body: sourceFeed(server) });
    server.route('/reward-hacking/feed/', { body: commentFeed(server) });
    const seeded = await seedDeliveredDigest(store);
    const piece = await pieceIn();
    // The digest's piece 1 is the source's piece.
    const digest = { ...seeded.digest, id: 'd-with-rh', edition: 'e-rh', pieces: [{ ...seeded.digest.pieces[0]!, pieceId: piece.id }] };
    await store.saveDigest(digest);
    const delivery = await store.claimDelivery({ channelId: seeded.channel.id, edition: 'e-rh', holder: 't', at: now() });
    await store.setDeliveryDigest(delivery!.id, digest.id);
    for (const slot of ['header', 'thread', 'piece:1']) await store.recordDeliveredMessage({ deliveryId: delivery!.id, slot, platformMessageId: `rh-${slot}`, postedAt: now() });
    await store.finishDelivery(delivery!.id, { status: 'delivered', error: null, at: now() });
    const platform = createRecordingReplyPoster();
    const digests = createDiscussionDigests({
      store,
      summarise: createDiscussionSummariser({ llm: null, model: 'none', cache: store.askAnswers, now, logger }),
      sourceComments: comments(),
      posterFor: () => platform.poster,
      holder: 't',
      now,
      logger,
    });
    const outcome = await digests.post(seeded.channel, digest, 1);
    expect(outcome.status).toBe('posted');
    const reply = platform.replies[0]!;
    expect(reply.text).toContain('4 comments on Source');
    expect(reply.text).toContain(`Mira Okafor (comment (${server.url('/reward-hacking#comment-1')}))`);
    expect(reply.text).toContain('Prior work pointed to');
  });
});
