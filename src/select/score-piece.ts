import type { Piece } from '../domain/piece.ts';
import { matchInterests } from './interest-match.ts';
import { pieceSimilarity } from './similarity.ts';

/** Each part of a piece's score, in 0..1 (see docs/selection.md). */
export interface ScoreComponents {
  recency: number;
  sourceWeight: number;
  interests: number;
  substance: number;
  novelty: number;
  relevance?: number;
}

/** Weights of the additive part of the score; relevance joins only when an LLM score is supplied. */
export const SCORE_WEIGHTS = {
  recency: 0.3,
  sourceWeight: 0.15,
  interests: 0.3,
  substance: 0.25,
  relevance: 0.3,
} as const;

/** A piece with no novelty keeps this share of its score; a wholly novel one keeps all of it. */
export const NOVELTY_FLOOR = 0.4;

/** Fewer words than this is an excerpt, not an article. */
export const EXCERPT_WORDS = 60;

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

/** Saturating in word count (`1 − e^(−words/600)`), with excerpts pushed near zero. */
export function substanceScore(wordCount: number): number {
  const words = Math.max(0, wordCount);
  if (words < EXCERPT_WORDS) return 0.1 * (words / EXCERPT_WORDS);
  return 1 - Math.exp(-words / 600);
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
}

/** A scored piece: the total, its parts, and the interests it matched (for the reason). */
export interface PieceScore {
  score: number;
  components: ScoreComponents;
  matchedInterests: string[];
}

/** The documented score: a weighted mean of recency, source weight, interests, substance (and relevance), scaled by novelty. */
export function scorePiece(piece: Piece, ctx: ScoreContext): PieceScore {
  const interests = matchInterests(ctx.interests, piece.title, piece.contentText);
  const components: ScoreComponents = {
    recency: piece.publishedAtEstimated
      ? Math.min(ESTIMATED_DATE_RECENCY, recencyScore(piece.publishedAt, ctx.now, ctx.halfLifeHours))
      : recencyScore(piece.publishedAt, ctx.now, ctx.halfLifeHours),
    sourceWeight: sourceWeightScore(ctx.sourceWeight),
    interests: interests.score,
    substance: substanceScore(piece.wordCount),
    novelty: noveltyScore(piece, ctx.recentDigestPieces),
  };
  let sum =
    SCORE_WEIGHTS.recency * components.recency +
    SCORE_WEIGHTS.sourceWeight * components.sourceWeight +
    SCORE_WEIGHTS.interests * components.interests +
    SCORE_WEIGHTS.substance * components.substance;
  let weights = SCORE_WEIGHTS.recency + SCORE_WEIGHTS.sourceWeight + SCORE_WEIGHTS.interests + SCORE_WEIGHTS.substance;
  if (ctx.relevance !== undefined) {
    const relevance = Math.min(1, Math.max(0, Number.isFinite(ctx.relevance) ? ctx.relevance : 0));
    components.relevance = relevance;
    sum += SCORE_WEIGHTS.relevance * relevance;
    weights += SCORE_WEIGHTS.relevance;
  }
  const score = (sum / weights) * (NOVELTY_FLOOR + (1 - NOVELTY_FLOOR) * components.novelty);
  return { score, components, matchedInterests: interests.matched };
}
