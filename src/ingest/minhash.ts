/** Number of hash functions in a signature; the similarity estimate's standard error is at most 1/(2·sqrt(64)) ≈ 0.06. */
export const SIGNATURE_SIZE = 64;
/** Words per shingle. */
const SHINGLE_WORDS = 3;

const SEEDS: number[] = Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix32(0x9e3779b9 ^ Math.imul(i + 1, 0x85ebca6b)));

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

/**
 * MinHash signature of the text's 3-word shingles. Two signatures agree in a fraction of positions that
 * estimates the Jaccard similarity of the shingle sets; ingest folds cross-feed pieces at ≥ 0.8 by default
 * (ingest.nearDuplicateThreshold), which a crosspost with a changed footer or byline still clears.
 */
export function minhashSignature(text: string): number[] {
  const tokens = words(text);
  const signature = new Array<number>(SIGNATURE_SIZE).fill(0xffffffff);
  if (tokens.length === 0) return signature;
  const wordHashes = tokens.map(fnv1a);
  const count = Math.max(1, tokens.length - SHINGLE_WORDS + 1);
  const seen = new Set<number>();
  for (let i = 0; i < count; i++) {
    // Order-sensitive combination of the shingle's word hashes: no string building per shingle.
    let shingle = 0x811c9dc5;
    for (let w = i; w < i + SHINGLE_WORDS && w < wordHashes.length; w++) shingle = mix32(shingle ^ wordHashes[w]!);
    if (seen.has(shingle)) continue;
    seen.add(shingle);
    for (let k = 0; k < SIGNATURE_SIZE; k++) {
      const h = mix32(shingle ^ SEEDS[k]!);
      if (h < signature[k]!) signature[k] = h;
    }
  }
  return signature;
}

/** Estimated Jaccard similarity of two signatures (0 when either is empty or they differ in length). */
export function signatureSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}
