import { appendWordHashes } from './text-scan.ts';

/**
 * Values in a signature: 4 rounds of one-permutation hashing with 32 bins each. In a round each shingle lands in
 * one bin and only the bin's minimum is kept, so a signature costs 4 hashes per shingle instead of the classic
 * MinHash's 64 (which cost more than parsing the feed). Four independent rounds keep short texts, whose shingles
 * fill few bins, at least as accurate as 64 classic hashes. Standard error ≤ 1/(2·sqrt(128)) ≈ 0.044 on long texts.
 * Signatures of another length (the earlier 64-hash scheme) are not comparable; see isCurrentSignature.
 */
export const SIGNATURE_SIZE = 128;
const ROUNDS = 4;
const BIN_BITS = 5;
const BINS = 1 << BIN_BITS;
const VALUE_MASK = (1 << (32 - BIN_BITS)) - 1;
/** A bin no shingle reached: filled by densification, or, for an empty text, left as is. */
const EMPTY = 0xffffffff;
/** Words per shingle. */
const SHINGLE_WORDS = 3;

const ROUND_SEEDS = Array.from({ length: ROUNDS }, (_, r) => mix32(0x9e3779b9 ^ Math.imul(r + 1, 0x85ebca6b)));

function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Lower-cased words (letters and digits of any script). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** True when a stored signature was made by this scheme (and so can be compared with new ones). */
export function isCurrentSignature(signature: readonly number[]): boolean {
  return signature.length === SIGNATURE_SIZE;
}

/**
 * MinHash signature of the text's 3-word shingles. Two signatures agree in a fraction of positions that
 * estimates the Jaccard similarity of the shingle sets; ingest folds cross-feed pieces at ≥ 0.8 by default
 * (ingest.nearDuplicateThreshold), which a crosspost with a changed footer or byline still clears.
 */
export function minhashSignature(text: string): number[] {
  return minhashOfHashes(appendWordHashes(text.toLowerCase(), []));
}

/** minhashSignature over already-split words. */
export function minhashOfWords(tokens: readonly string[]): number[] {
  return minhashOfHashes(tokens.map(fnv1a));
}

/** minhashSignature over the words' FNV-1a hashes (text-scan's appendWordHashes): ingest hashes the text once for the word count too. */
export function minhashOfHashes(wordHashes: readonly number[]): number[] {
  // Bins in a typed array: unsigned 32-bit values, which a plain array stores boxed or as doubles.
  const bins = new Uint32Array(SIGNATURE_SIZE).fill(EMPTY);
  if (wordHashes.length === 0) return Array.from(bins);
  const count = Math.max(1, wordHashes.length - SHINGLE_WORDS + 1);
  for (let i = 0; i < count; i++) {
    // Order-sensitive combination of the shingle's word hashes: no string building per shingle.
    let shingle = 0x811c9dc5;
    for (let w = i; w < i + SHINGLE_WORDS && w < wordHashes.length; w++) shingle = mix32(shingle ^ wordHashes[w]!);
    for (let r = 0; r < ROUNDS; r++) {
      const h = mix32(shingle ^ ROUND_SEEDS[r]!);
      const bin = r * BINS + (h >>> (32 - BIN_BITS));
      const value = h & VALUE_MASK;
      if (value < bins[bin]!) bins[bin] = value;
    }
  }
  return densify(bins);
}

/**
 * Optimal densification (Shrivastava, ICML 2017): an empty bin copies the bin of its round that a probe sequence
 * fixed by its own position reaches first among the non-empty ones. The sequence is the same for every text, so
 * two signatures still agree in a bin with probability equal to their Jaccard similarity, which LSH banding needs.
 */
function densify(bins: Uint32Array): number[] {
  const out = Array.from(bins);
  for (let i = 0; i < bins.length; i++) {
    if (bins[i] !== EMPTY) continue;
    const round = i - (i % BINS);
    for (let attempt = 1;; attempt++) {
      const offset = attempt <= 8 * BINS
        ? mix32(Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b)) >>> (32 - BIN_BITS)
        // A very sparse text can take long to hit a filled bin at random; fall back to a deterministic sweep.
        : (i + attempt) % BINS;
      if (bins[round + offset] !== EMPTY) {
        out[i] = bins[round + offset]!;
        break;
      }
    }
  }
  return out;
}

/** Estimated Jaccard similarity of two signatures (0 when either is empty or they differ in length). */
export function signatureSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}
