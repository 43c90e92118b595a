import type { Piece } from '../domain/piece.ts';
import type { Source } from '../domain/source.ts';
import { DEFAULT_MESSAGES, type PassedReason, type ReasonEvidence } from '../i18n/index.ts';
import type { ScoreComponents } from './score-piece.ts';
import { ESTIMATED_DATE_RECENCY, recencyScore, scorePiece } from './score-piece.ts';
import { selectionEvidence } from './selection-reason.ts';
import { applyAffinity } from './feedback-affinity.ts';
import { isNearDuplicate } from './similarity.ts';

/** Everything selection looks at; the caller gathers it, selection never touches the store. */
export interface SelectionInput {
  /** Pieces new for this channel (not in any of its digests yet). */
  candidates: Piece[];
  /** Sources by id, for weight; a piece whose source is missing counts as weight 1. */
  sources: Map<string, Source>;
  interests: string[];
  /** Pieces of the channel's recent digests, to prefer what the channel has not read about. */
  recentDigestPieces: Piece[];
  count: number;
  maxPerSource: number;
  halfLifeHours: number;
  now: Date;
  /**
   * Optional LLM relevance by piece id, 0..1. When given, a piece missing from it (the LLM failed, or
   * it was beyond the rated few) counts as RELEVANCE_NEUTRAL, so every candidate is scored on the same scale.
   */
  relevance?: Map<string, number>;
  /**
   * Pieces whose worth (worth.ts, 0..1) is below this are not picked at all, so a thin week posts
   * fewer pieces (or none). Absent: no floor.
   */
  qualityFloor?: number;
  /** Other sources that carried each piece (by piece id), for the reason's evidence. */
  alsoCarriedBy?: Map<string, string[]>;
  /** Reader feedback (feedback-affinity.ts): each candidate's affinity in [−1, 1] and the largest share it may shift a score by. */
  affinity?: { of: (piece: Piece) => number; maxShift: number };
}

/** The relevance a piece without an LLM score is given, so rated and unrated pieces stay comparable. */
export const RELEVANCE_NEUTRAL = 0.5;

/** A chosen piece, its score and the evidence for it (`reason` is that evidence in English). */
export interface Selection {
  piece: Piece;
  score: number;
  evidence: ReasonEvidence[];
  reason: string;
  components: ScoreComponents;
}

/** A candidate that was left out, and why. */
export interface PassedSelection {
  piece: Piece;
  score: number;
  reason: PassedReason;
}

interface Scored extends Selection {
  cluster: number;
}

/** Score first, then dated before undated, then newer, then id: a total order, so the same input always gives the same digest. */
export function compareScored(a: Selection, b: Selection): number {
  if (b.score !== a.score) return b.score - a.score;
  // An undated piece's date is its fetch time: it must not win a tie on "newer".
  if (a.piece.publishedAtEstimated !== b.piece.publishedAtEstimated) return a.piece.publishedAtEstimated ? 1 : -1;
  const byDate = b.piece.publishedAt.getTime() - a.piece.publishedAt.getTime();
  if (byDate !== 0) return byDate;
  return a.piece.id < b.piece.id ? -1 : a.piece.id > b.piece.id ? 1 : 0;
}

/** Union-find over near-duplicate pairs: returns a cluster number per index. */
function clusterNearDuplicates(pieces: readonly Piece[]): number[] {
  const parent = pieces.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] ?? root;
    parent[i] = root;
    return root;
  };
  for (let i = 0; i < pieces.length; i += 1) {
    for (let j = i + 1; j < pieces.length; j += 1) {
      const a = pieces[i];
      const b = pieces[j];
      if (a === undefined || b === undefined) continue;
      if (isNearDuplicate(a, b)) {
        const ra = find(i);
        const rb = find(j);
        // The smaller root wins so clusters do not depend on the order pairs are met.
        if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
      }
    }
  }
  return pieces.map((_, i) => find(i));
}

/** Chooses up to `count` pieces worth the channel's time (see {@link selectWithPassed}). */
export function selectPieces(input: SelectionInput): Selection[] {
  return selectWithPassed(input).picks;
}

/**
 * Chooses up to `count` pieces worth the channel's time: best score first, only pieces whose worth
 * clears the quality floor, one per near-duplicate cluster, at most `maxPerSource` per source. Also
 * returns every other candidate with the reason it was left out, best score first.
 */
export function selectWithPassed(input: SelectionInput): { picks: Selection[]; passed: PassedSelection[] } {
  if (input.candidates.length === 0) return { picks: [], passed: [] };
  // Canonical order first, so nothing below depends on how the caller ordered the candidates.
  const byId = new Map<string, Piece>();
  for (const piece of input.candidates) if (!byId.has(piece.id)) byId.set(piece.id, piece);
  const pieces = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const clusters = clusterNearDuplicates(pieces);
  const dated = pieces.filter((p) => !p.publishedAtEstimated).map((p) => recencyScore(p.publishedAt, input.now, input.halfLifeHours));
  const undatedRecency = Math.min(ESTIMATED_DATE_RECENCY, ...dated);

  const scored: (Scored & { worth: number })[] = pieces.map((piece, i) => {
    const weight = input.sources.get(piece.sourceId)?.weight ?? 1;
    const relevance = input.relevance === undefined ? undefined : (input.relevance.get(piece.id) ?? RELEVANCE_NEUTRAL);
    const result = scorePiece(piece, {
      sourceWeight: weight,
      interests: input.interests,
      recentDigestPieces: input.recentDigestPieces,
      halfLifeHours: input.halfLifeHours,
      now: input.now,
      undatedRecency,
      ...(relevance === undefined ? {} : { relevance }),
    });
    const evidence = selectionEvidence({
      components: result.components,
      matchedInterests: result.matchedInterests,
      sourceWeight: weight,
      wordCount: piece.wordCount,
      ageHours: piece.publishedAtEstimated ? null : Math.max(0, (input.now.getTime() - piece.publishedAt.getTime()) / 3_600_000),
      findings: result.worth.findings,
      alsoCarriedBy: input.alsoCarriedBy?.get(piece.id) ?? [],
    });
    const score = input.affinity === undefined ? result.score : applyAffinity(result.score, input.affinity.of(piece), input.affinity.maxShift);
    return {
      piece,
      score,
      evidence,
      reason: DEFAULT_MESSAGES.reason(evidence),
      components: result.components,
      cluster: clusters[i] ?? i,
      worth: result.worth.value,
    };
  });
  scored.sort(compareScored);

  const picks: Selection[] = [];
  const passed: PassedSelection[] = [];
  const clusterPick = new Map<number, number>();
  const perSource = new Map<string, number>();
  for (const candidate of scored) {
    const leave = (reason: PassedReason) => passed.push({ piece: candidate.piece, score: candidate.score, reason });
    if (input.qualityFloor !== undefined && candidate.worth < input.qualityFloor) {
      leave({ kind: 'belowFloor' });
      continue;
    }
    const sameStory = clusterPick.get(candidate.cluster);
    if (sameStory !== undefined) {
      leave({ kind: 'sameStoryAs', position: sameStory });
      continue;
    }
    const fromSource = perSource.get(candidate.piece.sourceId) ?? 0;
    // A capped piece leaves its cluster open, so a crosspost from another source can stand in for it.
    if (fromSource >= input.maxPerSource) {
      leave({ kind: 'sourceCap', cap: input.maxPerSource });
      continue;
    }
    if (picks.length >= input.count) {
      leave({ kind: 'noRoom' });
      continue;
    }
    clusterPick.set(candidate.cluster, picks.length + 1);
    perSource.set(candidate.piece.sourceId, fromSource + 1);
    picks.push({ piece: candidate.piece, score: candidate.score, evidence: candidate.evidence, reason: candidate.reason, components: candidate.components });
  }
  return { picks, passed };
}
