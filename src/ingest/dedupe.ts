import type { Piece, PieceOccurrence } from '../domain/piece.ts';
import type { Store } from '../store/store.ts';
import { createNearDuplicateIndex, type NearDuplicateIndex } from './near-duplicate-index.ts';

/** What ingest does with one normalised item. */
export type DedupeDecision =
  | { kind: 'new' }
  /** Same source and guid, same content: nothing to do. */
  | { kind: 'seen'; pieceId: string }
  /** Same source and guid, new content: update the stored piece in place. */
  | { kind: 'edit'; pieceId: string }
  /** Another piece already carries this story: record an occurrence on it. */
  | { kind: 'duplicate'; pieceId: string; matchedBy: Exclude<PieceOccurrence['matchedBy'], 'original'>; similarity: number | null };

/** Fewer words than this and MinHash is too noisy to call two pieces one story. */
const MIN_WORDS_FOR_NEAR_DUPLICATE = 12;

export interface Deduper {
  /** Checks (source, guid): seen, edit, or null when this source never carried the guid. */
  known(piece: Piece): Promise<DedupeDecision | null>;
  /** For an item its source never carried: a duplicate of a kept piece, or new. */
  match(piece: Piece): Promise<DedupeDecision>;
  /** Makes a just-inserted piece a near-duplicate candidate for the rest of the run. */
  remember(piece: Piece): Promise<void>;
}

/**
 * Creates the deduper of one ingest run. `candidates` loads recent pieces (store.listPiecesSince) to compare by MinHash;
 * only pieces from other sources count as near-duplicates, because one feed's similar posts (weekly notes,
 * templated announcements) are distinct pieces.
 */
export function createDeduper(options: { store: Store; threshold: number; candidates: () => Promise<Piece[]> }): Deduper {
  const { store, threshold } = options;
  // Loaded on the first unknown item, so a run where every feed answers 304 never reads the recent pieces.
  let loaded: Promise<NearDuplicateIndex> | null = null;
  const indexReady = (): Promise<NearDuplicateIndex> => {
    loaded ??= options.candidates().then((candidates) => {
      const index = createNearDuplicateIndex();
      for (const candidate of candidates) index.add(candidate);
      return index;
    });
    return loaded;
  };
  return {
    async known(piece) {
      const existing = await store.findPieceByGuid(piece.sourceId, piece.guid);
      if (!existing) return null;
      // A crosspost folded into another source's piece: its text is that source's, never ours to overwrite.
      if (existing.sourceId !== piece.sourceId || existing.guid !== piece.guid) return { kind: 'seen', pieceId: existing.id };
      if (existing.contentHash === piece.contentHash) return { kind: 'seen', pieceId: existing.id };
      // The stored text came from the article page; the feed excerpt differing from it is no edit.
      if (existing.fullTextFetched && !piece.fullTextFetched) return { kind: 'seen', pieceId: existing.id };
      return { kind: 'edit', pieceId: existing.id };
    },
    async match(piece) {
      if (piece.canonicalUrl) {
        const byUrl = await store.findPieceByCanonicalUrl(piece.canonicalUrl);
        if (byUrl) return { kind: 'duplicate', pieceId: byUrl.id, matchedBy: 'canonical-url', similarity: null };
      }
      const byHash = await store.findPieceByContentHash(piece.contentHash);
      if (byHash) return { kind: 'duplicate', pieceId: byHash.id, matchedBy: 'content-hash', similarity: 1 };
      if (piece.wordCount + piece.title.split(/\s+/).length >= MIN_WORDS_FOR_NEAR_DUPLICATE) {
        const best = (await indexReady()).best(piece, threshold);
        if (best) return { kind: 'duplicate', pieceId: best.id, matchedBy: 'near-duplicate', similarity: best.similarity };
      }
      return { kind: 'new' };
    },
    async remember(piece) {
      (await indexReady()).add(piece);
    },
  };
}
