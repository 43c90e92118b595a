import type { PieceSummary } from '../domain/summary.ts';
import { neutraliseMentions } from '../text/neutralise-mentions.ts';
import { truncateText } from '../text/split-text.ts';
import { splitSentences, wordsOf, type Sentence } from './split-sentences.ts';
import type { Summariser, SummariseInput, SummariseOutput } from './summariser.ts';

/** Function words that say nothing about a text's topic (English; other languages rely on IDF alone). */
const STOPWORDS = new Set(('a an and are as at be been but by can could did do does for from had has have how i if in into is it its '
  + 'itself just may might more most much must no not of on or our out over so such than that the their them then there these they '
  + 'this those through to too under up us very was we were what when where which while who why will with would you your also one two '
  + 'new using used use about after all any both each few other some only same own').split(' '));

/** Sentences that are navigation or boilerplate rather than content. */
const BOILERPLATE = /^(subscribe|sign up|read more|click here|share this|follow us|comments?|posted (in|by)|continue reading|the post .* appeared first)/i;

/** Reading order bonus: openings of research posts carry the thesis. Halves every ~7 sentences. */
const POSITION_DECAY = 7;
/** Two sentences sharing more than this share of words say the same thing. */
const REDUNDANCY = 0.5;
const SUMMARY_MIN_SENTENCES = 2;
const SUMMARY_MAX_SENTENCES = 4;
const SUMMARY_TARGET_WORDS = 90;
const SUMMARY_MAX_WORDS = 200;
const TAKEAWAY_MAX_CHARS = 280;

interface Scored extends Sentence { score: number; words: Set<string> }

/**
 * Extractive summariser that needs no network: TF-IDF centroid scoring with a position prior over
 * Intl.Segmenter sentences. The summary is the best 2–4 sentences in reading order; the takeaways are
 * three further distinct sentences. It never writes "Why it matters" or "What you can build with
 * this": those need judgement it does not have, so they stay null and the rendering leaves them out.
 */
export function createOfflineSummariser(): Summariser {
  return {
    kind: 'offline',
    model: 'extractive-tfidf-v1',
    // Bumped when the extracted text changes, so cached offline summaries are made again.
    promptVersion: 'offline-2',
    async summarise(input: SummariseInput): Promise<SummariseOutput> {
      return { summary: summariseExtractively(input), summarisedBy: 'offline', usage: null };
    },
  };
}

/** The extractive summary itself; synchronous and deterministic. */
export function summariseExtractively(input: SummariseInput): PieceSummary {
  const sentences = scoreSentences(splitSentences(input.text, input.language), input.title);
  const ranked = [...sentences].sort((a, b) => b.score - a.score || a.index - b.index);

  const summaryPicks: Scored[] = [];
  let words = 0;
  for (const candidate of ranked) {
    if (summaryPicks.length >= SUMMARY_MAX_SENTENCES) break;
    if (summaryPicks.length >= SUMMARY_MIN_SENTENCES && words >= SUMMARY_TARGET_WORDS) break;
    const length = candidate.words.size;
    if (summaryPicks.length >= SUMMARY_MIN_SENTENCES && words + length > SUMMARY_MAX_WORDS) continue;
    if (summaryPicks.some((p) => overlap(p.words, candidate.words) > REDUNDANCY)) continue;
    summaryPicks.push(candidate);
    words += wordsOf(candidate.text).length;
  }
  summaryPicks.sort((a, b) => a.index - b.index);

  const takeaways: string[] = [];
  const chosen = [...summaryPicks];
  for (const candidate of ranked) {
    if (takeaways.length === 3) break;
    if (chosen.includes(candidate)) continue;
    if (chosen.some((p) => overlap(p.words, candidate.words) > REDUNDANCY)) continue;
    chosen.push(candidate);
    takeaways.push(clean(truncateText(standalone(candidate.text, input.language), TAKEAWAY_MAX_CHARS)));
  }
  // A short text may not have three more sentences: fall back to its clauses, then to the title.
  for (const extra of fallbackTakeaways(sentences, input.title)) {
    if (takeaways.length === 3) break;
    if (!takeaways.includes(extra) && !summaryPicks.some((p) => p.text === extra)) takeaways.push(extra);
  }
  while (takeaways.length < 3) takeaways.push(`See the original for ${['details', 'the method', 'the results'][takeaways.length]}.`);

  const summary = summaryPicks.length === 0 ? clean(input.title) : paragraphs(summaryPicks, input.language);
  return { summary, whyItMatters: null, whatToBuild: null, keyTakeaways: [takeaways[0]!, takeaways[1]!, takeaways[2]!] };
}

function scoreSentences(sentences: Sentence[], title: string): Scored[] {
  const usable = sentences.filter((s) => !BOILERPLATE.test(s.text) && wordsOf(s.text).length >= 5 && !/^https?:\/\/\S+$/.test(s.text));
  const termsOf = usable.map((s) => wordsOf(s.text).filter((w) => !STOPWORDS.has(w) && w.length > 2));
  const documentFrequency = new Map<string, number>();
  for (const terms of termsOf) for (const term of new Set(terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const n = usable.length;
  const idf = (term: string) => Math.log((n + 1) / ((documentFrequency.get(term) ?? 0) + 1)) + 1;

  const vectors = termsOf.map((terms) => {
    const vector = new Map<string, number>();
    for (const term of terms) vector.set(term, (vector.get(term) ?? 0) + 1);
    for (const [term, tf] of vector) vector.set(term, tf * idf(term));
    return vector;
  });
  const centroid = new Map<string, number>();
  for (const vector of vectors) for (const [term, weight] of vector) centroid.set(term, (centroid.get(term) ?? 0) + weight);
  const titleTerms = new Set(wordsOf(title).filter((w) => !STOPWORDS.has(w)));

  return usable.map((sentence, i) => {
    const vector = vectors[i]!;
    const length = wordsOf(sentence.text).length;
    const position = 1 + Math.exp(-sentence.index / POSITION_DECAY);
    // Very short sentences say little; very long ones make poor takeaways.
    const lengthFit = length < 8 ? 0.6 : length > 45 ? 0.75 : 1;
    const titleBonus = 1 + 0.3 * [...vector.keys()].filter((t) => titleTerms.has(t)).length / Math.max(1, titleTerms.size);
    const digits = /\d/.test(sentence.text) ? 1.1 : 1;
    return { ...sentence, score: cosine(vector, centroid) * position * lengthFit * titleBonus * digits, words: new Set(wordsOf(sentence.text)) };
  });
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const [term, weight] of a) {
    dot += weight * (b.get(term) ?? 0);
    normA += weight * weight;
  }
  for (const weight of b.values()) normB += weight * weight;
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/** Jaccard similarity of two word sets. */
function overlap(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** One paragraph, or two when the picks come from different paragraphs and run long. */
function paragraphs(picks: Scored[], language: string): string {
  // A sentence whose own predecessor was not picked loses the connective that pointed back to it.
  const text = picks.map((p, i) => clean(i > 0 && picks[i - 1]!.index === p.index - 1 ? p.text : standalone(p.text, language)));
  const total = text.join(' ').split(/\s+/).length;
  if (picks.length < 3 || total < 120) return text.join(' ');
  const breakAt = picks.findIndex((p, i) => i > 0 && p.paragraph !== picks[i - 1]!.paragraph);
  const split = breakAt > 0 ? breakAt : Math.ceil(picks.length / 2);
  return `${text.slice(0, split).join(' ')}\n\n${text.slice(split).join(' ')}`;
}

function fallbackTakeaways(sentences: Sentence[], title: string): string[] {
  const clauses = sentences.flatMap((s) => s.text.split(/;\s+|:\s+|\s+—\s+/)).map((c) => clean(c)).filter((c) => wordsOf(c).length >= 4);
  return [...clauses.map((c) => (/[.!?]$/.test(c) ? c : `${c}.`)), clean(title)];
}

/**
 * An English connective that only made sense after the previous sentence ("First, …", "However, …") dangles in a
 * bullet, or after a sentence the summary left out; it is dropped and the rest capitalised. Other languages are
 * left as written.
 */
const DANGLING_CONNECTIVE = /^(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|finally|also|however|moreover|furthermore|additionally|in addition|in short|in other words|that said|as a result|so|then|still|indeed|but|and)\b,?\s+(?=\S)/i;

function standalone(sentence: string, language: string): string {
  if (!/^en\b/i.test(language)) return sentence;
  const rest = sentence.replace(DANGLING_CONNECTIVE, '');
  return rest === sentence ? sentence : rest.charAt(0).toUpperCase() + rest.slice(1);
}

function clean(text: string): string {
  return neutraliseMentions(text.replace(/\s+/g, ' ').trim());
}
