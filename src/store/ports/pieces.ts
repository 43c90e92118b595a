import type { Piece, PieceOccurrence, PieceSignature } from '../../domain/piece.ts';

/** The content fields an edit replaces. */
export type PieceContentPatch = Pick<Piece, 'title' | 'authors' | 'contentText' | 'contentHtml' | 'wordCount' | 'contentHash' | 'signature' | 'fullTextFetched' | 'updatedAt'>;

/** One feed's ingest outcome, written at once so a crash never leaves half a feed stored. */
export interface IngestBatch {
  inserts: Piece[];
  occurrences: PieceOccurrence[];
  edits: { id: string; patch: PieceContentPatch }[];
}

/** Pieces and where they were seen: what ingest writes and selection reads. */
export interface PieceStore {
  getPiece(id: string): Promise<Piece | undefined>;
  /** By guid: the piece each (sourceId, guid) was recorded under, whether as original or as a folded duplicate. */
  findPiecesByGuids(sourceId: string, guids: readonly string[]): Promise<Map<string, Piece>>;
  /** By canonical URL: the earliest piece carrying it, itself or through a folded crosspost. */
  findPiecesByCanonicalUrls(canonicalUrls: readonly string[]): Promise<Map<string, Piece>>;
  /** By content hash: the earliest piece with that text. */
  findPiecesByContentHashes(contentHashes: readonly string[]): Promise<Map<string, Piece>>;
  /**
   * Saves what one feed's ingest decided in one transaction, all or nothing: new pieces (each with its 'original'
   * occurrence), occurrences of crossposts folded into kept pieces (idempotent per source and guid), and edits that
   * replace a piece's content fields (keeping its id, source and dates of first sight).
   */
  saveIngestBatch(batch: IngestBatch): Promise<void>;
  listOccurrences(pieceId: string): Promise<PieceOccurrence[]>;
  /** Pieces first fetched at or after `since`, newest first; optionally only from some sources. */
  listPiecesSince(since: Date, options?: { sourceIds?: string[]; limit?: number }): Promise<Piece[]>;
  /**
   * What near-duplicate matching needs of the pieces first fetched at or after `since`, oldest first: no text, so an
   * ingest run's candidates cost ~1 KB a piece however long the stored articles are.
   */
  listPieceSignaturesSince(since: Date): Promise<PieceSignature[]>;
  /**
   * Pieces stored after `marker` (a position in the order pieces were stored; null: none, just the position now)
   * with what near-duplicate matching needs, and the position reached. Under the ingest dedupe lock this is how
   * one instance sees what others stored since it looked.
   */
  listPiecesStoredAfter(marker: number | null): Promise<{ pieces: PieceSignature[]; marker: number }>;
}
