import type { ArchiveStore } from './ports/archives.ts';
import type { CacheStore } from './ports/caches.ts';
import type { ChannelStore } from './ports/channels.ts';
import type { DeliveryLedger } from './ports/deliveries.ts';
import type { DigestStore } from './ports/digests.ts';
import type { DiscussionStores } from './ports/discussion.ts';
import type { LeaseStore, LockStore } from './ports/leases.ts';
import type { OperationsStores } from './ports/operations.ts';
import type { PieceStore } from './ports/pieces.ts';
import type { SourceStore } from './ports/sources.ts';
import type { SubscriptionStore } from './ports/subscriptions.ts';

export type { ArchiveStore, DigestStamp } from './ports/archives.ts';
export type { CacheStore } from './ports/caches.ts';
export type { ChannelStore } from './ports/channels.ts';
export type { DeliveryLedger } from './ports/deliveries.ts';
export type { DigestSearchHit, DigestStore } from './ports/digests.ts';
export type { DiscussionStore, FeedbackStore } from './ports/discussion.ts';
export type { LeaseStore, LockStore } from './ports/leases.ts';
export type { IngestBatch, PieceContentPatch, PieceStore } from './ports/pieces.ts';
export type { SourceStore } from './ports/sources.ts';
export type { SubscriptionStore } from './ports/subscriptions.ts';

/**
 * What a transaction can do: every port that writes rows, bound to one database transaction. Locks are not
 * part of it (a PostgreSQL advisory lock holds its own connection).
 */
export type TransactionStore = SourceStore & SubscriptionStore & PieceStore & ChannelStore & DigestStore & DeliveryLedger & LeaseStore & CacheStore & ArchiveStore & OperationsStores & DiscussionStores;

/**
 * Everything the bot knows, as the composition of small ports owned by the core (src/store/ports/): consumers
 * take the port they need; the composition root holds the whole. Two implementations (SQLite, PostgreSQL) pass
 * one contract suite, so every method returns the same values from both: Dates as Date, booleans as boolean,
 * JSON as objects. Each method is atomic on its own; `transaction` makes several one.
 */
export interface Store extends TransactionStore, LockStore {
  /** Which backend this is, for logs and /healthz. */
  readonly kind: 'sqlite' | 'postgres';
  /**
   * Runs `work` in one database transaction: committed when it resolves, rolled back when it rejects. Inside,
   * use only the ports it is given (on SQLite the one connection is the transaction's until it ends).
   */
  transaction<T>(work: (tx: TransactionStore) => Promise<T>): Promise<T>;
  /** The schema version the store is migrated to. */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}
