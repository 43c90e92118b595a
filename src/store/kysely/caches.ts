import { randomUUID } from 'node:crypto';
import type { LlmUsage, RelevanceScope, StoredSummary, SummaryKey } from '../../domain/summary.ts';
import type { CacheStore } from '../ports/caches.ts';
import { readCount, toStoredSummary } from '../row-codec.ts';
import type { QueryContext } from './context.ts';

export function cacheQueries({ db, codec }: QueryContext): CacheStore {
  return {
    async getSummary(key: SummaryKey) {
      const row = await db.selectFrom('summaries').selectAll()
        .where('content_hash', '=', key.contentHash).where('summariser', '=', key.summariser)
        .where('model', '=', key.model).where('prompt_version', '=', key.promptVersion).executeTakeFirst();
      return row ? toStoredSummary(row) : undefined;
    },
    async putSummary(summary: StoredSummary) {
      await db.insertInto('summaries').values({
        content_hash: summary.key.contentHash,
        summariser: summary.key.summariser,
        model: summary.key.model,
        prompt_version: summary.key.promptVersion,
        summary: codec.json(summary.summary),
        fallback: codec.bool(summary.fallback),
        created_at: codec.date(summary.createdAt),
      }).onConflict((oc) => oc.columns(['content_hash', 'summariser', 'model', 'prompt_version']).doNothing()).execute();
    },
    async getRelevanceScores(scope: RelevanceScope, contentHashes: readonly string[]) {
      const scores = new Map<string, number>();
      const unique = [...new Set(contentHashes)];
      // Chunked so a long candidate list stays under SQLite's bound-parameter limit.
      for (let i = 0; i < unique.length; i += 500) {
        const rows = await db.selectFrom('relevance_scores').select(['content_hash', 'score'])
          .where('interests_key', '=', scope.interestsKey).where('model', '=', scope.model)
          .where('prompt_version', '=', scope.promptVersion).where('content_hash', 'in', unique.slice(i, i + 500)).execute();
        for (const row of rows) scores.set(row.content_hash, Number(row.score));
      }
      return scores;
    },
    async putRelevanceScores(scope: RelevanceScope, scores: ReadonlyMap<string, number>, at: Date) {
      if (scores.size === 0) return;
      const rows = [...scores].map(([contentHash, score]) => ({
        content_hash: contentHash,
        interests_key: scope.interestsKey,
        model: scope.model,
        prompt_version: scope.promptVersion,
        score,
        created_at: codec.date(at),
      }));
      for (let i = 0; i < rows.length; i += 100) {
        await db.insertInto('relevance_scores').values(rows.slice(i, i + 100))
          .onConflict((oc) => oc.columns(['content_hash', 'interests_key', 'model', 'prompt_version']).doNothing()).execute();
      }
    },
    async recordLlmUsage(usage: LlmUsage) {
      await db.insertInto('llm_usage').values({
        id: randomUUID(),
        at: codec.date(usage.at),
        purpose: usage.purpose,
        model: usage.model,
        content_hash: usage.contentHash,
        prompt_tokens: usage.promptTokens,
        completion_tokens: usage.completionTokens,
        workspace: usage.workspace ?? null,
      }).execute();
    },
    async llmUsageSince(since: Date) {
      const row = await db.selectFrom('llm_usage')
        .select((eb) => [
          eb.fn.countAll().as('calls'),
          eb.fn.sum('prompt_tokens').as('prompt_tokens'),
          eb.fn.sum('completion_tokens').as('completion_tokens'),
        ])
        .where('at', '>=', codec.date(since)).executeTakeFirst();
      return {
        calls: readCount(row?.calls),
        promptTokens: readCount(row?.prompt_tokens),
        completionTokens: readCount(row?.completion_tokens),
      };
    },
  };
}
