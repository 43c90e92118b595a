import { randomBytes, randomUUID } from 'node:crypto';
import type { Updateable } from 'kysely';
import type { FetchRecord, NewSource, Source, SourcePatch } from '../../domain/source.ts';
import type { SourcesTable } from '../db-schema.ts';
import type { SourceStore } from '../ports/sources.ts';
import { toFetchRecord, toSource } from '../row-codec.ts';
import type { QueryContext } from './context.ts';

export function sourceQueries({ db, codec }: QueryContext): SourceStore {
  const getSource = async (id: string): Promise<Source | undefined> => {
    const row = await db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSource(row) : undefined;
  };
  const getSourceByUrl = async (url: string): Promise<Source | undefined> => {
    const row = await db.selectFrom('sources').selectAll().where('url', '=', url).executeTakeFirst();
    return row ? toSource(row) : undefined;
  };

  return {
    async addSource(input: NewSource) {
      // Ids are short enough for an admin to type, so a (rare) id collision is retried with a new one.
      for (let attempt = 1;; attempt++) {
        try {
          const inserted = await db.insertInto('sources').values({
            id: randomBytes(4).toString('hex'),
            url: input.url,
            name: input.name,
            weight: input.weight ?? 1,
            full_text: codec.bool(input.fullText ?? false),
            paused: codec.bool(input.paused ?? false),
            created_at: codec.date(new Date()),
            etag: null,
            last_modified: null,
            last_fetched_at: null,
            last_success_at: null,
            retry_after: null,
            consecutive_failures: 0,
            failing: codec.bool(false),
            last_error: null,
            full_text_note: null,
          }).onConflict((oc) => oc.column('url').doNothing()).executeTakeFirst();
          const source = await getSourceByUrl(input.url);
          if (!source) throw new Error(`source ${input.url} vanished after insert`);
          return { source, created: Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 };
        } catch (error) {
          if (attempt >= 3 || !/unique|duplicate key/i.test((error as Error).message)) throw error;
        }
      }
    },
    getSource,
    getSourceByUrl,
    async listSources() {
      const rows = await db.selectFrom('sources').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toSource);
    },
    async updateSource(id: string, patch: SourcePatch) {
      const set: Updateable<SourcesTable> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.weight !== undefined) set.weight = patch.weight;
      if (patch.fullText !== undefined) set.full_text = codec.bool(patch.fullText);
      if (patch.paused !== undefined) set.paused = codec.bool(patch.paused);
      const fs = patch.fetchState;
      if (fs) {
        if (fs.etag !== undefined) set.etag = fs.etag;
        if (fs.lastModified !== undefined) set.last_modified = fs.lastModified;
        if (fs.lastFetchedAt !== undefined) set.last_fetched_at = codec.dateOrNull(fs.lastFetchedAt);
        if (fs.lastSuccessAt !== undefined) set.last_success_at = codec.dateOrNull(fs.lastSuccessAt);
        if (fs.retryAfter !== undefined) set.retry_after = codec.dateOrNull(fs.retryAfter);
        if (fs.consecutiveFailures !== undefined) set.consecutive_failures = fs.consecutiveFailures;
        if (fs.failing !== undefined) set.failing = codec.bool(fs.failing);
        if (fs.lastError !== undefined) set.last_error = fs.lastError;
        if (fs.fullTextNote !== undefined) set.full_text_note = fs.fullTextNote;
      }
      if (Object.keys(set).length > 0) await db.updateTable('sources').set(set).where('id', '=', id).execute();
      return getSource(id);
    },
    async recordFetch(record: FetchRecord) {
      await db.insertInto('fetch_log').values({
        id: randomUUID(),
        source_id: record.sourceId,
        at: codec.date(record.at),
        status: record.status,
        outcome: record.outcome,
        duration_ms: Math.round(record.durationMs),
        bytes: record.bytes,
        new_items: record.newItems,
        seen_items: record.seenItems,
        error: record.error,
      }).execute();
    },
    async listFetches(sourceId: string, limit: number) {
      const rows = await db.selectFrom('fetch_log').selectAll().where('source_id', '=', sourceId)
        .orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toFetchRecord);
    },
  };
}
