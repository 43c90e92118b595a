/** Reading speed of the source articles' own read times (the "23 min read" on an original). */
export const WORDS_PER_MINUTE = 230;

/**
 * Reading speed of the edition itself: the real 9-minute edition has about 1,650 words, which is
 * 185–200 words a minute rounded up; 190 sits in that range.
 */
export const EDITION_WORDS_PER_MINUTE = 190;

/** Minutes to read a source of `wordCount` words at 230 wpm, rounded, never below 1. */
export function readMinutes(wordCount: number): number {
  if (!Number.isFinite(wordCount) || wordCount <= 0) return 1;
  return Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE));
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(language: string): Intl.Segmenter {
  let segmenter = segmenters.get(language);
  if (segmenter === undefined) {
    let locale = 'en';
    try {
      if (Intl.Segmenter.supportedLocalesOf([language]).length > 0) locale = language;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
    segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(language, segmenter);
  }
  return segmenter;
}

/** Words as a reader meets them; Intl segments Chinese and Japanese into words too. URLs are not read. */
export function countWords(text: string, language = 'en'): number {
  let words = 0;
  for (const segment of segmenterFor(language).segment(text.replace(/https?:\/\/\S+/g, ' '))) if (segment.isWordLike === true) words += 1;
  return words;
}

/** Minutes to read the edition's own text at 190 wpm, rounded up (a 1,650-word edition is 9 min), never below 1. */
export function editionReadMinutes(texts: readonly string[], language = 'en'): number {
  const words = texts.reduce((sum, text) => sum + countWords(text, language), 0);
  return Math.max(1, Math.ceil(words / EDITION_WORDS_PER_MINUTE));
}
