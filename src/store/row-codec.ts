import type { Selectable } from 'kysely';
import type { Channel, ChannelSettings, Platform } from '../domain/channel.ts';
import type { DeliveredMessage, Delivery, FailedStep } from '../domain/delivery.ts';
import type { Digest, DigestPiece, PassedPiece } from '../domain/digest.ts';
import type { OfflineReason } from '../i18n/messages.ts';
import type { Piece, PieceOccurrence } from '../domain/piece.ts';
import type { FetchRecord, Source } from '../domain/source.ts';
import type { Subscription, SubscriptionKey } from '../domain/subscription.ts';
import type { PieceSummary, StoredSummary, SummaryKey } from '../domain/summary.ts';
import type {
  ChannelsTable,
  DeliveredMessagesTable,
  DeliveriesTable,
  DeliveryFailuresTable,
  DigestPiecesTable,
  DigestsTable,
  FetchLogTable,
  PieceOccurrencesTable,
  PiecesTable,
  SourcesTable,
  StoreDialect,
  SubscriptionsTable,
  SummariesTable,
} from './db-schema.ts';

/**
 * The one place where values cross between the domain and the drivers, so both backends return
 * identical values: Dates as Date, booleans as boolean, JSON as objects, counts as numbers.
 */
export interface RowCodec {
  date(value: Date): Date | string;
  dateOrNull(value: Date | null | undefined): Date | string | null;
  bool(value: boolean): boolean | number;
  json(value: unknown): string;
}

/** Encoders for one dialect: better-sqlite3 binds only numbers, strings, bigints, buffers and null. */
export function createRowCodec(dialect: StoreDialect): RowCodec {
  if (dialect === 'postgres') {
    return {
      date: (value) => value,
      dateOrNull: (value) => value ?? null,
      bool: (value) => value,
      json: (value) => JSON.stringify(value),
    };
  }
  return {
    date: (value) => value.toISOString(),
    dateOrNull: (value) => (value ? value.toISOString() : null),
    bool: (value) => (value ? 1 : 0),
    json: (value) => JSON.stringify(value),
  };
}

/** A stored timestamp (Date from pg, ISO text from SQLite) as a Date. */
export function readDate(value: Date | string): Date {
  return value instanceof Date ? new Date(value.getTime()) : new Date(value);
}

export function readDateOrNull(value: Date | string | null): Date | null {
  return value === null ? null : readDate(value);
}

/** 0/1 (SQLite) or true/false (Postgres) as a boolean. */
export function readBool(value: boolean | number): boolean {
  return value === true || value === 1;
}

/** jsonb arrives parsed, SQLite text does not. */
export function readJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** Aggregates come back as number (SQLite), string or bigint (Postgres int8/numeric), or null. */
export function readCount(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}

// Row → domain mappers: built only from the readers above, so both backends map identically.

export const toSource = (row: Selectable<SourcesTable>): Source => ({
  id: row.id,
  url: row.url,
  name: row.name,
  weight: Number(row.weight),
  fullText: readBool(row.full_text),
  paused: readBool(row.paused),
  createdAt: readDate(row.created_at),
  fetchState: {
    etag: row.etag,
    lastModified: row.last_modified,
    lastFetchedAt: readDateOrNull(row.last_fetched_at),
    lastSuccessAt: readDateOrNull(row.last_success_at),
    retryAfter: readDateOrNull(row.retry_after),
    consecutiveFailures: Number(row.consecutive_failures),
    failing: readBool(row.failing),
    lastError: row.last_error,
    fullTextNote: row.full_text_note ?? null,
  },
});

export const toPiece = (row: Selectable<PiecesTable>): Piece => ({
  id: row.id,
  sourceId: row.source_id,
  guid: row.guid,
  url: row.url,
  canonicalUrl: row.canonical_url,
  title: row.title,
  authors: readJson<string[]>(row.authors),
  publishedAt: readDate(row.published_at),
  publishedAtEstimated: readBool(row.published_at_estimated),
  fetchedAt: readDate(row.fetched_at),
  contentText: row.content_text,
  contentHtml: row.content_html,
  wordCount: Number(row.word_count),
  contentHash: row.content_hash,
  signature: readJson<number[]>(row.signature),
  fullTextFetched: readBool(row.full_text_fetched),
  updatedAt: readDate(row.updated_at),
});

export const toChannel = (row: Selectable<ChannelsTable>): Channel => ({
  id: row.id,
  ref: { platform: row.platform as Platform, workspaceId: row.workspace_id, channelId: row.channel_id },
  settings: readJson<ChannelSettings>(row.settings),
  settingsSetInChat: row.chat_keys === null ? null : readJson<(keyof ChannelSettings)[]>(row.chat_keys),
  createdAt: readDate(row.created_at),
  lastDeliveryError: row.last_delivery_error,
  lastDeliveryErrorAt: readDateOrNull(row.last_delivery_error_at),
});

export const toSubscription = (row: Selectable<SubscriptionsTable>, source: Source): Subscription => ({
  id: row.id,
  channelId: row.channel_id,
  source,
  nameOverride: row.name,
  weight: Number(row.weight),
  fullText: readBool(row.full_text),
  paused: readBool(row.paused),
  origin: row.origin === 'file' ? 'file' : 'chat',
  chatKeys: readJson<SubscriptionKey[]>(row.chat_keys),
  createdAt: readDate(row.created_at),
});

export const toDelivery = (row: Selectable<DeliveriesTable>): Delivery => ({
  id: row.id,
  channelId: row.channel_id,
  edition: row.edition,
  digestId: row.digest_id,
  status: row.status as Delivery['status'],
  claimedBy: row.claimed_by,
  claimedAt: readDate(row.claimed_at),
  completedAt: readDateOrNull(row.completed_at),
  error: row.error,
});

export const toDigestPiece = (row: Omit<Selectable<DigestPiecesTable>, 'search_text'>): DigestPiece => ({
  position: Number(row.position),
  pieceId: row.piece_id,
  title: row.title,
  sourceName: row.source_name,
  url: row.url,
  readMinutes: Number(row.read_minutes),
  summary: readJson<PieceSummary>(row.summary),
  summarisedBy: row.summarised_by as DigestPiece['summarisedBy'],
  reason: row.reason,
  ...alsoOnOf(row.also_on),
});

function alsoOnOf(value: unknown): { alsoOn?: string[] } {
  const names = readJson<string[] | null>(value ?? '[]');
  return Array.isArray(names) && names.length > 0 ? { alsoOn: names } : {};
}

export const toDigest = (row: Selectable<DigestsTable>, pieces: DigestPiece[]): Digest => ({
  id: row.id,
  channelId: row.channel_id,
  edition: row.edition,
  title: row.title,
  headerLine: row.header_line,
  createdAt: readDate(row.created_at),
  readMinutes: Number(row.read_minutes),
  summarisedOffline: readBool(row.summarised_offline),
  pieces,
  language: row.language,
  passed: readJson<PassedPiece[]>(row.passed ?? '[]'),
  ...(row.offline_reason == null ? {} : { offlineReason: readJson<OfflineReason>(row.offline_reason) }),
});

export const toFetchRecord = (row: Selectable<FetchLogTable>): FetchRecord => ({
  sourceId: row.source_id,
  at: readDate(row.at),
  status: Number(row.status),
  outcome: row.outcome as FetchRecord['outcome'],
  durationMs: Number(row.duration_ms),
  bytes: Number(row.bytes),
  newItems: Number(row.new_items),
  seenItems: Number(row.seen_items),
  error: row.error,
});

export const toOccurrence = (row: Selectable<PieceOccurrencesTable>): PieceOccurrence => ({
  pieceId: row.piece_id,
  sourceId: row.source_id,
  guid: row.guid,
  canonicalUrl: row.canonical_url,
  firstSeenAt: readDate(row.first_seen_at),
  matchedBy: row.matched_by as PieceOccurrence['matchedBy'],
  similarity: row.similarity === null ? null : Number(row.similarity),
});

export const toStoredSummary = (row: Selectable<SummariesTable>): StoredSummary => ({
  key: { contentHash: row.content_hash, summariser: row.summariser as SummaryKey['summariser'], model: row.model, promptVersion: row.prompt_version },
  summary: readJson<PieceSummary>(row.summary),
  fallback: readBool(row.fallback),
  createdAt: readDate(row.created_at),
});

export const toFailedStep = (row: Selectable<DeliveryFailuresTable>): FailedStep => ({
  deliveryId: row.delivery_id,
  slot: row.slot,
  reason: row.reason,
  failedAt: readDate(row.failed_at),
});

export const toDeliveredMessage = (row: Selectable<DeliveredMessagesTable>): DeliveredMessage => ({
  deliveryId: row.delivery_id,
  slot: row.slot,
  platformMessageId: row.platform_message_id,
  postedAt: readDate(row.posted_at),
});
