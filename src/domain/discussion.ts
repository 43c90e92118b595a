/**
 * Reader discussion around a digest's pieces: replies and reactions under the bot's own digest messages,
 * and the public comments a piece's source publishes. All text here is untrusted (written by readers or
 * commenters): it is stored as typed, escaped when rendered, and fenced when it reaches an LLM.
 */

/** A reply under a digest message, stored for the piece it answers (or for the digest, when no piece is named). */
export interface ThreadComment {
  /** The stored channel (`${platform}:${workspaceId}:${channelId}`). */
  channelId: string;
  /** The platform's message id (Discord snowflake, Slack ts). */
  messageId: string;
  digestId: string;
  /** The piece position in the digest, or null for a reply about the digest as a whole. */
  position: number | null;
  /** The platform message it replies to, when it names one. */
  replyTo: string | null;
  authorId: string;
  /** The author's display name at the time (shown to readers; never a mention). */
  authorName: string;
  text: string;
  permalink: string;
  postedAt: Date;
  editedAt: Date | null;
  /** True when the message mentioned the bot (a question for it). */
  mentionsBot: boolean;
}

/** A stored thread comment with how much it was engaged with: reactions to it and replies naming it. */
export interface StoredThreadComment extends ThreadComment {
  reactions: number;
}

/** A public comment a piece's source published (a comment feed item). */
export interface SourceComment {
  pieceId: string;
  /** The comment's id in its feed (guid, else its link). */
  guid: string;
  author: string;
  text: string;
  permalink: string;
  postedAt: Date | null;
  /** The guid or link of the comment it answers, when the feed says (thr:in-reply-to). */
  inReplyTo: string | null;
  fetchedAt: Date;
}

/** What was found about a piece's public comments the last time they were looked for. */
export interface CommentFeedRecord {
  pieceId: string;
  /** The comment feed's URL, or null when the source publishes none for this piece. */
  feedUrl: string | null;
  /** The count the source reported (slash:comments, thr:count), when it reports one. */
  commentCount: number | null;
  checkedAt: Date;
  /** Why the last fetch failed, if it did. */
  error: string | null;
}

/** Per-channel discussion and feedback choices (`/digest settings discussion|feedback`). */
export interface DiscussionSettings {
  /** Reactions count as votes and bookmarks (on by default). */
  feedback: boolean;
  /** A discussion digest is posted under each piece after the delay (on by default). */
  discussion: boolean;
  /** Hours after delivery the discussion digest is posted; null: the configured default (48). */
  delayHours: number | null;
}

export const DEFAULT_DISCUSSION_SETTINGS: DiscussionSettings = { feedback: true, discussion: true, delayHours: null };

/** A 👍 or 👎 on a piece by one member; both present cancel out. */
export type VoteKind = 'up' | 'down';

/** One member's reaction-vote on a piece, as stored. */
export interface PieceVote {
  channelId: string;
  pieceId: string;
  sourceId: string;
  memberId: string;
  kind: VoteKind;
  at: Date;
}

/** A piece a member bookmarked (🔖), with where it was. */
export interface SavedPiece {
  /** `${platform}:${workspaceId}:${userId}`. */
  memberKey: string;
  channelId: string;
  pieceId: string;
  digestId: string;
  position: number;
  title: string;
  url: string;
  savedAt: Date;
}

/** Where a platform message sits in the delivery ledger: which delivery, digest and slot. */
export interface LedgerLocation {
  channelId: string;
  deliveryId: string;
  edition: string;
  digestId: string | null;
  /** 'header', 'thread', 'piece:<n>', 'piece:<n>:<part>', or a side post's slot. */
  slot: string;
  platformMessageId: string;
}
