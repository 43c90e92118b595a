import type { Config } from '../src/config/schema.ts';
import type { Env } from '../src/config/env.ts';
import { createDiscussionService, type DiscussionService } from '../src/discussion/discussion-service.ts';
import type { Piece } from '../src/domain/piece.ts';
import type { SourceComment } from '../src/domain/discussion.ts';
import type { Logger } from '../src/log/logger.ts';
import type { Store } from '../src/store/store.ts';

/**
 * Reader discussion wired from the config: the LLM (when one is configured), usage recorded per workspace, and the
 * sources' public comments fetched under the ingest rules. The comment fetcher loads on first use, so a console
 * command never loads the feed parser or the HTTP client for it.
 */
export function createAppDiscussion(options: { store: Store; config: Config; env: Env; llmConfigured: boolean; holder: string; now: () => Date; logger: Logger }): DiscussionService {
  const { store, config, env, logger } = options;
  let sourceComments: Promise<(piece: Piece) => Promise<SourceComment[]>> | undefined;
  const loadSourceComments = async () => {
    const [{ createSourceComments }, { createSafeFetcher }, { createHostPoliteness }] = await Promise.all([
      import('../src/discussion/comment-feeds.ts'),
      import('../src/ingest/safe-fetch.ts'),
      import('../src/ingest/host-politeness.ts'),
    ]);
    const fetcher = createSafeFetcher({ ...config.ingest, now: options.now });
    const politeness = createHostPoliteness({ perHostIntervalMs: config.ingest.perHostIntervalMs, concurrency: 2 });
    return createSourceComments({ store, fetcher, politeness, now: options.now, logger });
  };
  return createDiscussionService({
    store,
    config: config.discussion,
    cost: config.cost,
    holder: options.holder,
    now: options.now,
    logger,
    llm: options.llmConfigured
      ? { baseURL: env.LLM_BASE_URL, apiKey: env.OPENAI_API_KEY, model: env.LLM_MODEL ?? config.summariser.model, timeoutMs: config.summariser.timeoutMs, maxRetries: config.summariser.maxRetries }
      : null,
    recordUsage: (usage) => void store.recordLlmUsage(usage).catch((error: unknown) => logger.warn({ err: String(error) }, 'could not record LLM usage')),
    sourceComments: async (piece) => (await (sourceComments ??= loadSourceComments()))(piece),
  });
}
