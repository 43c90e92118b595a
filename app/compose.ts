import { hostname } from 'node:os';
import type { Channel } from '../src/domain/channel.ts';
import type { Source } from '../src/domain/source.ts';
import { createRuntimeHealth, type RuntimeHealth } from '../src/health/runtime-health.ts';
import type { Logger } from '../src/log/logger.ts';
import type { IngestAlert, RunIngestInput, SourceIngestReport } from '../src/ingest/index.ts';
import { createSummariser } from '../src/summarise/create-summariser.ts';
import { createCachedSummariser } from '../src/summarise/cached-summariser.ts';
import { ASK_PROMPT_VERSION, createPieceQa } from '../src/summarise/ask-piece.ts';
import { createAskUnderCost } from '../src/budget/guarded-ask.ts';
import { createRelevanceScorer, type ScoreRelevance } from '../src/summarise/cached-relevance.ts';
import { createLlmRelevanceRater } from '../src/summarise/rate-relevance.ts';
import type { Summariser } from '../src/summarise/summariser.ts';
import { buildDigest, type SummarisePiece } from '../src/pipeline/build-digest.ts';
import { createBot, type Bot } from '../src/bot/bot.ts';
import type { DeliveryHooks } from '../src/bot/deps.ts';
import { ingestFeeds } from '../src/bot/use-cases/ingest.ts';
import type { CommandServices } from '../commands/services.ts';
import { createArchiveService, type ArchiveService } from '../src/archive/archive-service.ts';
import { createFeedbackAffinity } from '../src/discussion/feedback-for-selection.ts';
import type { DiscussionService } from '../src/discussion/discussion-service.ts';
import { createAppDiscussion } from './discussion-wiring.ts';
import type { CliIo } from './cli/cli-io.ts';
import { openAppCore, type AppCore } from './app-core.ts';
import { attributeUsage } from '../src/budget/usage-scope.ts';
import { budgetLlmGate } from '../src/budget/llm-gate.ts';
import { createBudgetGuard, type BudgetGuard } from '../src/budget/workspace-budget.ts';
import type { LlmUsage } from '../src/domain/summary.ts';
import { createOfflineSummariser } from '../src/summarise/offline-summariser.ts';

/** Everything a CLI command that builds digests or serves chat needs, built once from config and environment. */
export interface AppContext extends AppCore {
  summariser: Summariser;
  summarisePiece: SummarisePiece;
  /** The offline summariser, cached: what a workspace whose LLM budget is spent gets. */
  summariseOffline: SummarisePiece;
  /** Each workspace's monthly LLM token budget, read from the stored usage. */
  budget: BudgetGuard;
  /** Cached LLM relevance for selection; set when `summariser.relevanceScoring` is on and an LLM is configured. */
  scoreRelevance: ScoreRelevance | undefined;
  /** True when an LLM is configured (base URL or API key). */
  llmConfigured: boolean;
  /** What /healthz reports: the runtime and adapters update it; ingest cycles and LLM calls feed it here. */
  health: RuntimeHealth;
  /** The web archive's settings and the links chat posts to it. */
  archive: ArchiveService;
  /** Identifies this process in the delivery ledger. */
  instanceId: string;
  /** Reader discussion: thread events, discussion digests, answers in threads (src/discussion/). */
  discussion: DiscussionService;
  /** `lease`: the one the runtime's cycles hold; `fullTextSources`: which sources read article pages (preview). */
  ingest(sources?: Source[], options?: { onAlert?: (alert: IngestAlert) => void; logger?: Logger } & Pick<RunIngestInput, 'lease' | 'fullTextSources'>): Promise<SourceIngestReport[]>;
  /** The use cases, posting through `delivery` (the runtime, or the console). */
  bot(delivery: DeliveryHooks): Bot;
  commandServices(bot: Bot): CommandServices;
}

/** The app core (app-core.ts) and everything digests, chat and the archive need on top of it. */
export async function createAppContext(io: CliIo, options: { configPath?: string; logLevel?: string; inMemory?: boolean }): Promise<AppContext> {
  const { loaded, config, index, logger, store, now } = await openAppCore(io, options);
  const { env } = loaded;
  // Every recorded LLM call counts against the workspace whose digest or question made it (src/budget/usage-scope.ts).
  const recordUsage = attributeUsage((usage: LlmUsage) => store.recordLlmUsage(usage));
  const llm = { baseURL: env.LLM_BASE_URL, apiKey: env.OPENAI_API_KEY, model: env.LLM_MODEL ?? config.summariser.model };
  const onUsage = (usage: { promptTokens: number; completionTokens: number; purpose?: 'summary' | 'relevance' | 'ask'; contentHash?: string | null }) => {
    health.llm.recordSuccess();
    void recordUsage({ at: now(), purpose: usage.purpose ?? 'summary', model: llm.model, contentHash: usage.contentHash ?? null, promptTokens: usage.promptTokens, completionTokens: usage.completionTokens })
      .catch((error: unknown) => logger.warn({ err: String(error) }, 'could not record LLM usage'));
  };
  // Usage of summaries is recorded by the cached summariser; this hook only tells /healthz the LLM answered.
  const summariser = createSummariser({ config: config.summariser, llm, logger, onUsage: () => health.llm.recordSuccess(), onFailure: (reason) => health.llm.recordFailure(reason) });
  const cached = createCachedSummariser({ store: { getSummary: store.getSummary, putSummary: store.putSummary, recordLlmUsage: recordUsage }, summariser, logger });
  const offlineCached = createCachedSummariser({ store, summariser: createOfflineSummariser(), logger });
  const budget = createBudgetGuard({ store, defaultMonthlyTokens: config.cost.monthlyTokenBudget, warnAtRatio: config.cost.warnAtRatio, now });
  const llmConfigured = summariser.kind === 'llm';
  const health = createRuntimeHealth({ now, ingestIntervalMs: config.ingest.intervalMinutes * 60_000, llmConfigured, model: llm.model });
  let scoreRelevance: ScoreRelevance | undefined;
  if (config.summariser.relevanceScoring && llmConfigured) {
    const rater = createLlmRelevanceRater({ ...llm, timeoutMs: config.summariser.timeoutMs, maxRetries: config.summariser.maxRetries, logger, onUsage: (u) => onUsage({ ...u, purpose: 'relevance' }) });
    scoreRelevance = createRelevanceScorer({ store, rater, logger, now });
  } else if (config.summariser.relevanceScoring) {
    logger.warn({}, 'summariser.relevanceScoring is on but no LLM is configured (LLM_BASE_URL or OPENAI_API_KEY); selecting without LLM relevance');
  }
  const askPiece = llmConfigured ? createPieceQa({ ...llm, timeoutMs: config.summariser.timeoutMs, maxRetries: config.summariser.maxRetries, logger, onUsage: (u) => onUsage({ ...u, purpose: 'ask' }) }) : null;

  const instanceId = `${hostname()}:${process.pid}`;
  const discussion = createAppDiscussion({ store, config, env, llmConfigured, holder: instanceId, now, logger });
  // /digest ask under cost control: answers cached per piece text, question and language; new questions limited per member and channel.
  const guardedAsk = askPiece === null
    ? undefined
    : createAskUnderCost({ ask: askPiece, cache: store.askAnswers, model: llm.model, promptVersion: ASK_PROMPT_VERSION, limits: config.cost.ask, budget, now });

  const archive = createArchiveService({ store, publicUrl: config.web.publicUrl, now });
  return {
    loaded,
    config,
    index,
    logger,
    store,
    summariser,
    llmConfigured,
    now,
    scoreRelevance,
    health,
    archive,
    cwd: io.cwd,
    instanceId,
    discussion,
    summarisePiece: (piece, sourceName, language) => cached.summarisePiece(piece, sourceName, language),
    summariseOffline: (piece, sourceName, language) => offlineCached.summarisePiece(piece, sourceName, language),
    budget,
    async ingest(sources, ingestOptions = {}) {
      const reports = await ingestFeeds({ store, config, logger, now }, { ...(sources === undefined ? {} : { sources }), ...ingestOptions });
      health.ingest.recordCycle(reports);
      return reports;
    },
    bot: (delivery) =>
      createBot({
        store,
        index,
        now,
        logger,
        delivery,
        cwd: io.cwd,
        budget,
        // Loaded on first use: parsers, sanitiser and HTTP client are most of what a command would load otherwise.
        probeFeed: async (location, probeOptions) => (await import('../src/ingest/index.ts')).probeFeed(location, { ...config.ingest, allowLocalFiles: probeOptions.allowLocalFiles }),
        fetchDocument: async (url) => (await import('../src/ingest/fetch-document.ts')).fetchDocument(url, config.ingest),
      }),
    commandServices: (bot) => ({ bot, store, now, askPiece, guardedAsk, archive, logger, discussion: discussion.commands() }),
    async close() {
      await store.close();
    },
  };
}

/** Builds the next digest for a channel (does not save or post it). */
export function buildDigestFor(app: AppContext, channel: Channel, options: { edition: string; includeDelivered?: boolean; pieces?: number }) {
  const feedbackAffinity = createFeedbackAffinity({ store: app.store, config: app.config.discussion.feedback, now: app.now });
  return buildDigest({
    store: app.store,
    summarise: app.summarisePiece,
    scoreRelevance: app.scoreRelevance,
    feedbackAffinity,
    config: app.config,
    logger: app.logger,
    now: app.now,
    // With an LLM, a workspace whose monthly budget is spent gets its digests summarised offline.
    ...(app.llmConfigured ? { llmGate: budgetLlmGate(app.budget), summariseOffline: app.summariseOffline } : {}),
  }, channel, options);
}
