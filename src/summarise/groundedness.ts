/**
 * Groundedness: every number (with its unit or percentage) and every name (models, datasets,
 * methods, organisations) a model writes must occur in the source. Both sides go through the same
 * normalisation (case, hyphens, number formats, multiplier words), so "Llama 3 8B" matches
 * "Llama-3-8B" and "26k" matches "26,000"; what is left over was invented or misremembered.
 */
import { extractNumbers, type NumberClaim } from './number-claims.ts';
import { splitSentences } from './split-sentences.ts';

/** One span of a reply that the source does not contain. */
export interface UngroundedSpan {
  /** The text as the reply wrote it, e.g. `42%` or `Gemini-Ultra`. */
  text: string;
  kind: 'number' | 'name';
}

/** The source side, prepared once per piece and checked against many fields. */
export interface GroundingSource {
  /** Normalised words of the source, space-separated with a space at each end. */
  readonly words: string;
  readonly numbers: readonly NumberClaim[];
}

/** Prepares the source text (title, source name and article, plus any user-supplied text such as a question). */
export function groundingSource(...texts: string[]): GroundingSource {
  const text = texts.join('\n');
  return { words: ` ${normaliseWords(text)} `, numbers: extractNumbers(text) };
}

/** Lower case, NFKC, hyphens, dashes, slashes and underscores as spaces, apostrophes removed. */
export function normaliseWords(text: string): string {
  return text.normalize('NFKC').toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/[^\p{L}\p{N}.]+/gu, ' ')
    // A dot only counts inside a number or a name ("0.5", "v1.5"), not at the end of a sentence.
    .replace(/\.(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])\./gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Languages that capitalise every noun: a capital letter there does not mark a name. */
const NOUN_CAPITALISING = new Set(['de', 'lb']);
/** Languages written without capitals: only Latin-script tokens can be names. */
const CASELESS = new Set(['ja', 'zh', 'ko', 'th']);

/** A word that looks like a name: digits with letters (GPT-4o, BF16), inner capitals (LoRA), all caps (MMLU). */
const STRONG_NAME = /^(?=.*\p{L})(?:(?=.*\p{N})|\p{Lu}{2,}|\p{Lu}?\p{Ll}+\p{Lu})/u;
const TITLE_CASE = /^\p{Lu}[\p{Ll}\p{M}]/u;
/** English capitalised words that are not names even mid-sentence. */
const NOT_NAMES = new Set(['I', 'AI', 'OK', 'TL', 'DR', 'vs', 'Mr', 'Ms', 'Dr', 'Q', 'A', 'N']);

/** Candidate names in one sentence, with the exact text to report. */
export function extractNames(sentence: string, language: string): string[] {
  const primary = language.toLowerCase().split(/[-_]/)[0] ?? 'en';
  // Tokens are runs of letters, digits and inner hyphens/dots/plus signs (GPT-4o, v1.5, C++).
  const tokens = [...sentence.matchAll(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:[-.+][\p{L}\p{N}][\p{L}\p{N}\p{M}]*)*\+*/gu)];
  const names: string[] = [];
  for (const match of tokens) {
    const token = match[0];
    const at = match.index;
    if (/^\p{N}/u.test(token)) continue; // "1.6x", "8B", "300-step": numbers are checked separately
    if (NOT_NAMES.has(token)) continue;
    if (CASELESS.has(primary)) {
      if (/\p{Script=Latin}/u.test(token) && (STRONG_NAME.test(token) || TITLE_CASE.test(token))) names.push(token);
      continue;
    }
    if (STRONG_NAME.test(token)) {
      names.push(token);
      continue;
    }
    if (NOUN_CAPITALISING.has(primary) || !TITLE_CASE.test(token)) continue;
    // A capital after a sentence start, a colon or an opening quote is grammar, not a name.
    const before = sentence.slice(0, at).trimEnd();
    if (before === '' || /[.!?:;«“"‘([—–-]$/u.test(before)) continue;
    names.push(token);
  }
  return names;
}

function nameOccurs(name: string, source: GroundingSource): boolean {
  const normal = normaliseWords(name);
  if (normal === '') return true;
  const variants = [normal, normal.replace(/(?:es|s)$/u, ''), `${normal}s`];
  return variants.some((v) => v !== '' && source.words.includes(` ${v} `));
}

function numberOccurs(claim: NumberClaim, source: GroundingSource): boolean {
  return source.numbers.some((s) => claim.values.some((v) => s.values.includes(v)) && (claim.kind === 'plain' || s.kind === claim.kind));
}

/** The spans of `text` that `source` does not contain, in order, each once. */
export function ungroundedSpans(text: string, source: GroundingSource, language: string): UngroundedSpan[] {
  const spans: UngroundedSpan[] = [];
  const seen = new Set<string>();
  const add = (span: UngroundedSpan) => {
    if (seen.has(span.text)) return;
    seen.add(span.text);
    spans.push(span);
  };
  const names: string[] = [];
  for (const sentence of splitSentences(text, language)) {
    for (const name of extractNames(sentence.text, language)) if (!nameOccurs(name, source)) names.push(name);
  }
  // "GPT-5" is one invention, not a name and a number: a number inside an ungrounded name is not reported again.
  const insideName = (claim: string) => names.some((name) => normaliseWords(name).split(' ').includes(normaliseWords(claim)));
  for (const claim of extractNumbers(text)) if (!numberOccurs(claim, source) && !insideName(claim.text)) add({ text: claim.text, kind: 'number' });
  for (const name of names) add({ text: name, kind: 'name' });
  return spans;
}

/**
 * The text without the sentences that carry an ungrounded span (paragraph breaks kept). Returns
 * the kept text and how many sentences went.
 */
export function dropUngroundedSentences(text: string, source: GroundingSource, language: string): { text: string; dropped: number } {
  let dropped = 0;
  const paragraphs = text.split(/\n\s*\n/).map((paragraph) => {
    const kept = splitSentences(paragraph, language).filter((s) => {
      const bad = ungroundedSpans(s.text, source, language).length > 0;
      if (bad) dropped += 1;
      return !bad;
    });
    return kept.map((s) => s.text).join(CASELESS.has(language.split('-')[0] ?? '') ? '' : ' ');
  });
  return { text: paragraphs.filter((p) => p.trim() !== '').join('\n\n'), dropped };
}
