import type { Channel, ChannelRef, ChannelSettings } from '../domain/channel.ts';
import type { DeliveredMessage, Delivery } from '../domain/delivery.ts';
import type { Digest } from '../domain/digest.ts';
import type { Piece, PieceOccurrence } from '../domain/piece.ts';
import type { FetchRecord, NewSource, Source, SourcePatch } from '../domain/source.ts';
import type { LlmUsage, RelevanceScope, StoredSummary, SummaryKey } from '../domain/summary.ts';

/** The content fields an edit replaces. */
export type PieceContentPatch = Pick<Piece, 'title' | 'authors' | 'contentText' | 'contentHtml' | 'wordCount' | 'contentHash' | 'signature' | 'fullTextFetched' | 'updatedAt'>;

/** One feed's ingest outcome, written at once so a crash never leaves half a feed stored. */
export interface IngestBatch {
  inserts: Piece[];
  occurrences: PieceOccurrence[];
  edits: { id: string; patch: PieceContentPatch }[];
}

/** A hit of `/digest search`: which digest and which piece in it. */
export interface DigestSearchHit {
  digestId: string;
  digestCreatedAt: Date;
  position: number;
  title: string;
  sourceName: string;
  url: string;
  /** Backend-specific relevance; higher is better. */
  rank: number;
}

/**
 * Everything the bot knows, behind one port owned by the core. Two implementations
 * (SQLite, PostgreSQL) pass one contract suite, so every method returns the same
 * values from both: Dates as Date, booleans as boolean, JSON as objects.
 * Each method is atomic on its own.
 */
export interface Store {
  /** Which backend this is, for logs and /healthz. */
  readonly kind: 'sqlite' | 'postgres';

  // --- sources
  /** Adds a source, or returns the existing one with the same URL unchanged. */
  addSource(input: NewSource): Promise<{ source: Source; created: boolean }>;
  getSource(id: string): Promise<Source | undefined>;
  getSourceByUrl(url: string): Promise<Source | undefined>;
  listSources(): Promise<Source[]>;
  updateSource(id: string, patch: SourcePatch): Promise<Source | undefined>;
  /** Removes the source and its channel subscriptions; pieces already ingested stay. */
  removeSource(id: string): Promise<boolean>;
  /** Appends to the fetch log. Callers update fetch state with updateSource. */
  recordFetch(record: FetchRecord): Promise<void>;
  /** Newest first. */
  listFetches(sourceId: string, limit: number): Promise<FetchRecord[]>;

  // --- channel subscriptions
  subscribe(channelId: string, sourceId: string): Promise<void>;
  unsubscribe(channelId: string, sourceId: string): Promise<boolean>;
  listChannelSources(channelId: string): Promise<Source[]>;

  // --- pieces
  getPiece(id: string): Promise<Piece | undefined>;
  /** By guid: the piece each (sourceId, guid) was recorded under, whether as original or as a folded duplicate. */
  findPiecesByGuids(sourceId: string, guids: readonly string[]): Promise<Map<string, Piece>>;
  /** By canonical URL: the earliest piece carrying it, itself or through a folded crosspost. */
  findPiecesByCanonicalUrls(canonicalUrls: readonly string[]): Promise<Map<string, Piece>>;
  /** By content hash: the earliest piece with that text. */
  findPiecesByContentHashes(contentHashes: readonly string[]): Promise<Map<string, Piece>>;
  /**
   * Saves what one feed's ingest decided in one transaction, all or nothing: new pieces (each with its 'original'
   * occurrence), occurrences of crossposts folded into kept pieces (idempotent per source and guid), and edits that
   * replace a piece's content fields (keeping its id, source and dates of first sight).
   */
  saveIngestBatch(batch: IngestBatch): Promise<void>;
  listOccurrences(pieceId: string): Promise<PieceOccurrence[]>;
  /** Pieces first fetched at or after `since`, newest first; optionally only from some sources. */
  listPiecesSince(since: Date, options?: { sourceIds?: string[]; limit?: number }): Promise<Piece[]>;
  /**
   * Pieces stored after `marker` (a position in the order pieces were stored; null: none, just the position now)
   * with what near-duplicate matching needs, and the position reached. Under the ingest dedupe lock this is how
   * one instance sees what others stored since it looked.
   */
  listPiecesStoredAfter(marker: number | null): Promise<{ pieces: Pick<Piece, 'id' | 'sourceId' | 'signature'>[]; marker: number }>;

  // --- summaries
  getSummary(key: SummaryKey): Promise<StoredSummary | undefined>;
  /** Insert-or-ignore: the first summary for a key wins, so concurrent summarisers agree. */
  putSummary(summary: StoredSummary): Promise<void>;
  /** Cached relevance scores (0..1) by content hash, for the content hashes that have one under `scope`. */
  getRelevanceScores(scope: RelevanceScope, contentHashes: readonly string[]): Promise<Map<string, number>>;
  /** Insert-or-ignore per content hash, like putSummary. */
  putRelevanceScores(scope: RelevanceScope, scores: ReadonlyMap<string, number>, at: Date): Promise<void>;
  recordLlmUsage(usage: LlmUsage): Promise<void>;
  /** Totals since a time, for benchmarks and cost reports. */
  llmUsageSince(since: Date): Promise<{ calls: number; promptTokens: number; completionTokens: number }>;

  // --- channels
  /** Creates the channel with `defaults` on first sight; returns the stored one otherwise. */
  ensureChannel(ref: ChannelRef, defaults: ChannelSettings): Promise<Channel>;
  getChannel(id: string): Promise<Channel | undefined>;
  listChannels(): Promise<Channel[]>;
  updateChannelSettings(id: string, settings: ChannelSettings): Promise<Channel | undefined>;
  /** Null clears the error. */
  setChannelDeliveryError(id: string, error: string | null, at: Date): Promise<void>;

  // --- digests
  /** Saves the digest and its pieces in one transaction. */
  saveDigest(digest: Digest): Promise<void>;
  getDigest(id: string): Promise<Digest | undefined>;
  /** The channel's digests, newest first; `offset` 1 is "previous". */
  listDigests(channelId: string, options?: { limit?: number; offset?: number }): Promise<Digest[]>;
  /** Ids of every piece that appeared in a digest of this channel. */
  digestedPieceIds(channelId: string): Promise<Set<string>>;
  /** Full-text search over the titles and summaries of this channel's digests (FTS5 / tsvector). */
  searchDigests(channelId: string, query: string, limit: number): Promise<DigestSearchHit[]>;

  // --- deliveries
  /** Claims (channel, edition) atomically. Undefined when it was already claimed, by anyone. */
  claimDelivery(input: { channelId: string; edition: string; holder: string; at: Date }): Promise<Delivery | undefined>;
  getDelivery(channelId: string, edition: string): Promise<Delivery | undefined>;
  setDeliveryDigest(deliveryId: string, digestId: string): Promise<void>;
  /** Idempotent per (deliveryId, slot): a retried record never duplicates. */
  recordDeliveredMessage(message: DeliveredMessage): Promise<void>;
  listDeliveredMessages(deliveryId: string): Promise<DeliveredMessage[]>;
  finishDelivery(deliveryId: string, outcome: { status: 'delivered' | 'failed' | 'skipped'; error: string | null; at: Date }): Promise<void>;
  listPendingDeliveries(): Promise<Delivery[]>;

  // --- leases (coordination between instances sharing one database)
  /**
   * Takes `key` for `holder` until now + ttlMs when it is free, expired, or already held by `holder`
   * (which renews it). One atomic statement: of several racing holders exactly one gets true.
   */
  tryAcquireLease(key: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  /** Gives the lease up early; only its holder can. True when it was held by `holder`. */
  releaseLease(key: string, holder: string): Promise<boolean>;
  /** Deletes leases that expired before `before` (slot leases are kept, not released); returns how many. */
  pruneLeases(before: Date): Promise<number>;
  /**
   * Runs `task` while holding the lock `key`, released when it settles: tasks under one key never overlap, across
   * every instance sharing a PostgreSQL database, or within this process on SQLite.
   */
  withLock<T>(key: string, task: () => Promise<T>): Promise<T>;

  /** The schema version the store is migrated to. */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}
