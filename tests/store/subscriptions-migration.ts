import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { describe, expect, it } from 'vitest';
import type { Database, StoreDialect } from '../../src/store/db-schema.ts';
import { createKyselyStore } from '../../src/store/kysely-store.ts';
import { staticMigrationProvider } from '../../src/store/migrations/index.ts';

/**
 * Migration 11 on a database that has data: channel_sources rows become subscriptions carrying the feed's pause,
 * weight and full-text switch; the oldest subscription of each feed keeps the feed's id.
 */
export function describeSubscriptionsMigration(name: string, open: () => Promise<{ db: Kysely<Database>; dialect: StoreDialect }>): void {
  describe(`migration 0011-subscriptions: ${name}`, () => {
    it('turns channel subscriptions into subscriptions with ids and per-channel state', async () => {
      const { db, dialect } = await open();
      const raw = db as unknown as Kysely<unknown>;
      const migrator = new Migrator({ db: db as unknown as Kysely<never>, provider: staticMigrationProvider(dialect), migrationTableName: 'kysely_migration' });
      const before = await migrator.migrateTo('0009-delivery-failures');
      expect(before.error).toBeUndefined();
      const yes = dialect === 'postgres' ? sql`true` : sql`1`;
      const no = dialect === 'postgres' ? sql`false` : sql`0`;
      const when = (minute: number) => (dialect === 'postgres' ? sql`${new Date(Date.UTC(2026, 0, 1, 0, minute))}` : sql`${new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString()}`);
      for (const [id, paused, fullText, weight] of [['feed-a', yes, yes, 2], ['feed-b', no, no, 1]] as const) {
        await sql`insert into sources (id, url, name, weight, full_text, paused, created_at, consecutive_failures, failing)
          values (${id}, ${`https://${id}.example/feed`}, ${id}, ${weight}, ${fullText}, ${paused}, ${when(0)}, 0, ${no})`.execute(raw);
      }
      await sql`insert into channel_sources (channel_id, source_id, created_at) values ('slack:T1:C1', 'feed-a', ${when(1)}), ('slack:T2:C9', 'feed-a', ${when(2)}), ('slack:T1:C1', 'feed-b', ${when(3)})`.execute(raw);
      await sql`insert into channels (id, platform, workspace_id, channel_id, settings, created_at) values ('slack:T1:C1', 'slack', 'T1', 'C1', '{}', ${when(0)})`.execute(raw);

      const latest = await migrator.migrateToLatest();
      expect(latest.error).toBeUndefined();
      const store = createKyselyStore(db, dialect);
      try {
        const subs = await store.listSubscriptions();
        expect(subs.map((s) => [s.channelId, s.source.id, s.paused, s.fullText, s.weight, s.origin, s.chatKeys])).toEqual([
          ['slack:T1:C1', 'feed-a', true, true, 2, 'chat', ['paused']],
          ['slack:T2:C9', 'feed-a', true, true, 2, 'chat', ['paused']],
          ['slack:T1:C1', 'feed-b', false, false, 1, 'chat', []],
        ]);
        expect(subs[0]?.id).toBe('feed-a');
        expect(subs[1]?.id).toMatch(/^[0-9a-f]{8}$/);
        expect(subs[2]?.id).toBe('feed-b');
        expect((await store.getChannel('slack:T1:C1'))?.settingsSetInChat).toBeNull();
      } finally {
        await store.close();
      }
    });
  });
}
