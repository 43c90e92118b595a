import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** What article pages did in a source's last cycle that wanted them (bot walls, spent budgets), for its health. */
export function sourceFullTextNoteMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`alter table sources add column full_text_note text`.execute(db);
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`alter table sources drop column full_text_note`.execute(db);
    },
  };
}
