import { readMinutes } from '../digest/read-time.ts';
import type { ReasonEvidence } from '../i18n/index.ts';
import type { ScoreComponents } from './score-piece.ts';
import { EXCERPT_WORDS } from './worth.ts';

/** What a reason is written from. */
export interface ReasonInput {
  components: ScoreComponents;
  matchedInterests: readonly string[];
  sourceWeight: number;
  wordCount: number;
  /** Hours between publication and the edition; null when the feed gave no date. */
  ageHours: number | null;
  /** Findings density of the text (worth.ts), 0..1. */
  findings: number;
  /** Other sources that carried the story. */
  alsoCarriedBy?: readonly string[];
}

/** A reason line stays one short line: at most this many pieces of evidence. */
export const MAX_EVIDENCE = 4;

/**
 * The evidence for a pick, most telling first: what the channel asked for (interests, LLM rating), a
 * warning when it is close to a recent digest, how much there is to read, who else carried it, whether
 * it reports results, the source's weight, and how fresh it is.
 */
export function selectionEvidence(input: ReasonInput): ReasonEvidence[] {
  const { components } = input;
  const parts: ReasonEvidence[] = [];
  if (input.matchedInterests.length > 0) parts.push({ kind: 'interests', matched: input.matchedInterests });
  if (components.relevance !== undefined && components.relevance >= 0.6) parts.push({ kind: 'rated', rating: Math.round(components.relevance * 10) });
  if (components.novelty < 0.5) parts.push({ kind: 'closeToRecent' });
  parts.push(input.wordCount < EXCERPT_WORDS ? { kind: 'excerpt' } : { kind: 'fullText', minutes: readMinutes(input.wordCount) });
  if (input.alsoCarriedBy !== undefined && input.alsoCarriedBy.length > 0) parts.push({ kind: 'alsoCarriedBy', sources: input.alsoCarriedBy });
  if (input.findings >= 0.5) parts.push({ kind: 'findings' });
  if (input.sourceWeight > 1) parts.push({ kind: 'trustedSource' });
  parts.push(input.ageHours === null ? { kind: 'undated' } : { kind: 'published', ageHours: input.ageHours });
  return orderEvidence(parts);
}

/** Most telling first; the order {@link selectionEvidence} documents. */
const PRIORITY: ReasonEvidence['kind'][] = ['interests', 'rated', 'closeToRecent', 'fullText', 'excerpt', 'alsoCarriedBy', 'findings', 'trustedSource', 'published', 'undated'];

/** Evidence in priority order, one of each kind, cut to {@link MAX_EVIDENCE}: for adding evidence found later (crossposts). */
export function orderEvidence(parts: readonly ReasonEvidence[]): ReasonEvidence[] {
  const seen = new Set<ReasonEvidence['kind']>();
  return [...parts]
    .sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind))
    .filter((p) => (seen.has(p.kind) ? false : (seen.add(p.kind), true)))
    .slice(0, MAX_EVIDENCE);
}
