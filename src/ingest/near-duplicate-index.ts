import type { Piece, PieceSignature } from '../domain/piece.ts';
import { signatureSimilarity } from './minhash.ts';

/**
 * Rows per LSH band: 32 bands × 4 rows find pairs at similarity 0.8 with probability 1 − (1 − 0.8⁴)³² > 0.99999,
 * while unrelated pieces (similarity ≈ 0.05) share a band with probability ≈ 32 · 0.05⁴ ≈ 0.0002.
 */
const ROWS_PER_BAND = 4;

/**
 * Locality-sensitive hashing over MinHash signatures, so a new piece is compared with the few pieces sharing a band
 * rather than with every recent piece (which is quadratic over a run).
 */
export interface NearDuplicateIndex {
  /** Indexes a piece; a piece already indexed (by id) is left as it is. */
  add(piece: PieceSignature): void;
  /** The most similar indexed piece from another source at or above `threshold`, if any. */
  best(piece: Pick<Piece, 'sourceId' | 'signature'>, threshold: number): { id: string; similarity: number } | null;
}

/** Creates an empty index. */
export function createNearDuplicateIndex(): NearDuplicateIndex {
  type Entry = PieceSignature;
  // Most bands of most pieces are unique: a bucket holds its one entry directly and becomes a list on a second, which
  // saves an array per band (32 per piece) on a cold run of tens of thousands of pieces.
  const buckets = new Map<number, Entry | Entry[]>();
  const indexed = new Set<string>();
  // A band's key is a hash of its rows and position; a collision only adds a candidate that the full comparison rejects.
  const keysOf = (signature: readonly number[]): number[] => {
    const keys: number[] = [];
    for (let start = 0; start + ROWS_PER_BAND <= signature.length; start += ROWS_PER_BAND) {
      let h = Math.imul(start + 1, 0x9e3779b1);
      for (let i = start; i < start + ROWS_PER_BAND; i++) h = Math.imul(h ^ signature[i]!, 0x85ebca6b) ^ (h >>> 13);
      keys.push(h >>> 0);
    }
    return keys;
  };
  return {
    add(piece) {
      if (indexed.has(piece.id)) return;
      indexed.add(piece.id);
      // Only what matching needs: holding the Piece itself kept every ingested text alive for the whole run
      // (280 MB of the 200-feed cold ingest's peak, growing with every feed).
      const entry: Entry = { id: piece.id, sourceId: piece.sourceId, signature: piece.signature };
      for (const key of keysOf(entry.signature)) {
        const bucket = buckets.get(key);
        if (bucket === undefined) buckets.set(key, entry);
        else if (Array.isArray(bucket)) bucket.push(entry);
        else buckets.set(key, [bucket, entry]);
      }
    },
    best(piece, threshold) {
      let best: { id: string; similarity: number } | null = null;
      const checked = new Set<string>();
      for (const key of keysOf(piece.signature)) {
        const bucket = buckets.get(key);
        if (bucket === undefined) continue;
        for (const candidate of Array.isArray(bucket) ? bucket : [bucket]) {
          if (candidate.sourceId === piece.sourceId || checked.has(candidate.id)) continue;
          checked.add(candidate.id);
          const similarity = signatureSimilarity(piece.signature, candidate.signature);
          if (similarity >= threshold && (!best || similarity > best.similarity)) best = { id: candidate.id, similarity };
        }
      }
      return best;
    },
  };
}
