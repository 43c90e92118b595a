import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { StoreDialect } from '../db-schema.ts';

/**
 * Delivery steps the platform refused for good (a piece it will never accept), with its reason: the delivery
 * goes on without them, a resume does not try them again, and admins are told which piece failed and why. And an
 * index to find a digest's delivery.
 */
export function deliveryFailuresMigration(dialect: StoreDialect): Migration {
  const ts = dialect === 'postgres' ? 'timestamptz' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createTable('delivery_failures')
        .addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id').onDelete('cascade'))
        .addColumn('slot', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('failed_at', ts, (c) => c.notNull())
        .addPrimaryKeyConstraint('delivery_failures_pk', ['delivery_id', 'slot'])
        .execute();
      // Whether a digest reached its channel is asked through its delivery (src/store/kysely/digest-reach.ts).
      await db.schema.createIndex('deliveries_digest_idx').on('deliveries').column('digest_id').execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('deliveries_digest_idx').execute();
      await db.schema.dropTable('delivery_failures').execute();
    },
  };
}
