import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Every unknown item asks whether a folded crosspost already carries its canonical URL; without this index
 * that lookup scanned all occurrences, so ingest slowed down as the store grew (quadratic over a cold run).
 */
export function occurrenceUrlIndexMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('piece_occurrences_canonical_url').on('piece_occurrences').column('canonical_url').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('piece_occurrences_canonical_url').execute();
    },
  };
}
