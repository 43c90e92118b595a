import type { Piece } from '../domain/piece.ts';
import type { PieceSummary, SummaryKey } from '../domain/summary.ts';
import type { Logger } from '../log/logger.ts';
import type { Store } from '../store/store.ts';
import type { Summariser, SummariseOutput } from './summariser.ts';

export interface CachedSummary {
  summary: PieceSummary;
  summarisedBy: SummariseOutput['summarisedBy'];
  cached: boolean;
}

export interface CachedSummariser {
  summarisePiece(piece: Piece, sourceName: string, language: string): Promise<CachedSummary>;
}

/**
 * Summarises each (text, summariser, model, prompt, language) once, however many channels and
 * workspaces receive the piece: the store is the cache, and concurrent requests for one key share one
 * call in this process. An LLM failure's offline stand-in is served but not cached under the LLM key,
 * so the next digest tries the LLM again.
 */
export function createCachedSummariser(options: { store: Pick<Store, 'getSummary' | 'putSummary' | 'recordLlmUsage'>; summariser: Summariser; logger: Logger; now?: () => Date }): CachedSummariser {
  const { store, summariser } = options;
  const now = options.now ?? (() => new Date());
  const inFlight = new Map<string, Promise<CachedSummary>>();

  const compute = async (key: SummaryKey, piece: Piece, sourceName: string, language: string): Promise<CachedSummary> => {
    const stored = await store.getSummary(key);
    if (stored !== undefined) return { summary: stored.summary, summarisedBy: summariser.kind === 'llm' ? 'llm' : 'offline', cached: true };
    const output = await summariser.summarise({ title: piece.title, sourceName, text: piece.contentText, language });
    if (output.usage !== null) {
      await store.recordLlmUsage({ at: now(), purpose: 'summary', model: summariser.model, contentHash: piece.contentHash, promptTokens: output.usage.promptTokens, completionTokens: output.usage.completionTokens });
    }
    if (output.summarisedBy !== 'offline-fallback') {
      await store.putSummary({ key, summary: output.summary, fallback: false, createdAt: now() });
    } else {
      options.logger.warn({ piece: piece.id, model: summariser.model }, 'LLM summary failed; served the offline summary and will retry next time');
    }
    return { summary: output.summary, summarisedBy: output.summarisedBy, cached: false };
  };

  return {
    summarisePiece(piece, sourceName, language) {
      const key: SummaryKey = { contentHash: piece.contentHash, summariser: summariser.kind, model: summariser.model, promptVersion: `${summariser.promptVersion}:${language}` };
      const id = JSON.stringify(key);
      let pending = inFlight.get(id);
      if (pending === undefined) {
        pending = compute(key, piece, sourceName, language).finally(() => inFlight.delete(id));
        inFlight.set(id, pending);
      }
      return pending;
    },
  };
}
