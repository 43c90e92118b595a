import type { Piece, PieceOccurrence } from '../../src/domain/piece.ts';
import type { PieceContentPatch, Store } from '../../src/store/store.ts';

// Tests seed pieces through the one write path ingest uses (saveIngestBatch), so there is no test-only port method.

/** Stores new pieces, each with its 'original' occurrence. */
export async function insertPieces(store: Store, ...pieces: Piece[]): Promise<void> {
  await store.saveIngestBatch({ inserts: pieces, occurrences: [], edits: [] });
}

/** Records that a piece was also seen elsewhere (a folded crosspost). */
export async function addOccurrence(store: Store, occurrence: PieceOccurrence): Promise<void> {
  await store.saveIngestBatch({ inserts: [], occurrences: [occurrence], edits: [] });
}

/** Replaces an edited piece's content. */
export async function editPiece(store: Store, id: string, patch: PieceContentPatch): Promise<void> {
  await store.saveIngestBatch({ inserts: [], occurrences: [], edits: [{ id, patch }] });
}
