import { createHash } from 'node:crypto';
import type { Piece } from '../domain/piece.ts';
import type { RelevanceScope } from '../domain/summary.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import { RELEVANCE_PROMPT_VERSION, type RelevanceRater } from './rate-relevance.ts';

/** At most this many candidates are rated per digest (the newest): bounds the cost of a backlog; the rest score as neutral. */
export const MAX_RATED_CANDIDATES = 48;

/** Scores a channel's candidates 0..1 by piece id; a piece without a score is absent. */
export type ScoreRelevance = (interests: readonly string[], candidates: readonly { piece: Piece; sourceName: string }[]) => Promise<Map<string, number>>;

/** Same interests in any order or case → same key, so channels that share interests share the cache. */
export function relevanceInterestsKey(interests: readonly string[]): string {
  const normalised = [...new Set(interests.map((i) => i.trim().toLowerCase().replace(/\s+/gu, ' ')).filter((i) => i !== ''))].sort();
  if (normalised.length === 0) return 'general';
  return createHash('sha256').update(normalised.join('\n')).digest('hex').slice(0, 24);
}

/**
 * LLM relevance through the store's cache: a piece's text is rated once per (interests, model,
 * prompt version), however many channels share those interests and however often digests are built.
 */
export function createRelevanceScorer(options: { store: Store; rater: RelevanceRater; logger: Logger; now: () => Date; maxRated?: number }): ScoreRelevance {
  const maxRated = options.maxRated ?? MAX_RATED_CANDIDATES;
  return async (interests, candidates) => {
    const scope: RelevanceScope = { interestsKey: relevanceInterestsKey(interests), model: options.rater.model, promptVersion: RELEVANCE_PROMPT_VERSION };
    const newestFirst = [...candidates].sort((a, b) => b.piece.publishedAt.getTime() - a.piece.publishedAt.getTime() || (a.piece.id < b.piece.id ? -1 : 1)).slice(0, maxRated);
    const cached = await options.store.getRelevanceScores(scope, newestFirst.map((c) => c.piece.contentHash));
    const toRate = new Map<string, { piece: Piece; sourceName: string }>();
    for (const c of newestFirst) if (!cached.has(c.piece.contentHash) && !toRate.has(c.piece.contentHash)) toRate.set(c.piece.contentHash, c);
    if (toRate.size > 0) {
      const fresh = await options.rater.rate(interests, [...toRate].map(([key, c]) => ({ key, title: c.piece.title, sourceName: c.sourceName, text: c.piece.contentText })));
      await options.store.putRelevanceScores(scope, fresh, options.now());
      for (const [hash, score] of fresh) cached.set(hash, score);
      if (fresh.size < toRate.size) options.logger.info({ rated: fresh.size, asked: toRate.size }, 'relevance: some pieces got no LLM score and count as neutral');
    }
    const byPiece = new Map<string, number>();
    for (const c of newestFirst) {
      const score = cached.get(c.piece.contentHash);
      if (score !== undefined) byPiece.set(c.piece.id, score);
    }
    return byPiece;
  };
}
