import type { ColumnType } from 'kysely';

/**
 * Column shapes as they cross the driver boundary. They differ per dialect (ISO text vs timestamptz,
 * 0/1 vs boolean, text vs jsonb), so the types admit both; src/store/row-codec.ts turns them into
 * domain values in one place.
 */
export type DbTimestamp = ColumnType<Date | string, Date | string, Date | string>;
export type DbBool = ColumnType<boolean | number, boolean | number, boolean | number>;
/** Written as JSON text; read back as parsed (jsonb) or text (SQLite). */
export type DbJson = ColumnType<unknown, string, string>;
/** Integers may come back as strings from Postgres aggregates; stored columns are plain numbers. */
export type DbInt = number;

export interface SourcesTable {
  id: string;
  url: string;
  name: string;
  weight: number;
  full_text: DbBool;
  paused: DbBool;
  created_at: DbTimestamp;
  etag: string | null;
  last_modified: string | null;
  last_fetched_at: DbTimestamp | null;
  last_success_at: DbTimestamp | null;
  retry_after: DbTimestamp | null;
  consecutive_failures: DbInt;
  failing: DbBool;
  last_error: string | null;
  full_text_note: string | null;
}

export interface FetchLogTable {
  id: string;
  source_id: string;
  at: DbTimestamp;
  status: DbInt;
  outcome: string;
  duration_ms: DbInt;
  bytes: DbInt;
  new_items: DbInt;
  seen_items: DbInt;
  error: string | null;
}

/** A channel reading a feed, with that channel's own state of it; see src/domain/subscription.ts. */
export interface SubscriptionsTable {
  id: string;
  channel_id: string;
  source_id: string;
  name: string | null;
  weight: number;
  full_text: DbBool;
  paused: DbBool;
  origin: string;
  chat_keys: DbJson;
  created_at: DbTimestamp;
}

export interface PiecesTable {
  id: string;
  source_id: string;
  guid: string;
  url: string;
  canonical_url: string;
  title: string;
  authors: DbJson;
  published_at: DbTimestamp;
  published_at_estimated: DbBool;
  fetched_at: DbTimestamp;
  content_text: string;
  content_html: string;
  word_count: DbInt;
  content_hash: string;
  signature: DbJson;
  full_text_fetched: DbBool;
  updated_at: DbTimestamp;
}

export interface PieceOccurrencesTable {
  piece_id: string;
  source_id: string;
  guid: string;
  canonical_url: string;
  first_seen_at: DbTimestamp;
  matched_by: string;
  similarity: number | null;
}

export interface SummariesTable {
  content_hash: string;
  summariser: string;
  model: string;
  prompt_version: string;
  summary: DbJson;
  fallback: DbBool;
  created_at: DbTimestamp;
}

export interface LlmUsageTable {
  id: string;
  at: DbTimestamp;
  purpose: string;
  model: string;
  content_hash: string | null;
  prompt_tokens: DbInt;
  completion_tokens: DbInt;
  /** `${platform}:${workspaceId}` the call was made for; null when unattributed (CLI previews, old rows). */
  workspace: string | null;
}

export interface ChannelsTable {
  id: string;
  platform: string;
  workspace_id: string;
  channel_id: string;
  settings: DbJson;
  created_at: DbTimestamp;
  last_delivery_error: string | null;
  last_delivery_error_at: DbTimestamp | null;
  /** Settings keys set from chat (JSON array); null until start-up classifies a channel from before migration 11. */
  chat_keys: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface DigestsTable {
  id: string;
  channel_id: string;
  edition: string;
  title: string;
  header_line: string;
  created_at: DbTimestamp;
  read_minutes: DbInt;
  summarised_offline: DbBool;
  /** BCP 47 language of the edition's chrome (migration 9). */
  language: ColumnType<string, string | undefined, string>;
  /** PassedPiece[] (migration 9). */
  passed: ColumnType<unknown, string | undefined, string>;
  /** Why the edition was summarised offline on purpose (JSON OfflineReason), or null. */
  offline_reason: DbJson | null;
}

export interface DigestPiecesTable {
  digest_id: string;
  position: DbInt;
  piece_id: string;
  title: string;
  source_name: string;
  url: string;
  read_minutes: DbInt;
  /** Snapshot of the PieceSummary as it was posted. */
  summary: DbJson;
  summarised_by: string;
  reason: string;
  /** Other sources' names that carried the story, string[] (migration 9). */
  also_on: ColumnType<unknown, string | undefined, string>;
  /** Summary text and takeaways flattened for full-text search. */
  search_text: string;
}

export interface DeliveriesTable {
  id: string;
  channel_id: string;
  edition: string;
  digest_id: string | null;
  status: string;
  claimed_by: string;
  claimed_at: DbTimestamp;
  completed_at: DbTimestamp | null;
  error: string | null;
}

export interface DeliveredMessagesTable {
  delivery_id: string;
  slot: string;
  platform_message_id: string;
  posted_at: DbTimestamp;
}

/** A delivery step the platform refused for good; the delivery went on without it. */
export interface DeliveryFailuresTable {
  delivery_id: string;
  slot: string;
  reason: string;
  failed_at: DbTimestamp;
}

/** SQLite only: FTS5 mirror of digest_pieces, kept in sync by saveDigest. */
export interface DigestSearchTable {
  digest_id: string;
  channel_id: string;
  position: DbInt;
  title: string;
  body: string;
}

/** Time-limited ownership of a key across instances; see Store.tryAcquireLease. */
export interface LeasesTable {
  key: string;
  holder: string;
  expires_at: DbTimestamp;
}

/** Cached LLM relevance scores (0..1); see Store.getRelevanceScores. */
export interface RelevanceScoresTable {
  content_hash: string;
  interests_key: string;
  model: string;
  prompt_version: string;
  score: number;
  created_at: DbTimestamp;
}

/** The web archive's settings per channel; see src/store/archive-store.ts. */
export interface ChannelArchivesTable {
  channel_id: string;
  visibility: string;
  token: string;
  slug: string;
  time_zone: string;
  created_at: DbTimestamp;
  updated_at: DbTimestamp;
}

/** Workspace-wide settings set from chat; see WorkspaceSettingsStore. */
export interface WorkspaceSettingsTable {
  workspace: string;
  alert_channel_id: string | null;
  alert_mention: DbJson | null;
  /** bigint: Postgres returns it as a string, read through readCount. */
  monthly_token_budget: ColumnType<number | string | null, number | null, number | null>;
  updated_at: DbTimestamp;
}

/** One admin alert's state machine; see AlertStateStore. */
export interface AlertStatesTable {
  workspace: string;
  family: string;
  subject: string;
  state: string;
  detail: DbJson;
  changed_at: DbTimestamp;
  announced: string;
  announced_at: DbTimestamp | null;
}

/** Cached `/digest ask` answers; see AskAnswerCache. */
export interface AskAnswersTable {
  content_hash: string;
  question: string;
  language: string;
  model: string;
  prompt_version: string;
  answer: DbJson;
  created_at: DbTimestamp;
}

// --- reader discussion (migration 12)

/** Replies under the bot's digest messages; see DiscussionStore. */
export interface ThreadCommentsTable {
  channel_id: string;
  message_id: string;
  digest_id: string;
  position: DbInt | null;
  reply_to: string | null;
  author_id: string;
  author_name: string;
  text: string;
  permalink: string;
  posted_at: DbTimestamp;
  edited_at: DbTimestamp | null;
  mentions_bot: DbBool;
}

/** One member's reaction to a stored reply (engagement, for the offline discussion digest). */
export interface CommentReactionsTable {
  channel_id: string;
  message_id: string;
  member_id: string;
  emoji: string;
  at: DbTimestamp;
}

/** Public comments of a piece's source (its comment feed). */
export interface SourceCommentsTable {
  piece_id: string;
  guid: string;
  author: string;
  text: string;
  permalink: string;
  posted_at: DbTimestamp | null;
  in_reply_to: string | null;
  fetched_at: DbTimestamp;
}

/** Where a piece's comment feed is, as last found. */
export interface CommentFeedsTable {
  piece_id: string;
  feed_url: string | null;
  comment_count: DbInt | null;
  checked_at: DbTimestamp;
  error: string | null;
}

/** Per-channel discussion and feedback settings. */
export interface DiscussionSettingsTable {
  channel_id: string;
  feedback: DbBool;
  discussion: DbBool;
  delay_hours: DbInt | null;
  updated_at: DbTimestamp;
}

/** The discussion timer's look at each piece, so it looks once. */
export interface DiscussionChecksTable {
  channel_id: string;
  digest_id: string;
  position: DbInt;
  outcome: string;
  checked_at: DbTimestamp;
}

/** The discussion digest posted under a piece (a ThreadReply as JSON), for its web page. */
export interface DiscussionRepliesTable {
  channel_id: string;
  digest_id: string;
  position: DbInt;
  reply: DbJson;
  created_at: DbTimestamp;
}

/** 👍/👎 per member and piece. */
export interface PieceVotesTable {
  channel_id: string;
  piece_id: string;
  source_id: string;
  member_id: string;
  kind: string;
  at: DbTimestamp;
}

/** 🔖 per member. */
export interface SavedPiecesTable {
  member_key: string;
  channel_id: string;
  piece_id: string;
  digest_id: string;
  position: DbInt;
  title: string;
  url: string;
  saved_at: DbTimestamp;
}

/** The discussion tables, merged into the Database Kysely sees. */
export interface DiscussionTables {
  thread_comments: ThreadCommentsTable;
  comment_reactions: CommentReactionsTable;
  source_comments: SourceCommentsTable;
  comment_feeds: CommentFeedsTable;
  discussion_settings: DiscussionSettingsTable;
  discussion_checks: DiscussionChecksTable;
  discussion_replies: DiscussionRepliesTable;
  piece_votes: PieceVotesTable;
  saved_pieces: SavedPiecesTable;
}

/** The whole database as Kysely sees it. */
export interface Database extends DiscussionTables {
  sources: SourcesTable;
  fetch_log: FetchLogTable;
  subscriptions: SubscriptionsTable;
  pieces: PiecesTable;
  piece_occurrences: PieceOccurrencesTable;
  summaries: SummariesTable;
  llm_usage: LlmUsageTable;
  channels: ChannelsTable;
  digests: DigestsTable;
  digest_pieces: DigestPiecesTable;
  deliveries: DeliveriesTable;
  delivered_messages: DeliveredMessagesTable;
  delivery_failures: DeliveryFailuresTable;
  digest_search: DigestSearchTable;
  leases: LeasesTable;
  relevance_scores: RelevanceScoresTable;
  channel_archives: ChannelArchivesTable;
  workspace_settings: WorkspaceSettingsTable;
  alert_states: AlertStatesTable;
  ask_answers: AskAnswersTable;
}

/** Which SQL dialect a Kysely instance speaks; migrations and the codec branch on it. */
export type StoreDialect = 'sqlite' | 'postgres';
