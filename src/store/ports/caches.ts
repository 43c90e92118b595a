import type { LlmUsage, RelevanceScope, StoredSummary, SummaryKey } from '../../domain/summary.ts';

/** Summaries and relevance scores computed once per text, and what the LLM calls cost. */
export interface CacheStore {
  getSummary(key: SummaryKey): Promise<StoredSummary | undefined>;
  /** Insert-or-ignore: the first summary for a key wins, so concurrent summarisers agree. */
  putSummary(summary: StoredSummary): Promise<void>;
  /** Cached relevance scores (0..1) by content hash, for the content hashes that have one under `scope`. */
  getRelevanceScores(scope: RelevanceScope, contentHashes: readonly string[]): Promise<Map<string, number>>;
  /** Insert-or-ignore per content hash, like putSummary. */
  putRelevanceScores(scope: RelevanceScope, scores: ReadonlyMap<string, number>, at: Date): Promise<void>;
  recordLlmUsage(usage: LlmUsage): Promise<void>;
  /** Totals since a time, for benchmarks and cost reports. */
  llmUsageSince(since: Date): Promise<{ calls: number; promptTokens: number; completionTokens: number }>;
}
