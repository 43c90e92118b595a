import type { PieceSummary } from '../domain/summary.ts';
import { neutraliseMentions } from '../text/neutralise-mentions.ts';
import { overlap, rankUnits, termsOf, type Ranker } from './rank-sentences.ts';
import { sentenceUnits, type Unit } from './sentence-units.ts';
import type { Summariser, SummariseInput, SummariseOutput } from './summariser.ts';

/** How the extractive summary is made; the defaults are the ones the benchmark chose (bench/quality.bench.ts). */
export interface ExtractiveOptions {
  ranker: Ranker;
  /** MMR trade-off between relevance (1) and difference from what is already picked (0); 1 turns MMR off. */
  lambda: number;
}

export const DEFAULT_EXTRACTIVE: ExtractiveOptions = { ranker: 'textrank', lambda: 0.7 };

const SUMMARY_MIN_PASSAGES = 2;
const SUMMARY_MAX_PASSAGES = 4;
const SUMMARY_TARGET_WORDS = 80;
const SUMMARY_MAX_WORDS = 200;
const TAKEAWAYS = 3;
/** Passages sharing more than this share of terms say the same thing. */
const REDUNDANT = 0.5;
/** A takeaway must score at least this share of the best passage: weaker ones are not genuine takeaways. */
const TAKEAWAY_FLOOR = 0.3;
/** A passage of a sentence and its antecedent stays within the real digests' takeaway length, with headroom. */
const PASSAGE_MAX_CHARS = 420;

/** One or two consecutive sentences that stand on their own (a dangling sentence travels with its antecedent). */
interface Passage {
  units: Unit[];
  text: string;
  terms: Set<string>;
  score: number;
  words: number;
}

/**
 * Extractive summariser that needs no network. Sentences come only from prose paragraphs; they are
 * ranked by TextRank weighted towards findings, and picked with MMR: the summary is the best two to
 * four passages in reading order, the takeaways up to three further passages that say something
 * else. A sentence that opens on "This…", "They…" or "However, …" is used only together with the
 * sentence before it. Fewer than three genuine takeaways stay fewer: nothing is padded, and nothing
 * is written that is not in the source. "Why it matters" and "What you can build with this" need
 * judgement it does not have, so they stay null and the rendering leaves them out.
 */
export function createOfflineSummariser(options: ExtractiveOptions = DEFAULT_EXTRACTIVE): Summariser {
  return {
    kind: 'offline',
    model: `extractive-${options.ranker}-mmr`,
    // Bumped when the extracted text changes, so cached offline summaries are made again.
    promptVersion: 'offline-3',
    async summarise(input: SummariseInput): Promise<SummariseOutput> {
      return { summary: summariseExtractively(input, options), summarisedBy: 'offline', usage: null };
    },
  };
}

function passagesOf(units: Unit[], scores: number[]): Passage[] {
  const passages: Passage[] = [];
  const scoreOf = new Map(units.map((u, i) => [u, scores[i] ?? 0]));
  units.forEach((unit, i) => {
    if (!unit.claim) return;
    const before = units[i - 1];
    let members: Unit[] | null = [unit];
    if (unit.dangling) {
      const resolvable = before !== undefined && before.paragraph === unit.paragraph && before.claim && !before.dangling
        && before.text.length + unit.text.length + 1 <= PASSAGE_MAX_CHARS;
      members = resolvable ? [before, unit] : null;
    }
    if (members === null) return;
    const text = members.map((m) => m.text).join(' ');
    const terms = new Set(members.flatMap(termsOf));
    const score = Math.max(...members.map((m) => scoreOf.get(m) ?? 0));
    passages.push({ units: members, text, terms, score, words: members.reduce((s, m) => s + m.words.length, 0) });
  });
  return passages;
}

/** The best passage by MMR among those not using a taken unit; null when none is left. */
function nextByMmr(passages: Passage[], taken: Set<Unit>, chosen: Passage[], lambda: number, accept: (p: Passage) => boolean): Passage | null {
  let best: Passage | null = null;
  let bestValue = -Infinity;
  for (const passage of passages) {
    if (passage.units.some((u) => taken.has(u)) || !accept(passage)) continue;
    const redundancy = Math.max(0, ...chosen.map((c) => overlap(c.terms, passage.terms)));
    if (redundancy > REDUNDANT) continue;
    const value = lambda * passage.score - (1 - lambda) * redundancy;
    if (value > bestValue) {
      bestValue = value;
      best = passage;
    }
  }
  return best;
}

/** The extractive summary itself; synchronous and deterministic. */
export function summariseExtractively(input: SummariseInput, options: ExtractiveOptions = DEFAULT_EXTRACTIVE): PieceSummary {
  const units = sentenceUnits(input.text, input.language);
  const passages = passagesOf(units, rankUnits(units, options.ranker));
  const taken = new Set<Unit>();

  const summary: Passage[] = [];
  let words = 0;
  while (summary.length < SUMMARY_MAX_PASSAGES && !(summary.length >= SUMMARY_MIN_PASSAGES && words >= SUMMARY_TARGET_WORDS)) {
    const next = nextByMmr(passages, taken, summary, options.lambda, (p) => summary.length < SUMMARY_MIN_PASSAGES || words + p.words <= SUMMARY_MAX_WORDS);
    if (next === null) break;
    summary.push(next);
    for (const u of next.units) taken.add(u);
    words += next.words;
  }
  summary.sort((a, b) => a.units[0]!.index - b.units[0]!.index);

  const best = Math.max(0, ...passages.map((p) => p.score));
  const takeaways: Passage[] = [];
  while (takeaways.length < TAKEAWAYS) {
    // Redundant with the summary or with each other is not a new takeaway.
    const next = nextByMmr(passages, taken, [...summary, ...takeaways], options.lambda, (p) => p.score >= TAKEAWAY_FLOOR * best);
    if (next === null) break;
    takeaways.push(next);
    for (const u of next.units) taken.add(u);
  }

  return {
    summary: summary.length === 0 ? clean(input.title) : paragraphs(summary, input.language),
    whyItMatters: null,
    whatToBuild: null,
    keyTakeaways: takeaways.map((t) => clean(t.text)),
  };
}

/** One paragraph, or two at a paragraph break of the source when the summary runs long. */
function paragraphs(picks: Passage[], language: string): string {
  const joiner = /^(?:ja|zh|th)\b/i.test(language) ? '' : ' ';
  const text = picks.map((p) => clean(p.text));
  const total = picks.reduce((s, p) => s + p.words, 0);
  const breakAt = picks.findIndex((p, i) => i > 0 && p.units[0]!.paragraph !== picks[i - 1]!.units.at(-1)!.paragraph);
  if (picks.length < 3 || total < 120 || breakAt <= 0) return text.join(joiner);
  return `${text.slice(0, breakAt).join(joiner)}\n\n${text.slice(breakAt).join(joiner)}`;
}

function clean(text: string): string {
  return neutraliseMentions(text.replace(/\s+/g, ' ').trim());
}
