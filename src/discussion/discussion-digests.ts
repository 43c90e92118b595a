import type { Channel } from '../domain/channel.ts';
import type { SourceComment } from '../domain/discussion.ts';
import type { Digest, DigestPiece } from '../domain/digest.ts';
import type { Piece } from '../domain/piece.ts';
import { workspaceKeyOf } from '../domain/workspace.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import { discussionComments, hasPoints, type DiscussionDigest } from './discussion-model.ts';
import { renderDiscussionReply } from './render-discussion.ts';
import { digestThread, postSideReply, type BuiltReply, type SidePostOutcome } from './side-post.ts';
import type { SummariseDiscussionInput } from './summarise-discussion.ts';
import type { ThreadReply, ThreadReplyPoster } from './thread-reply.ts';

export interface DiscussionDigestsDeps {
  store: Store;
  summarise: (input: SummariseDiscussionInput) => Promise<DiscussionDigest>;
  /** The source's public comments on a piece (fetched under the ingest rules and budgets), when it publishes any. */
  sourceComments?: (piece: Piece) => Promise<SourceComment[]>;
  posterFor: (channel: Channel) => ThreadReplyPoster | undefined;
  holder: string;
  now: () => Date;
  logger: Logger;
}

/** A piece's discussion digest, ready to post. */
export interface ComposedDiscussion {
  entry: DigestPiece;
  digest: DiscussionDigest;
  reply: ThreadReply;
}

export type DiscussOutcome =
  | { status: 'no-discussion'; position: number }
  | { status: 'no-thread'; composed: ComposedDiscussion }
  | ({ position: number } & SidePostOutcome);

/**
 * The discussion digest of one piece: what was said under it in the channel's thread (questions to the bot left
 * out: they got their answer) and, where the source publishes them, its public comments; digested, rendered, and
 * posted once as a reply under the piece through the delivery ledger.
 */
export function createDiscussionDigests(deps: DiscussionDigestsDeps) {
  const { store } = deps;

  /** Null when there was no discussion (nothing is posted then). */
  const compose = async (channel: Channel, digest: Digest, position: number): Promise<ComposedDiscussion | null> => {
    const entry = digest.pieces.find((p) => p.position === position);
    if (entry === undefined) return null;
    const thread = (await store.discussion.listThreadComments(channel.id, digest.id, position)).filter((c) => !c.mentionsBot);
    const piece = await store.getPiece(entry.pieceId);
    let source: SourceComment[] = [];
    if (piece !== undefined && deps.sourceComments !== undefined) {
      source = await deps.sourceComments(piece).catch((error: unknown) => {
        deps.logger.warn({ piece: entry.pieceId, err: error instanceof Error ? error.message : String(error) }, 'could not read the source’s comments; digesting the thread alone');
        return [];
      });
    }
    const comments = discussionComments(thread, source);
    if (comments.length === 0) return null;
    const discussion = await deps.summarise({
      workspace: workspaceKeyOf(channel.ref),
      comments,
      language: channel.settings.language,
      piece: { contentHash: piece?.contentHash ?? entry.pieceId, title: entry.title, sourceName: entry.sourceName, summary: entry.summary.summary },
    });
    if (!hasPoints(discussion)) return null;
    const counts = { thread: comments.filter((c) => c.origin === 'thread').length, source: comments.filter((c) => c.origin === 'source').length };
    return { entry, digest: discussion, reply: renderDiscussionReply(discussion, entry, counts) };
  };

  /** Kept as it is posted, for the piece's web page. */
  const keep = (channel: Channel, digest: Digest, position: number, reply: ThreadReply) => store.discussion.saveDiscussionReply({ channelId: channel.id, digestId: digest.id, position, reply, at: deps.now() });

  const build = async (channel: Channel, digest: Digest, position: number): Promise<BuiltReply | null> => {
    const composed = await compose(channel, digest, position);
    if (composed === null) return null;
    const thread = await digestThread(store, digest);
    await keep(channel, digest, position, composed.reply);
    return { reply: composed.reply, replyTo: thread?.pieceMessages.get(position) ?? null };
  };

  return {
    compose,
    /** What a resumed discussion reply posts: the digest made again (from the cache, if nothing changed). */
    rebuild: build,
    /** Posts the discussion digest under piece `position`, once; a second call finds it posted. */
    async post(channel: Channel, digest: Digest, position: number): Promise<DiscussOutcome> {
      const composed = await compose(channel, digest, position);
      if (composed === null) return { status: 'no-discussion', position };
      const poster = deps.posterFor(channel);
      const thread = await digestThread(store, digest);
      if (poster === undefined || thread === undefined) return { status: 'no-thread', composed };
      const outcome = await postSideReply({
        store,
        poster,
        channel,
        digest,
        post: { kind: 'discussion', digestId: digest.id, position },
        build: async () => {
          await keep(channel, digest, position, composed.reply);
          return { reply: composed.reply, replyTo: thread.pieceMessages.get(position) ?? null };
        },
        holder: deps.holder,
        now: deps.now,
        logger: deps.logger,
      });
      return { position, ...outcome };
    },
  };
}

export type DiscussionDigests = ReturnType<typeof createDiscussionDigests>;
