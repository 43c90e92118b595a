import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Updateable } from 'kysely';
import type { Channel, ChannelRef, ChannelSettings } from '../domain/channel.ts';
import { channelIdOf } from '../domain/channel.ts';
import type { DeliveredMessage } from '../domain/delivery.ts';
import type { Digest, DigestPiece } from '../domain/digest.ts';
import type { Piece } from '../domain/piece.ts';
import type { FetchRecord, NewSource, Source, SourcePatch } from '../domain/source.ts';
import type { LlmUsage, RelevanceScope, StoredSummary, SummaryKey } from '../domain/summary.ts';
import type { Database, SourcesTable, StoreDialect } from './db-schema.ts';
import { createWithLock } from './exclusive-lock.ts';
import { currentSchemaVersion } from './migrate.ts';
import {
  createRowCodec, readCount, toChannel, toDeliveredMessage, toDelivery, toDigest, toDigestPiece, toFetchRecord,
  toOccurrence, toPiece, toSource, toStoredSummary,
} from './row-codec.ts';
import {
  findPiecesByCanonicalUrls, findPiecesByContentHashes, findPiecesByGuids, insertOccurrenceRows, insertPieceRows, listPiecesStoredAfter,
  updatePieceContentRow,
} from './piece-queries.ts';
import { searchDigests } from './search-digests.ts';
import type { Store } from './store.ts';

/** The single Store implementation; the dialect only changes encodings and full-text search. */
export function createKyselyStore(db: Kysely<Database>, dialect: StoreDialect): Store {
  const codec = createRowCodec(dialect);
  let closed: Promise<void> | undefined;

  const piecesOfDigests = async (digestIds: string[]): Promise<Map<string, DigestPiece[]>> => {
    const byDigest = new Map<string, DigestPiece[]>();
    if (digestIds.length === 0) return byDigest;
    const rows = await db.selectFrom('digest_pieces')
      .select(['digest_id', 'position', 'piece_id', 'title', 'source_name', 'url', 'read_minutes', 'summary', 'summarised_by', 'reason'])
      .where('digest_id', 'in', digestIds).orderBy('position').execute();
    for (const row of rows) {
      const list = byDigest.get(row.digest_id) ?? [];
      list.push(toDigestPiece(row));
      byDigest.set(row.digest_id, list);
    }
    return byDigest;
  };

  const getSource = async (id: string): Promise<Source | undefined> => {
    const row = await db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSource(row) : undefined;
  };
  const getSourceByUrl = async (url: string): Promise<Source | undefined> => {
    const row = await db.selectFrom('sources').selectAll().where('url', '=', url).executeTakeFirst();
    return row ? toSource(row) : undefined;
  };
  const getPiece = async (id: string): Promise<Piece | undefined> => {
    const row = await db.selectFrom('pieces').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toPiece(row) : undefined;
  };
  const getChannel = async (id: string): Promise<Channel | undefined> => {
    const row = await db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toChannel(row) : undefined;
  };

  return {
    kind: dialect,

    // --- sources
    async addSource(input: NewSource) {
      // Ids are short enough for an admin to type, so a (rare) id collision is retried with a new one.
      for (let attempt = 1; ; attempt++) {
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
      }
      if (Object.keys(set).length > 0) await db.updateTable('sources').set(set).where('id', '=', id).execute();
      return getSource(id);
    },
    async removeSource(id: string) {
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom('channel_sources').where('source_id', '=', id).execute();
        const result = await trx.deleteFrom('sources').where('id', '=', id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
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

    // --- channel subscriptions
    async subscribe(channelId: string, sourceId: string) {
      await db.insertInto('channel_sources')
        .values({ channel_id: channelId, source_id: sourceId, created_at: codec.date(new Date()) })
        .onConflict((oc) => oc.columns(['channel_id', 'source_id']).doNothing()).execute();
    },
    async unsubscribe(channelId: string, sourceId: string) {
      const result = await db.deleteFrom('channel_sources')
        .where('channel_id', '=', channelId).where('source_id', '=', sourceId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async listChannelSources(channelId: string) {
      const rows = await db.selectFrom('sources')
        .innerJoin('channel_sources', 'channel_sources.source_id', 'sources.id')
        .selectAll('sources').where('channel_sources.channel_id', '=', channelId)
        .orderBy('sources.created_at').orderBy('sources.id').execute();
      return rows.map(toSource);
    },

    // --- pieces
    getPiece,
    findPiecesByGuids: (sourceId, guids) => findPiecesByGuids(db, sourceId, guids),
    findPiecesByCanonicalUrls: (urls) => findPiecesByCanonicalUrls(db, urls),
    findPiecesByContentHashes: (hashes) => findPiecesByContentHashes(db, hashes),
    async saveIngestBatch(batch) {
      if (batch.inserts.length + batch.occurrences.length + batch.edits.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await insertPieceRows(trx, codec, batch.inserts);
        await insertOccurrenceRows(trx, codec, batch.occurrences);
        for (const edit of batch.edits) await updatePieceContentRow(trx, codec, edit.id, edit.patch);
      });
    },
    async listOccurrences(pieceId: string) {
      const rows = await db.selectFrom('piece_occurrences').selectAll().where('piece_id', '=', pieceId)
        .orderBy('first_seen_at').orderBy('source_id').orderBy('guid').execute();
      return rows.map(toOccurrence);
    },
    async listPiecesSince(since: Date, options?: { sourceIds?: string[]; limit?: number }) {
      if (options?.sourceIds && options.sourceIds.length === 0) return [];
      let query = db.selectFrom('pieces').selectAll().where('fetched_at', '>=', codec.date(since));
      if (options?.sourceIds) query = query.where('source_id', 'in', options.sourceIds);
      query = query.orderBy('fetched_at', 'desc').orderBy('id', 'desc');
      if (options?.limit !== undefined) query = query.limit(options.limit);
      return (await query.execute()).map(toPiece);
    },

    listPiecesStoredAfter: (marker) => listPiecesStoredAfter(db, dialect, marker),

    // --- summaries
    async getSummary(key: SummaryKey) {
      const row = await db.selectFrom('summaries').selectAll()
        .where('content_hash', '=', key.contentHash).where('summariser', '=', key.summariser)
        .where('model', '=', key.model).where('prompt_version', '=', key.promptVersion).executeTakeFirst();
      return row ? toStoredSummary(row) : undefined;
    },
    async putSummary(summary: StoredSummary) {
      await db.insertInto('summaries').values({
        content_hash: summary.key.contentHash,
        summariser: summary.key.summariser,
        model: summary.key.model,
        prompt_version: summary.key.promptVersion,
        summary: codec.json(summary.summary),
        fallback: codec.bool(summary.fallback),
        created_at: codec.date(summary.createdAt),
      }).onConflict((oc) => oc.columns(['content_hash', 'summariser', 'model', 'prompt_version']).doNothing()).execute();
    },
    async getRelevanceScores(scope: RelevanceScope, contentHashes: readonly string[]) {
      const scores = new Map<string, number>();
      const unique = [...new Set(contentHashes)];
      // Chunked so a long candidate list stays under SQLite's bound-parameter limit.
      for (let i = 0; i < unique.length; i += 500) {
        const rows = await db.selectFrom('relevance_scores').select(['content_hash', 'score'])
          .where('interests_key', '=', scope.interestsKey).where('model', '=', scope.model)
          .where('prompt_version', '=', scope.promptVersion).where('content_hash', 'in', unique.slice(i, i + 500)).execute();
        for (const row of rows) scores.set(row.content_hash, Number(row.score));
      }
      return scores;
    },
    async putRelevanceScores(scope: RelevanceScope, scores: ReadonlyMap<string, number>, at: Date) {
      if (scores.size === 0) return;
      const rows = [...scores].map(([contentHash, score]) => ({
        content_hash: contentHash, interests_key: scope.interestsKey, model: scope.model, prompt_version: scope.promptVersion,
        score, created_at: codec.date(at),
      }));
      for (let i = 0; i < rows.length; i += 100) {
        await db.insertInto('relevance_scores').values(rows.slice(i, i + 100))
          .onConflict((oc) => oc.columns(['content_hash', 'interests_key', 'model', 'prompt_version']).doNothing()).execute();
      }
    },
    async recordLlmUsage(usage: LlmUsage) {
      await db.insertInto('llm_usage').values({
        id: randomUUID(),
        at: codec.date(usage.at),
        purpose: usage.purpose,
        model: usage.model,
        content_hash: usage.contentHash,
        prompt_tokens: usage.promptTokens,
        completion_tokens: usage.completionTokens,
      }).execute();
    },
    async llmUsageSince(since: Date) {
      const row = await db.selectFrom('llm_usage')
        .select((eb) => [
          eb.fn.countAll().as('calls'),
          eb.fn.sum('prompt_tokens').as('prompt_tokens'),
          eb.fn.sum('completion_tokens').as('completion_tokens'),
        ])
        .where('at', '>=', codec.date(since)).executeTakeFirst();
      return {
        calls: readCount(row?.calls),
        promptTokens: readCount(row?.prompt_tokens),
        completionTokens: readCount(row?.completion_tokens),
      };
    },

    // --- channels
    async ensureChannel(ref: ChannelRef, defaults: ChannelSettings) {
      const id = channelIdOf(ref);
      await db.insertInto('channels').values({
        id,
        platform: ref.platform,
        workspace_id: ref.workspaceId,
        channel_id: ref.channelId,
        settings: codec.json(defaults),
        created_at: codec.date(new Date()),
        last_delivery_error: null,
        last_delivery_error_at: null,
      }).onConflict((oc) => oc.column('id').doNothing()).execute();
      const channel = await getChannel(id);
      if (!channel) throw new Error(`channel ${id} vanished after insert`);
      return channel;
    },
    getChannel,
    async listChannels() {
      const rows = await db.selectFrom('channels').selectAll().orderBy('created_at').orderBy('id').execute();
      return rows.map(toChannel);
    },
    async updateChannelSettings(id: string, settings: ChannelSettings) {
      await db.updateTable('channels').set({ settings: codec.json(settings) }).where('id', '=', id).execute();
      return getChannel(id);
    },
    async setChannelDeliveryError(id: string, error: string | null, at: Date) {
      await db.updateTable('channels').set({
        last_delivery_error: error,
        last_delivery_error_at: error === null ? null : codec.date(at),
      }).where('id', '=', id).execute();
    },

    // --- digests
    async saveDigest(digest: Digest) {
      await db.transaction().execute(async (trx) => {
        const row = {
          channel_id: digest.channelId,
          edition: digest.edition,
          title: digest.title,
          header_line: digest.headerLine,
          created_at: codec.date(digest.createdAt),
          read_minutes: digest.readMinutes,
          summarised_offline: codec.bool(digest.summarisedOffline),
        };
        // Saving again replaces the edition's content (a re-render), never duplicates it.
        const existed = await trx.selectFrom('digests').select('id').where('id', '=', digest.id).executeTakeFirst();
        await trx.insertInto('digests').values({ id: digest.id, ...row })
          .onConflict((oc) => oc.column('id').doUpdateSet(row)).execute();
        if (existed) {
          await trx.deleteFrom('digest_pieces').where('digest_id', '=', digest.id).execute();
          // FTS5 cannot index an unindexed column, so this scans the search table: only done for a re-render.
          if (dialect === 'sqlite') await trx.deleteFrom('digest_search').where('digest_id', '=', digest.id).execute();
        }
        if (digest.pieces.length === 0) return;
        const searchTexts = digest.pieces.map((p) => [p.summary.summary, p.summary.whyItMatters ?? '', p.summary.whatToBuild ?? '', ...p.summary.keyTakeaways].join('\n'));
        await trx.insertInto('digest_pieces').values(digest.pieces.map((p, i) => ({
          digest_id: digest.id,
          position: p.position,
          piece_id: p.pieceId,
          title: p.title,
          source_name: p.sourceName,
          url: p.url,
          read_minutes: p.readMinutes,
          summary: codec.json(p.summary),
          summarised_by: p.summarisedBy,
          reason: p.reason,
          search_text: searchTexts[i]!,
        }))).execute();
        if (dialect === 'sqlite') {
          await trx.insertInto('digest_search').values(digest.pieces.map((p, i) => ({
            digest_id: digest.id, channel_id: digest.channelId, position: p.position, title: p.title, body: searchTexts[i]!,
          }))).execute();
        }
      });
    },
    async getDigest(id: string) {
      const row = await db.selectFrom('digests').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const pieces = await piecesOfDigests([id]);
      return toDigest(row, pieces.get(id) ?? []);
    },
    async listDigests(channelId: string, options?: { limit?: number; offset?: number }) {
      const rows = await db.selectFrom('digests').selectAll().where('channel_id', '=', channelId)
        .orderBy('created_at', 'desc').orderBy('id', 'desc')
        .limit(options?.limit ?? 20).offset(options?.offset ?? 0).execute();
      const pieces = await piecesOfDigests(rows.map((r) => r.id));
      return rows.map((r) => toDigest(r, pieces.get(r.id) ?? []));
    },
    async digestedPieceIds(channelId: string) {
      const rows = await db.selectFrom('digest_pieces')
        .innerJoin('digests', 'digests.id', 'digest_pieces.digest_id')
        .select('digest_pieces.piece_id').distinct().where('digests.channel_id', '=', channelId).execute();
      return new Set(rows.map((r) => r.piece_id));
    },
    searchDigests(channelId: string, query: string, limit: number) {
      return searchDigests(db, dialect, { channelId, query, limit });
    },

    // --- deliveries
    async claimDelivery(input: { channelId: string; edition: string; holder: string; at: Date }) {
      const id = randomUUID();
      const result = await db.insertInto('deliveries').values({
        id,
        channel_id: input.channelId,
        edition: input.edition,
        digest_id: null,
        status: 'pending',
        claimed_by: input.holder,
        claimed_at: codec.date(input.at),
        completed_at: null,
        error: null,
      }).onConflict((oc) => oc.columns(['channel_id', 'edition']).doNothing()).executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return undefined;
      return {
        id, channelId: input.channelId, edition: input.edition, digestId: null, status: 'pending',
        claimedBy: input.holder, claimedAt: new Date(input.at.getTime()), completedAt: null, error: null,
      };
    },
    async getDelivery(channelId: string, edition: string) {
      const row = await db.selectFrom('deliveries').selectAll()
        .where('channel_id', '=', channelId).where('edition', '=', edition).executeTakeFirst();
      return row ? toDelivery(row) : undefined;
    },
    async setDeliveryDigest(deliveryId: string, digestId: string) {
      await db.updateTable('deliveries').set({ digest_id: digestId }).where('id', '=', deliveryId).execute();
    },
    async recordDeliveredMessage(message: DeliveredMessage) {
      await db.insertInto('delivered_messages').values({
        delivery_id: message.deliveryId,
        slot: message.slot,
        platform_message_id: message.platformMessageId,
        posted_at: codec.date(message.postedAt),
      }).onConflict((oc) => oc.columns(['delivery_id', 'slot']).doNothing()).execute();
    },
    async listDeliveredMessages(deliveryId: string) {
      const rows = await db.selectFrom('delivered_messages').selectAll().where('delivery_id', '=', deliveryId)
        .orderBy('posted_at').orderBy('slot').execute();
      return rows.map(toDeliveredMessage);
    },
    async finishDelivery(deliveryId, outcome) {
      await db.updateTable('deliveries').set({
        status: outcome.status, error: outcome.error, completed_at: codec.date(outcome.at),
      }).where('id', '=', deliveryId).execute();
    },
    async listPendingDeliveries() {
      const rows = await db.selectFrom('deliveries').selectAll().where('status', '=', 'pending')
        .orderBy('claimed_at').orderBy('id').execute();
      return rows.map(toDelivery);
    },

    // --- leases
    async tryAcquireLease(key: string, holder: string, ttlMs: number, now: Date) {
      // One upsert decides: a free key is inserted; a taken one is overwritten only when it has
      // expired or is ours (a renewal). The row lock (Postgres) or the write lock (SQLite) makes racers queue.
      const result = await db.insertInto('leases')
        .values({ key, holder, expires_at: codec.date(new Date(now.getTime() + ttlMs)) })
        .onConflict((oc) => oc.column('key')
          .doUpdateSet((eb) => ({ holder: eb.ref('excluded.holder'), expires_at: eb.ref('excluded.expires_at') }))
          .where((eb) => eb.or([eb('leases.expires_at', '<=', codec.date(now)), eb('leases.holder', '=', holder)])))
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async releaseLease(key: string, holder: string) {
      const result = await db.deleteFrom('leases').where('key', '=', key).where('holder', '=', holder).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async pruneLeases(before: Date) {
      const result = await db.deleteFrom('leases').where('expires_at', '<', codec.date(before)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    withLock: createWithLock(db, dialect),

    schemaVersion: () => currentSchemaVersion(db),
    close() {
      closed ??= db.destroy();
      return closed;
    },
  };
}
