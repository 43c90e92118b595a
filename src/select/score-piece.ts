import type { Piece } from '../domain/piece.ts';
import { matchInterests } from './interest-match.ts';
import { pieceSimilarity } from './similarity.ts';
import { substanceScore, worthOf, type Worth } from './worth.ts';

export { EXCERPT_WORDS, substanceScore } from './worth.ts';

/** Each part of a piece's score, in 0..1 (see docs/selection.md). */
export interface ScoreComponents {
  recency: number;
  sourceWeight: number;
  interests: number;
  /** Length alone (kept for the reason: "excerpt only"). */
  substance: number;
  /** Worth reading, from the text: substance, findings, method, and not a noise genre (worth.ts). */
  quality: number;
  novelty: number;
  relevance?: number;
}

/** Weights of the additive part of the score; relevance joins only when an LLM score is supplied. */
export const SCORE_WEIGHTS = {
  recency: 0.25,
  sourceWeight: 0.1,
  interests: 0.3,
  quality: 0.35,
  relevance: 0.3,
} as const;

/** A piece with no novelty keeps this share of its score; a wholly novel one keeps all of it. */
export const NOVELTY_FLOOR = 0.4;

/** An undated piece's "date" is its fetch time, so its recency is capped here rather than counted as brand new. */
export const ESTIMATED_DATE_RECENCY = 0.5;

/** `0.5 ^ (age / halfLife)`; a date in the future counts as now. */
export function recencyScore(publishedAt: Date, now: Date, halfLifeHours: number): number {
  const ageHours = Math.max(0, (now.getTime() - publishedAt.getTime()) / 3_600_000);
  return Math.pow(0.5, ageHours / halfLifeHours);
}

/** `w / (w + 1)`: weight 1 (neutral) → 0.5, 3 → 0.75, 0 → 0; negative weights count as 0. */
export function sourceWeightScore(weight: number): number {
  const w = Number.isFinite(weight) ? Math.max(0, weight) : 1;
  return w / (w + 1);
}

/** `1 − max similarity` to any piece of the channel's recent digests (1 when there are none). */
export function noveltyScore(piece: Piece, recent: readonly Piece[]): number {
  let max = 0;
  for (const other of recent) {
    if (other.id === piece.id) return 0;
    max = Math.max(max, pieceSimilarity(piece, other).value);
  }
  return 1 - max;
}

/** What scoring needs besides the piece. */
export interface ScoreContext {
  sourceWeight: number;
  interests: readonly string[];
  recentDigestPieces: readonly Piece[];
  halfLifeHours: number;
  now: Date;
  /** LLM relevance 0..1 for this piece, when the channel uses it. */
  relevance?: number;
  /**
   * The recency an undated piece gets: at most ESTIMATED_DATE_RECENCY and never more than the least
   * recent dated candidate, so an undated piece never outranks a dated one on recency.
   */
  undatedRecency?: number;
}

/** A scored piece: the total, its parts, the interests it matched and its worth (for the reason and the floor). */
export interface PieceScore {
  score: number;
  components: ScoreComponents;
  matchedInterests: string[];
  worth: Worth;
}

/** The documented score: a weighted mean of recency, source weight, interests, quality (and relevance), scaled by novelty. */
export function scorePiece(piece: Piece, ctx: ScoreContext): PieceScore {
  const interests = matchInterests(ctx.interests, piece.title, piece.contentText);
  const worth = worthOf(piece);
  const components: ScoreComponents = {
    recency: piece.publishedAtEstimated
      ? Math.min(ctx.undatedRecency ?? ESTIMATED_DATE_RECENCY, ESTIMATED_DATE_RECENCY, recencyScore(piece.publishedAt, ctx.now, ctx.halfLifeHours))
      : recencyScore(piece.publishedAt, ctx.now, ctx.halfLifeHours),
    sourceWeight: sourceWeightScore(ctx.sourceWeight),
    interests: interests.score,
    substance: substanceScore(piece.wordCount),
    quality: worth.value,
    novelty: noveltyScore(piece, ctx.recentDigestPieces),
  };
  let sum = SCORE_WEIGHTS.recency * components.recency +
    SCORE_WEIGHTS.sourceWeight * components.sourceWeight +
    SCORE_WEIGHTS.interests * components.interests +
    SCORE_WEIGHTS.quality * components.quality;
  let weights = SCORE_WEIGHTS.recency + SCORE_WEIGHTS.sourceWeight + SCORE_WEIGHTS.interests + SCORE_WEIGHTS.quality;
  if (ctx.relevance !== undefined) {
    const relevance = Math.min(1, Math.max(0, Number.isFinite(ctx.relevance) ? ctx.relevance : 0));
    components.relevance = relevance;
    sum += SCORE_WEIGHTS.relevance * relevance;
    weights += SCORE_WEIGHTS.relevance;
  }
  const score = (sum / weights) * (NOVELTY_FLOOR + (1 - NOVELTY_FLOOR) * components.novelty);
  return { score, components, matchedInterests: interests.matched, worth };
}
