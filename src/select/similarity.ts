import type { Piece } from '../domain/piece.ts';

/** Estimated Jaccard of two MinHash signatures: the share of positions that agree; null when not comparable. */
export function signatureSimilarity(a: readonly number[], b: readonly number[]): number | null {
  if (a.length === 0 || a.length !== b.length) return null;
  let equal = 0;
  for (let i = 0; i < a.length; i += 1) if (a[i] === b[i]) equal += 1;
  return equal / a.length;
}

/** Lower-cased words of three letters or more: short words say little about what a title is about. */
export function titleWords(title: string): Set<string> {
  const words = title.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((w) => w.length >= 3));
}

/** Jaccard of two titles' word sets (0 when either has no words). */
export function titleSimilarity(a: string, b: string): number {
  const wa = titleWords(a);
  const wb = titleWords(b);
  if (wa.size === 0 || wb.size === 0) return 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared += 1;
  return shared / (wa.size + wb.size - shared);
}

/** Similarity of two pieces in 0..1: MinHash when both carry comparable signatures, else title overlap. */
export function pieceSimilarity(a: Piece, b: Piece): { value: number; by: 'signature' | 'title' } {
  const bySignature = signatureSimilarity(a.signature, b.signature);
  if (bySignature !== null) return { value: bySignature, by: 'signature' };
  return { value: titleSimilarity(a.title, b.title), by: 'title' };
}

/** Thresholds above which two pieces count as the same story (title overlap is a blunter tool, so stricter). */
export const NEAR_DUPLICATE = { signature: 0.6, title: 0.7 } as const;

/** True when two pieces are near-duplicates of each other. */
export function isNearDuplicate(a: Piece, b: Piece): boolean {
  const s = pieceSimilarity(a, b);
  return s.value >= NEAR_DUPLICATE[s.by];
}
