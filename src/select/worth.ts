/**
 * Is a piece worth a reader's time, judged from its own text? Research worth reading reports what
 * was done and found (numbers, comparisons, methods) at some length; announcements, link roundups,
 * mailbags, hiring and event notices do not, however recent. The measure is in 0..1 and drives the
 * quality floor (docs/selection.md).
 */
import type { Piece } from '../domain/piece.ts';

/** Fewer words than this is an excerpt, not an article. */
export const EXCERPT_WORDS = 60;

/** Saturating in word count (`1 − e^(−words/600)`), with excerpts pushed near zero. */
export function substanceScore(wordCount: number): number {
  const words = Math.max(0, wordCount);
  if (words < EXCERPT_WORDS) return 0.1 * (words / EXCERPT_WORDS);
  return 1 - Math.exp(-words / 600);
}

/** Genres that are rarely worth a research reader's time, whatever their length. */
export type NoiseKind = 'announcement' | 'roundup' | 'mailbag' | 'housekeeping';

export interface Worth {
  /** 0..1. */
  value: number;
  /** Share of sentences that report a result: a number with a comparison or unit, or a result verb. */
  findings: number;
  /** Research method vocabulary per sentence, saturating. */
  method: number;
  noise: NoiseKind | null;
}

const NOISE_TITLES: [NoiseKind, RegExp][] = [
  ['mailbag', /\b(?:mailbag|reader (?:questions?|mail|letters)|ask me anything|AMA|Q ?& ?A|office hours|you asked)\b/i],
  ['roundup', /\b(?:links?|round-?up|this week in|weekly|monthly|reading list|what (?:we|I)(?:'|’)?(?:re| am| are) reading|newsletter|digest|recap|in brief|news)\b/i],
  ['announcement',
    /\b(?:announc\w*|introducing|we(?:'|’)?re (?:hiring|excited|thrilled|pleased)|hiring|job|jobs|position|fellowship|internship|call for (?:papers|proposals|participation|submissions)|cfp|save the date|webinar|livestream|podcast|episode|meetup|workshop|conference|summit|event|register|registration|launch(?:es|ed|ing)?|now available|release notes|v\d+\.\d+ (?:is )?(?:out|released)|accepted (?:at|to)|award|congratulations)\b/i],
  ['housekeeping', /\b(?:correction|erratum|errata|site update|we(?:'|’)?(?:re| are| have) mov(?:ing|ed)|new home|maintenance|housekeeping|programming note|schedule change|holiday break|comments? (?:policy|are (?:open|closed)))\b/i],
];

/** Calls to act that mark a notice rather than an article. */
const CALL_TO_ACTION = /\b(?:register (?:now|here|today)|apply (?:now|here|by)|sign up|join us|rsvp|deadline|tickets|save your (?:seat|spot)|subscribe|link in bio|click (?:here|below)|we(?:'|’)?re (?:hiring|excited to announce))\b/gi;

const RESULT =
  /\b(?:found|find|finds|show(?:s|ed|n)?|outperform\w*|improv\w*|reduc\w*|increas\w*|decreas\w*|fell|rose|drop(?:s|ped)?|gain(?:s|ed)?|beat(?:s)?|match(?:es|ed)|achiev\w*|reach(?:es|ed)?|correlat\w*|predict\w*|than|versus|vs\.?|compared)\b/i;
/** A number with a unit, multiplier or percentage, in the languages the catalogue covers and a few more. */
const NUMBER_WITH_UNIT =
  /\d(?:[\d,.]*\d)?\s?(?:%|％|percent|per cent|pour cent|por ciento|prozent\w*|procent\w*|процент\w*|x\b|×|times|fois|mal\b|veces|раз\b|倍|points?|punkte?|пункт\w*|pp\b|[kmb]\b|bn\b|billion|million|thousand|milliard\w*|milliarde\w*|millionen|миллиард\w*|миллион\w*|тысяч\w*|млрд|млн|万|亿|億|tokens?|parameters?|parametern?|params|steps?|seeds?|runs?|layers?|gpus?|hours?|ms\b|s\b|gb\b)/iu;
const METHOD =
  /\b(?:we (?:train(?:ed)?|fine-?tun(?:ed|e)|evaluat(?:ed|e)|measur(?:ed|e)|ran|run|buil[td]|test(?:ed)?|compar(?:ed|e)|propos(?:ed|e)|introduc(?:ed|e)|stud(?:ied|y)|collect(?:ed)?|ablat(?:ed|e))|ablations?|baselines?|benchmarks?|datasets?|experiments?|evaluation|training runs?|held-out|fine-tun\w*|sparse autoencoders?|probes?|policy|policies|reward model|loss|accuracy|correlation|significan\w*|hypothes\w*|random seeds?|we show|perplexity|throughput|latency|inference|ablat\w*)\b/i;

/** Link density that marks a roundup: more than one link per this many words. */
const WORDS_PER_LINK = 45;

function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?。！？])\s+|\n+/).map((s) => s.trim()).filter((s) => s.length > 0);
}

function linkCount(piece: Piece): number {
  return (piece.contentHtml.match(/<a\s[^>]*href=/gi) ?? []).length;
}

/** The genre a piece reads as, when it is one of the noise genres. */
export function noiseKind(piece: Piece, reportsFindings = false): NoiseKind | null {
  for (const [kind, pattern] of NOISE_TITLES) if (pattern.test(piece.title)) return kind;
  const words = Math.max(1, piece.wordCount);
  if (words >= 80 && linkCount(piece) * WORDS_PER_LINK > words) return 'roundup';
  const calls = (piece.contentText.match(CALL_TO_ACTION) ?? []).length;
  // One "subscribe" under an article is boilerplate; under a short text that reports nothing, it is the point.
  if (calls >= 2 || (calls === 1 && words < 250 && !reportsFindings)) return 'announcement';
  return null;
}

/** How much a piece is worth reading, from its own text. */
export function worthOf(piece: Piece): Worth {
  const sentences = sentencesOf(piece.contentText);
  const n = Math.max(1, sentences.length);
  let findingSentences = 0;
  let methodSentences = 0;
  for (const sentence of sentences) {
    const number = NUMBER_WITH_UNIT.test(sentence);
    if ((number && RESULT.test(sentence)) || (number && /\d/.test(sentence) && sentence.length > 60)) findingSentences += 1;
    if (METHOD.test(sentence)) methodSentences += 1;
  }
  // Saturating: a quarter of sentences carrying results is already a findings-dense piece.
  const findings = Math.min(1, findingSentences / n / 0.25);
  const method = Math.min(1, methodSentences / n / 0.3);
  const noise = noiseKind(piece, findings > 0);
  const substance = substanceScore(piece.wordCount);
  // Method vocabulary is English; a findings-dense text earns most of that credit in any language.
  const base = 0.4 * substance + 0.35 * findings + 0.25 * Math.max(method, 0.8 * findings);
  // A noise genre keeps a fifth of its worth: a roundup full of numbers is still a roundup.
  const value = noise === null ? base : base * 0.2;
  return { value, findings, method, noise };
}
