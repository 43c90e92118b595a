import type { PieceStore } from '../ports/pieces.ts';
import {
  findPiecesByCanonicalUrls,
  findPiecesByContentHashes,
  findPiecesByGuids,
  insertOccurrenceRows,
  insertPieceRows,
  listPieceSignaturesSince,
  listPiecesStoredAfter,
  updatePieceContentRow,
} from '../piece-queries.ts';
import { toOccurrence, toPiece } from '../row-codec.ts';
import { inTransaction, type QueryContext } from './context.ts';

export function pieceQueries({ db, dialect, codec }: QueryContext): PieceStore {
  return {
    async getPiece(id: string) {
      const row = await db.selectFrom('pieces').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toPiece(row) : undefined;
    },
    findPiecesByGuids: (sourceId, guids) => findPiecesByGuids(db, sourceId, guids),
    findPiecesByCanonicalUrls: (urls) => findPiecesByCanonicalUrls(db, urls),
    findPiecesByContentHashes: (hashes) => findPiecesByContentHashes(db, hashes),
    async saveIngestBatch(batch) {
      if (batch.inserts.length + batch.occurrences.length + batch.edits.length === 0) return;
      await inTransaction(db, async (trx) => {
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
    listPieceSignaturesSince: (since) => listPieceSignaturesSince(db, codec, since),
    listPiecesStoredAfter: (marker) => listPiecesStoredAfter(db, dialect, marker),
  };
}
