import type { Piece, PieceOccurrence, PieceSignature } from '../domain/piece.ts';
import type { IngestBatch, Store } from '../store/store.ts';
import { isCurrentSignature, minhashSignature } from './minhash.ts';
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

/** The pieces one feed brought that its source never carried, and the edits to pieces it did. */
export interface FeedCandidates {
  fresh: Piece[];
  edits: { piece: Piece; pieceId: string }[];
}

export interface Deduper {
  /** Checks each piece's (source, guid) in one lookup: seen, edit, or null when this source never carried the guid. */
  known(sourceId: string, pieces: readonly Piece[]): Promise<(DedupeDecision | null)[]>;
  /**
   * Decides every fresh piece of one feed against the store (in one lookup per key kind), the feed's earlier items and
   * the near-duplicate index, and returns the writes that carry the decisions out.
   */
  plan(candidates: FeedCandidates): Promise<IngestBatch>;
  /** Makes just-saved pieces near-duplicate candidates for the rest of the run; call under the lock, right after saving. */
  remember(pieces: readonly Piece[]): Promise<void>;
}

/**
 * Creates the deduper of one ingest run. `candidates` loads the recent pieces' signatures (store.listPieceSignaturesSince)
 * to compare by MinHash; only pieces from other sources count as near-duplicates, because one feed's similar posts
 * (weekly notes, templated announcements) are distinct pieces.
 */
export function createDeduper(options: { store: Store; threshold: number; candidates: () => Promise<PieceSignature[]> }): Deduper {
  const { store, threshold } = options;
  // Loaded on the first unknown item, so a run where every feed answers 304 never reads the recent pieces.
  let loaded: Promise<NearDuplicateIndex> | null = null;
  // How far into the store's insertion order the index has seen; what lies beyond was stored by someone else.
  let seen: number | null = null;
  const indexReady = (): Promise<NearDuplicateIndex> => {
    loaded ??= (async () => {
      // Read before the candidates, so a piece stored in between is caught by the next catch-up (add is idempotent).
      seen = (await store.listPiecesStoredAfter(null)).marker;
      const index = createNearDuplicateIndex();
      for (const candidate of await options.candidates()) {
        if (isCurrentSignature(candidate.signature)) {
          index.add(candidate);
          continue;
        }
        // A piece stored before the current signature scheme gets a fresh signature from its stored text, read one
        // piece at a time: the candidates never hold the recent pieces' text.
        const stored = await store.getPiece(candidate.id);
        if (stored !== undefined) index.add({ ...candidate, signature: minhashSignature(`${stored.title}\n${stored.contentText}`) });
      }
      return index;
    })();
    return loaded;
  };
  /** Adds what other instances stored since this run last looked (under the dedupe lock, so nothing is in flight). */
  const catchUp = async (index: NearDuplicateIndex): Promise<void> => {
    const since = await store.listPiecesStoredAfter(seen);
    for (const piece of since.pieces) index.add(piece);
    seen = since.marker;
  };
  // Set when this lock hold's plan caught up: then everything stored after that is this run's own save.
  let caughtUpInThisHold = false;
  return {
    async known(sourceId, pieces) {
      const stored = await store.findPiecesByGuids(sourceId, pieces.map((piece) => piece.guid));
      return pieces.map((piece) => {
        const existing = stored.get(piece.guid);
        if (!existing) return null;
        // A crosspost folded into another source's piece: its text is that source's, never ours to overwrite.
        if (existing.sourceId !== piece.sourceId || existing.guid !== piece.guid) return { kind: 'seen', pieceId: existing.id };
        if (existing.contentHash === piece.contentHash) return { kind: 'seen', pieceId: existing.id };
        // The stored text came from the article page; the feed excerpt differing from it is no edit.
        if (existing.fullTextFetched && !piece.fullTextFetched) return { kind: 'seen', pieceId: existing.id };
        return { kind: 'edit', pieceId: existing.id };
      });
    },
    async plan({ fresh, edits }) {
      // Brought up to date at most once per plan, and only when an item gets as far as near-duplicate matching.
      caughtUpInThisHold = false;
      let upToDate: Promise<NearDuplicateIndex> | null = null;
      const caughtUp = (): Promise<NearDuplicateIndex> => {
        upToDate ??= indexReady().then(async (index) => {
          await catchUp(index);
          caughtUpInThisHold = true;
          return index;
        });
        return upToDate;
      };
      const [byUrl, byHash] = await Promise.all([
        store.findPiecesByCanonicalUrls(fresh.map((piece) => piece.canonicalUrl).filter((url) => url !== '')),
        store.findPiecesByContentHashes(fresh.map((piece) => piece.contentHash)),
      ]);
      // This feed's own new pieces count too: the same title and text under two guids is one piece. A shared link
      // is not: distinct guids are distinct items (a podcast's episodes may all link to its home page).
      const newHashes = new Map<string, string>();
      const batch: IngestBatch = { inserts: [], occurrences: [], edits: edits.map(({ piece, pieceId }) => ({ id: pieceId, patch: contentPatch(piece) })) };
      for (const piece of fresh) {
        const decision = await decide(piece);
        if (decision.kind === 'duplicate') {
          batch.occurrences.push({
            pieceId: decision.pieceId,
            sourceId: piece.sourceId,
            guid: piece.guid,
            canonicalUrl: piece.canonicalUrl,
            firstSeenAt: piece.fetchedAt,
            matchedBy: decision.matchedBy,
            similarity: decision.similarity,
          });
        } else {
          batch.inserts.push(piece);
          if (!newHashes.has(piece.contentHash)) newHashes.set(piece.contentHash, piece.id);
        }
      }
      return batch;

      async function decide(piece: Piece): Promise<DedupeDecision> {
        const byLink = piece.canonicalUrl ? byUrl.get(piece.canonicalUrl) : undefined;
        // Identity is by guid first: this source's own piece under another guid is another item, whatever its link.
        if (byLink && !(byLink.sourceId === piece.sourceId && byLink.guid !== piece.guid)) {
          return { kind: 'duplicate', pieceId: byLink.id, matchedBy: 'canonical-url', similarity: null };
        }
        const id = byHash.get(piece.contentHash)?.id ?? newHashes.get(piece.contentHash);
        if (id) return { kind: 'duplicate', pieceId: id, matchedBy: 'content-hash', similarity: 1 };
        if (piece.wordCount + piece.title.split(/\s+/).length >= MIN_WORDS_FOR_NEAR_DUPLICATE) {
          const best = (await caughtUp()).best(piece, threshold);
          if (best) return { kind: 'duplicate', pieceId: best.id, matchedBy: 'near-duplicate', similarity: best.similarity };
        }
        return { kind: 'new' };
      }
    },
    async remember(pieces) {
      const ownOnlyBeyond = caughtUpInThisHold;
      caughtUpInThisHold = false;
      if (pieces.length === 0) return;
      const index = await indexReady();
      for (const piece of pieces) index.add(piece);
      // Move past our own pieces without reading them back; if this hold never caught up, others' may lie between.
      if (ownOnlyBeyond) seen = (await store.listPiecesStoredAfter(null)).marker;
      else await catchUp(index);
    },
  };
}

function contentPatch(piece: Piece): IngestBatch['edits'][number]['patch'] {
  return {
    title: piece.title,
    authors: piece.authors,
    contentText: piece.contentText,
    contentHtml: piece.contentHtml,
    wordCount: piece.wordCount,
    contentHash: piece.contentHash,
    signature: piece.signature,
    fullTextFetched: piece.fullTextFetched,
    updatedAt: piece.fetchedAt,
  };
}
