/** Reading speed the real digests' read times imply. */
export const WORDS_PER_MINUTE = 230;

/** Minutes to read `wordCount` words at 230 wpm, rounded, never below 1. */
export function readMinutes(wordCount: number): number {
  if (!Number.isFinite(wordCount) || wordCount <= 0) return 1;
  return Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE));
}
