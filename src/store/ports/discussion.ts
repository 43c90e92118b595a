import type { ChannelRef } from '../../domain/channel.ts';
import type {
  CommentFeedRecord,
  DiscussionSettings,
  LedgerLocation,
  PieceVote,
  SavedPiece,
  SourceComment,
  StoredThreadComment,
  ThreadComment,
  VoteKind,
} from '../../domain/discussion.ts';

/** Where to look for a platform message: a workspace, or one channel of it (the platform's channel id). */
export type MessageScope = Pick<ChannelRef, 'platform' | 'workspaceId'> & { channelId?: string | undefined };

/** A delivered digest whose pieces may be due a discussion digest. */
export interface DeliveredDigestRef {
  channelId: string;
  digestId: string;
  deliveryId: string;
  deliveredAt: Date;
}

/** What happened when a piece's discussion was looked at by the timer. */
export type DiscussionCheckOutcome = 'posted' | 'empty' | 'off';

/**
 * Reader discussion: replies under the bot's digest messages, reactions to them, the public comments of a
 * piece's source, and when each piece's discussion was last looked at. Both backends pass its contract
 * (tests/store/contract/discussion.ts).
 */
export interface DiscussionStore {
  /**
   * The ledger slots that recorded any of these platform message ids in a channel of the workspace (a Discord
   * thread id is its header's id), or in the one channel `where.channelId` names (Slack ids are unique per channel
   * only). Empty when none is the bot's: nothing else in a channel is kept.
   */
  locateMessages(where: MessageScope, platformMessageIds: readonly string[]): Promise<LedgerLocation[]>;
  /** A stored reply by its platform id, in the same scope. */
  findThreadComment(where: MessageScope, messageId: string): Promise<StoredThreadComment | undefined>;
  /** Insert, or replace text and edit time (an edited reply). */
  saveThreadComment(comment: ThreadComment): Promise<void>;
  getThreadComment(channelId: string, messageId: string): Promise<StoredThreadComment | undefined>;
  /** A deleted reply is forgotten with its reactions. True when there was one. */
  deleteThreadComment(channelId: string, messageId: string): Promise<boolean>;
  /** The digest's replies, oldest first; `position` undefined: all, null: those about the digest as a whole. */
  listThreadComments(channelId: string, digestId: string, position?: number | null): Promise<StoredThreadComment[]>;
  /** Adds or removes one member's reaction to a stored reply (idempotent both ways). */
  setCommentReaction(input: { channelId: string; messageId: string; memberId: string; emoji: string; present: boolean; at: Date }): Promise<void>;

  /** Insert-or-update by (piece, guid). */
  saveSourceComments(comments: readonly SourceComment[]): Promise<void>;
  /** Oldest first (undated last). */
  listSourceComments(pieceId: string): Promise<SourceComment[]>;
  getCommentFeed(pieceId: string): Promise<CommentFeedRecord | undefined>;
  putCommentFeed(record: CommentFeedRecord): Promise<void>;

  /** The stored settings, or the defaults for a channel never configured. */
  getDiscussionSettings(channelId: string): Promise<DiscussionSettings>;
  updateDiscussionSettings(channelId: string, patch: Partial<DiscussionSettings>, at: Date): Promise<DiscussionSettings>;

  /** Digests whose delivery finished in [from, to), oldest first (side posts such as discussion replies excluded). */
  listDeliveredDigests(range: { from: Date; to: Date }): Promise<DeliveredDigestRef[]>;
  /** Records the timer's look at one piece; true for the first recorder only. */
  recordDiscussionCheck(input: { channelId: string; digestId: string; position: number; outcome: DiscussionCheckOutcome; at: Date }): Promise<boolean>;
  /** Positions of the digest the timer already looked at. */
  checkedPositions(channelId: string, digestId: string): Promise<Set<number>>;
  /** Keeps what is posted under a piece (JSON), replacing an earlier one, for the piece's web page. */
  saveDiscussionReply(input: { channelId: string; digestId: string; position: number; reply: unknown; at: Date }): Promise<void>;
  /** The digest's posted discussion replies by piece position, as saved. */
  listDiscussionReplies(channelId: string, digestId: string): Promise<Map<number, unknown>>;
}

/** Reactions that feed selection (👍/👎) and bookmarks (🔖). */
export interface FeedbackStore {
  /** Adds or removes one member's 👍 or 👎 on a piece (idempotent both ways). */
  setVote(input: { channelId: string; pieceId: string; sourceId: string; memberId: string; kind: VoteKind; present: boolean; at: Date }): Promise<void>;
  /** The channel's votes cast at or after `since`, oldest first. */
  listVotes(channelId: string, since: Date): Promise<PieceVote[]>;
  /** Saves or unsaves; true when it changed something (a first save is worth a DM copy, a repeat is not). */
  setSaved(input: Omit<SavedPiece, 'savedAt'> & { present: boolean; at: Date }): Promise<boolean>;
  /** The member's saved pieces, newest first. */
  listSaved(memberKey: string, limit: number): Promise<SavedPiece[]>;
}

export interface DiscussionStores {
  discussion: DiscussionStore;
  feedback: FeedbackStore;
}
