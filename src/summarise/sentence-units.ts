/**
 * The sentences of an article that can stand on their own in a digest: prose paragraphs only (no
 * headings, list items, captions, pull quotes or boilerplate), whole sentences only (no fragments,
 * questions or lead-ins ending in a colon), each flagged when it opens on a reference to what came
 * before ("This confidence…", "They also…", "However, …"), so it is only used with its antecedent.
 */
import { splitSentences, wordsOf } from './split-sentences.ts';

export interface Unit {
  text: string;
  /** 0-based position among all sentences of the prose paragraphs. */
  index: number;
  paragraph: number;
  words: string[];
  /** Opens on an unresolved reference or a connective: needs the previous sentence. */
  dangling: boolean;
  /** Usable as a claim on its own (length, punctuation). */
  claim: boolean;
}

/** Lines that are a heading: Markdown `#`, or a short line without sentence-final punctuation. */
const TERMINAL = /[.!?。！？…]["'”’»)]*$/u;
const LIST_ITEM = /^\s*(?:[-*+•‣◦]|\d{1,3}[.)])\s+/u;
const CAPTION = /^(?:figure|fig\.|table|chart|abbildung|abb\.|tabelle|figure|tableau|figura|tabla|рисунок|рис\.|таблица|图|表)\s*\d+/iu;
const BOILERPLATE =
  /^(?:subscribe|sign up|thanks for reading|thank you for reading|thanks to|forward this|read more|click here|share this|follow us|comments? (?:are|is) open|that is all|that's all|the post .* appeared first|abonnier|folgen sie|vielen dank|подписывайтесь|спасибо|abonnez|merci|suscr[ií]bete|gracias)/iu;
const PULL_QUOTE = /^["“«„].*["”»“]$/u;

/** Openings that point back: pronouns and determiners that need an antecedent, and connectives. */
const DANGLING: Record<string, RegExp> = {
  // "The best one…", "The second largest, …", "The remaining runs…" point back as much as "This" does.
  en:
    /^(?:the (?:[a-z-]+ ){0,2}ones?\b|the (?:second|third|other|latter|former|remaining|same)\b|this|these|that|those|it|its|they|their|them|such|he|she|his|her|here|there(?:fore)?|thus|hence|however|but|and|also|moreover|furthermore|additionally|instead|still|so|then|yet|in addition|as a result|in other words|that said|by contrast|similarly|likewise|meanwhile|otherwise|first|second|third|finally)\b/iu,
  de: /^(?:dies|diese[rsmn]?|das|dass|es|sie|ihr[e]?|solche[rsmn]?|er|damit|daher|deshalb|dennoch|aber|und|auch|außerdem|zudem|jedoch|trotzdem|so)\b/iu,
  fr: /^(?:ce|cet|cette|ces|cela|ceci|il|elle|ils|elles|leur|leurs|mais|et|aussi|donc|ainsi|cependant|pourtant|de plus|en outre)\b/iu,
  es: /^(?:esto|este|esta|estos|estas|eso|ese|esa|ello|él|ella|ellos|ellas|su|sus|pero|y|también|además|sin embargo|así)\b/iu,
  ru: /^(?:это|эти|этот|эта|эту|этого|он|она|оно|они|их|его|ее|её|такие|такой|такая|но|и|также|кроме того|однако|поэтому|так)(?![\p{L}])/iu,
};

const MIN_WORDS = 6;
const HEADING_MAX_WORDS = 25;
const MAX_CHARS = 400;

/** True for a paragraph that is not prose: heading, list item, caption, boilerplate, pull quote. */
export function isNonProse(paragraph: string): boolean {
  const text = paragraph.trim();
  if (text === '' || text.startsWith('#')) return true;
  // A short line without final punctuation is a heading; a long one is prose whose end was cut off.
  if (!TERMINAL.test(text) && wordsOf(text).length <= HEADING_MAX_WORDS) return true;
  return LIST_ITEM.test(text) || CAPTION.test(text) || BOILERPLATE.test(text) || PULL_QUOTE.test(text);
}

/** Whether a sentence opens on a reference to what came before, in `language`. */
export function opensDangling(sentence: string, language: string): boolean {
  const pattern = DANGLING[language.toLowerCase().split(/[-_]/)[0] ?? 'en'];
  return pattern !== undefined && pattern.test(sentence.trim().replace(/^["“«„(]+/u, ''));
}

/**
 * A paragraph without its Markdown heading lines. When a heading was run into its paragraph (line
 * breaks lost), the first sentence carries the heading glued to it: it is marked (NUL) and left out.
 */
function withoutHeadingLines(paragraph: string): string {
  const lines = paragraph.split('\n').filter((line) => !/^\s*#/.test(line) || wordsOf(line).length > HEADING_MAX_WORDS);
  const text = lines.join('\n');
  return /^\s*#/.test(text) ? `\u0000${text.replace(/^\s*#+\s*/, '')}` : text;
}

/** The usable sentences of `text`, in reading order. */
export function sentenceUnits(text: string, language: string): Unit[] {
  const prose = text.split(/\n\s*\n/).map(withoutHeadingLines).filter((paragraph) => !isNonProse(paragraph)).join('\n\n');
  return splitSentences(prose, language).flatMap((s) => (s.text.startsWith('\u0000') ? [] : [s])).map((s) => {
    const words = wordsOf(s.text);
    const startsLower = /^\p{Ll}/u.test(s.text);
    const claim = words.length >= MIN_WORDS && s.text.length <= MAX_CHARS && TERMINAL.test(s.text) && !/[?？:：]["'”’»)]*$/u.test(s.text) && !startsLower
      && !BOILERPLATE.test(s.text) && !CAPTION.test(s.text);
    return { text: s.text, index: s.index, paragraph: s.paragraph, words, dangling: opensDangling(s.text, language), claim };
  });
}
