/**
 * Sentence ranking for the offline summariser. Two rankers, compared in `npm run bench`
 * (bench/quality.bench.ts): TextRank (PageRank over a sentence-similarity graph) and a TF-IDF
 * centroid. Both are then weighted towards findings (numbers, comparisons, results) and away from
 * background and future work, and picked with MMR so that picks say different things.
 */
import type { Unit } from './sentence-units.ts';

export type Ranker = 'textrank' | 'centroid';

/** Function words that say nothing about a text's topic (English; other languages rely on IDF alone). */
const STOPWORDS = new Set(('a an and are as at be been but by can could did do does for from had has have how i if in into is it its '
  + 'itself just may might more most much must no not of on or our out over so such than that the their them then there these they '
  + 'this those through to too under up us very was we were what when where which while who why will with would you your also one two '
  + 'new using used use about after all any both each few other some only same own').split(' '));

/** A crude stem that merges inflections in most languages: the first six letters. */
const stem = (word: string): string => word.slice(0, 6);

/** Content terms of a unit (stemmed, stopwords and one- and two-letter words out). */
export function termsOf(unit: Unit): string[] {
  return unit.words.filter((w) => !STOPWORDS.has(w) && (w.length > 2 || /\d/.test(w))).map(stem);
}

/** Similarity of two term lists as TextRank defines it: shared terms over the log of their lengths. */
function textRankSimilarity(a: Set<string>, b: Set<string>): number {
  if (a.size < 2 || b.size < 2) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared += 1;
  return shared / (Math.log(a.size) + Math.log(b.size));
}

/** Jaccard overlap of two term sets, for redundancy. */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

function textRank(sets: Set<string>[]): number[] {
  const n = sets.length;
  // Symmetric weights, computed once per pair; then each node's outgoing weights normalised.
  const weights = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      const w = textRankSimilarity(sets[i]!, sets[j]!);
      weights[i]![j] = w;
      weights[j]![i] = w;
    }
  }
  for (const row of weights) {
    const sum = row.reduce((s, w) => s + w, 0);
    if (sum > 0) { for (let j = 0; j < n; j += 1) row[j]! /= sum; }
  }
  let rank = new Float64Array(n).fill(1);
  for (let iteration = 0; iteration < 40; iteration += 1) {
    const next = new Float64Array(n).fill(0.15);
    for (let j = 0; j < n; j += 1) {
      const row = weights[j]!;
      const share = 0.85 * rank[j]!;
      for (let i = 0; i < n; i += 1) next[i]! += share * row[i]!;
    }
    rank = next;
  }
  return [...rank];
}

function centroid(terms: string[][]): number[] {
  const df = new Map<string, number>();
  for (const list of terms) for (const t of new Set(list)) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log((terms.length + 1) / ((df.get(t) ?? 0) + 1)) + 1;
  const vectors = terms.map((list) => {
    const v = new Map<string, number>();
    for (const t of list) v.set(t, (v.get(t) ?? 0) + idf(t));
    return v;
  });
  const c = new Map<string, number>();
  for (const v of vectors) for (const [t, w] of v) c.set(t, (c.get(t) ?? 0) + w);
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((s, w) => s + w * w, 0));
  const cn = norm(c);
  return vectors.map((v) => {
    let dot = 0;
    for (const [t, w] of v) dot += w * (c.get(t) ?? 0);
    const vn = norm(v);
    return vn === 0 || cn === 0 ? 0 : dot / (vn * cn);
  });
}

const RESULT = /\b(?:found|finds?|show(?:s|ed|n)?|outperform\w*|improv\w*|reduc\w*|increas\w*|decreas\w*|lower(?:ed)?|rais\w*|rose|fell|cut|drop\w*|gain\w*|match(?:ed|es)?|beat|won|than|versus|compared|halv\w*|doubl\w*)\b/iu;
const DONE = /\b(?:we (?:trained|fine-tuned|ran|built|measured|collected|tested|compared|distilled|looked|tracked|matched|studied|evaluated|retrieved|varied))\b|\bwir haben\b|\bмы (?:проверили|собрали|задали|обучили|измерили)/iu;
/** Background: what is usually done or believed, rather than what this piece did or found. */
const BACKGROUND = /\b(?:usually|often|typically|commonly|increasingly|is said|are said|common worry|has become|standard recipe|in recent years|meist|oft|обычно|часто|обещают)\b/iu;
const FUTURE = /\b(?:in future work|future work|we plan|we would (?:also )?like|next (?:year|month)|we hope|we expect|we are curious|remains? open|is the question we|künftig|в будущем)\b/iu;

/** How much a unit reads as a finding (×) or as background and future work (÷). */
export function findingWeight(unit: Unit): number {
  let weight = 1;
  if (/\d/.test(unit.text)) weight *= 1.5;
  if (RESULT.test(unit.text)) weight *= 1.2;
  if (DONE.test(unit.text)) weight *= 1.15;
  if (FUTURE.test(unit.text)) weight *= 0.35;
  const number = /\d/.test(unit.text);
  if (!number && BACKGROUND.test(unit.text)) weight *= 0.5;
  // The opening paragraph sets the scene; without a number it is background, not a finding.
  if (!number && unit.paragraph === 0) weight *= 0.6;
  return weight;
}

/** Scores per unit (same order), each in 0..1 relative to the best. */
export function rankUnits(units: Unit[], ranker: Ranker): number[] {
  if (units.length === 0) return [];
  const terms = units.map(termsOf);
  const base = ranker === 'textrank' ? textRank(terms.map((t) => new Set(t))) : centroid(terms);
  const scores = base.map((s, i) => s * findingWeight(units[i]!));
  const max = Math.max(...scores);
  return max > 0 ? scores.map((s) => s / max) : scores;
}
