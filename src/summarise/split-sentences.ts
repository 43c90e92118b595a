/** A sentence of the article with where it stood, so picks can be put back in reading order. */
export interface Sentence {
  text: string;
  /** 0-based position in the whole text. */
  index: number;
  /** 0-based paragraph number. */
  paragraph: number;
}

const segmenters = new Map<string, Intl.Segmenter>();

/** A malformed tag (e.g. "de_CH" from a config) makes Intl throw; such text is split as English. */
function supported(language: string): boolean {
  try {
    return Intl.Segmenter.supportedLocalesOf([language]).length > 0;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

/** Sentences via Intl.Segmenter, paragraph by paragraph so no sentence spans a paragraph break. */
export function splitSentences(text: string, language = 'en'): Sentence[] {
  let segmenter = segmenters.get(language);
  if (segmenter === undefined) {
    segmenter = new Intl.Segmenter(supported(language) ? language : 'en', { granularity: 'sentence' });
    segmenters.set(language, segmenter);
  }
  const sentences: Sentence[] = [];
  const paragraphs = text.split(/\n\s*\n|\r\n\s*\r\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p !== '');
  for (const [paragraph, body] of paragraphs.entries()) {
    for (const { segment } of segmenter.segment(body)) {
      const sentence = segment.trim();
      if (sentence !== '') sentences.push({ text: sentence, index: sentences.length, paragraph });
    }
  }
  return sentences;
}

/** Lower-case word tokens (letters and digits), for scoring and redundancy checks. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
}
