import { sql, type Kysely, type Transaction } from 'kysely';
import type { Piece, PieceOccurrence, PieceSignature } from '../domain/piece.ts';
import type { Database, StoreDialect } from './db-schema.ts';
import { readJson, toPiece, type RowCodec } from './row-codec.ts';
import type { PieceContentPatch } from './ports/pieces.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Keys per `in (…)` list and rows per multi-row insert: far below SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 200;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Keeps, per key, the piece first fetched (ties by id): the one a later duplicate is folded into. */
function earliestByKey(entries: Iterable<[string, Piece]>, into = new Map<string, Piece>()): Map<string, Piece> {
  for (const [key, piece] of entries) {
    const kept = into.get(key);
    if (!kept || piece.fetchedAt < kept.fetchedAt || (piece.fetchedAt.getTime() === kept.fetchedAt.getTime() && piece.id < kept.id)) into.set(key, piece);
  }
  return into;
}

/** Inserts new pieces, each with its 'original' occurrence. */
export async function insertPieceRows(db: Db, codec: RowCodec, pieces: readonly Piece[]): Promise<void> {
  for (const part of chunks(pieces, 100)) {
    await db.insertInto('pieces').values(part.map((piece) => ({
      id: piece.id,
      source_id: piece.sourceId,
      guid: piece.guid,
      url: piece.url,
      canonical_url: piece.canonicalUrl,
      title: piece.title,
      authors: codec.json(piece.authors),
      published_at: codec.date(piece.publishedAt),
      published_at_estimated: codec.bool(piece.publishedAtEstimated),
      fetched_at: codec.date(piece.fetchedAt),
      content_text: piece.contentText,
      content_html: piece.contentHtml,
      word_count: piece.wordCount,
      content_hash: piece.contentHash,
      signature: codec.json(piece.signature),
      full_text_fetched: codec.bool(piece.fullTextFetched),
      updated_at: codec.date(piece.updatedAt),
    }))).execute();
  }
  await insertOccurrenceRows(db, codec, pieces.map((piece) => ({
    pieceId: piece.id,
    sourceId: piece.sourceId,
    guid: piece.guid,
    canonicalUrl: piece.canonicalUrl,
    firstSeenAt: piece.fetchedAt,
    matchedBy: 'original',
    similarity: null,
  })));
}

/** Records occurrences; one already recorded for (source, guid) is kept as it was. */
export async function insertOccurrenceRows(db: Db, codec: RowCodec, occurrences: readonly PieceOccurrence[]): Promise<void> {
  for (const part of chunks(occurrences, 100)) {
    await db.insertInto('piece_occurrences').values(part.map((occurrence) => ({
      piece_id: occurrence.pieceId,
      source_id: occurrence.sourceId,
      guid: occurrence.guid,
      canonical_url: occurrence.canonicalUrl,
      first_seen_at: codec.date(occurrence.firstSeenAt),
      matched_by: occurrence.matchedBy,
      similarity: occurrence.similarity,
    }))).onConflict((oc) => oc.columns(['source_id', 'guid']).doNothing()).execute();
  }
}

export async function updatePieceContentRow(db: Db, codec: RowCodec, id: string, patch: PieceContentPatch): Promise<void> {
  await db.updateTable('pieces').set({
    title: patch.title,
    authors: codec.json(patch.authors),
    content_text: patch.contentText,
    content_html: patch.contentHtml,
    word_count: patch.wordCount,
    content_hash: patch.contentHash,
    signature: codec.json(patch.signature),
    full_text_fetched: codec.bool(patch.fullTextFetched),
    updated_at: codec.date(patch.updatedAt),
  }).where('id', '=', id).execute();
}

/** By guid: the piece each (sourceId, guid) was recorded under, as original or as a folded duplicate. */
export async function findPiecesByGuids(db: Db, sourceId: string, guids: readonly string[]): Promise<Map<string, Piece>> {
  const found = new Map<string, Piece>();
  for (const part of chunks([...new Set(guids)])) {
    const rows = await db.selectFrom('pieces')
      .innerJoin('piece_occurrences', 'piece_occurrences.piece_id', 'pieces.id')
      .selectAll('pieces').select('piece_occurrences.guid as occurrence_guid')
      .where('piece_occurrences.source_id', '=', sourceId).where('piece_occurrences.guid', 'in', part)
      .execute();
    for (const { occurrence_guid: guid, ...row } of rows) found.set(guid, toPiece(row));
  }
  return found;
}

/** By canonical URL: the earliest piece carrying it, itself or through a folded crosspost's URL. */
export async function findPiecesByCanonicalUrls(db: Db, urls: readonly string[]): Promise<Map<string, Piece>> {
  const found = new Map<string, Piece>();
  for (const part of chunks([...new Set(urls)])) {
    const own = await db.selectFrom('pieces').selectAll().where('canonical_url', 'in', part).execute();
    earliestByKey(own.map((row) => [row.canonical_url, toPiece(row)]), found);
    const missing = part.filter((url) => !found.has(url));
    if (missing.length === 0) continue;
    const folded = await db.selectFrom('pieces')
      .innerJoin('piece_occurrences', 'piece_occurrences.piece_id', 'pieces.id')
      .selectAll('pieces').select('piece_occurrences.canonical_url as occurrence_url')
      .where('piece_occurrences.canonical_url', 'in', missing)
      .execute();
    earliestByKey(folded.map(({ occurrence_url: url, ...row }) => [url, toPiece(row)]), found);
  }
  return found;
}

/** By content hash: the earliest piece with that text. */
export async function findPiecesByContentHashes(db: Db, hashes: readonly string[]): Promise<Map<string, Piece>> {
  const found = new Map<string, Piece>();
  for (const part of chunks([...new Set(hashes)])) {
    const rows = await db.selectFrom('pieces').selectAll().where('content_hash', 'in', part).execute();
    earliestByKey(rows.map((row) => [row.content_hash, toPiece(row)]), found);
  }
  return found;
}

/** What near-duplicate matching needs of a stored piece. */
function toSignatureRow(row: { id: string; source_id: string; signature: unknown }): PieceSignature {
  return { id: row.id, sourceId: row.source_id, signature: readJson<number[]>(row.signature) };
}

/** What near-duplicate matching needs of the pieces first fetched at or after `since` (store.listPieceSignaturesSince). */
export async function listPieceSignaturesSince(db: Db, codec: RowCodec, since: Date): Promise<PieceSignature[]> {
  const rows = await db.selectFrom('pieces').select(['id', 'source_id', 'signature']).where('fetched_at', '>=', codec.date(since))
    .orderBy('fetched_at').orderBy('id').execute();
  return rows.map(toSignatureRow);
}

/** Pieces stored after `marker` in store order (SQLite rowid, PostgreSQL stored_seq: migration 0005), and the order's end. */
export async function listPiecesStoredAfter(db: Db, dialect: StoreDialect, marker: number | null): Promise<{ pieces: PieceSignature[]; marker: number }> {
  const order = sql.raw(dialect === 'postgres' ? 'stored_seq' : 'rowid');
  const end = await sql<{ end: number | string | null }>`select max(${order}) as "end" from pieces`.execute(db);
  const now = Number(end.rows[0]?.end ?? 0);
  if (marker === null || now <= marker) return { pieces: [], marker: now };
  const rows = await sql<{ id: string; source_id: string; signature: unknown }>`
    select id, source_id, signature from pieces where ${order} > ${marker} and ${order} <= ${now} order by ${order}`.execute(db);
  return { pieces: rows.rows.map(toSignatureRow), marker: now };
}
