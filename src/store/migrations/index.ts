import type { Migration, MigrationProvider } from 'kysely/migration';
import type { StoreDialect } from '../db-schema.ts';
import { initialMigration } from './0001-initial.ts';
import { leasesMigration } from './0002-leases.ts';
import { relevanceMigration } from './0003-relevance.ts';
import { occurrenceUrlIndexMigration } from './0004-occurrence-url-index.ts';
import { pieceStoreOrderMigration } from './0005-piece-store-order.ts';
import { sourceFullTextNoteMigration } from './0006-source-full-text-note.ts';
import { channelArchivesMigration } from './0007-channel-archives.ts';
import { operationsMigration } from './0008-operations.ts';
import { deliveryFailuresMigration } from './0009-delivery-failures.ts';
import { digestLanguagePassedMigration } from './0010-digest-language-passed.ts';
import { subscriptionsMigration } from './0011-subscriptions.ts';
import { discussionMigration } from './0012-discussion.ts';
import { digestOfflineReasonMigration } from './0013-digest-offline-reason.ts';

/** Every migration by name; names sort in the order they apply and start with their version number. */
export function migrationsFor(dialect: StoreDialect): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(dialect),
    '0002-leases': leasesMigration(dialect),
    '0003-relevance': relevanceMigration(dialect),
    '0004-occurrence-url-index': occurrenceUrlIndexMigration(),
    '0005-piece-store-order': pieceStoreOrderMigration(dialect),
    '0006-source-full-text-note': sourceFullTextNoteMigration(),
    '0007-channel-archives': channelArchivesMigration(dialect),
    '0008-operations': operationsMigration(dialect),
    '0009-delivery-failures': deliveryFailuresMigration(dialect),
    '0010-digest-language-passed': digestLanguagePassedMigration(dialect),
    '0011-subscriptions': subscriptionsMigration(dialect),
    '0012-discussion': discussionMigration(dialect),
    '0013-digest-offline-reason': digestOfflineReasonMigration(dialect),
  };
}

/** A static provider: no filesystem scanning, so it works the same from source, tests and bundles. */
export function staticMigrationProvider(dialect: StoreDialect): MigrationProvider {
  return { getMigrations: async () => migrationsFor(dialect) };
}

/** The schema version a migration name stands for ("0003-foo" → 3). */
export function versionOf(name: string): number {
  const n = Number.parseInt(name, 10);
  return Number.isFinite(n) ? n : 0;
}

/** The version a fully migrated store reports. */
export const LATEST_SCHEMA_VERSION = Math.max(...Object.keys(migrationsFor('sqlite')).map(versionOf));
