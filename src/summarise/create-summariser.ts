import type { Config } from '../config/schema.ts';
import { ConfigError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { createLlmSummariser, type LlmCallUsage } from './llm-summariser.ts';
import { createOfflineSummariser } from './offline-summariser.ts';
import type { Summariser } from './summariser.ts';

/** Where the LLM is, from the environment module. */
export interface LlmEndpoint {
  baseURL?: string | undefined;
  apiKey?: string | undefined;
  /** Overrides `summariser.model` from the config file (LLM_MODEL). */
  model?: string | undefined;
}

/** True when an LLM is reachable in principle: a base URL (local servers) or an API key (OpenAI). */
export function llmAvailable(llm: LlmEndpoint): boolean {
  return llm.baseURL !== undefined || llm.apiKey !== undefined;
}

/** Picks the summariser: `auto` uses the LLM when one is configured, else the offline summariser. */
export function createSummariser(options: { config: Config['summariser']; llm: LlmEndpoint; logger: Logger; onUsage?: ((usage: LlmCallUsage) => void) | undefined; onFailure?: ((reason: string) => void) | undefined }): Summariser {
  const { config, llm, logger } = options;
  const offline = createOfflineSummariser();
  if (config.kind === 'llm' && !llmAvailable(llm)) {
    throw new ConfigError(['summariser.kind: "llm" needs an LLM, but neither LLM_BASE_URL nor OPENAI_API_KEY is set'], 'Set LLM_BASE_URL (e.g. http://localhost:11434/v1 for Ollama) or OPENAI_API_KEY, or use kind: auto.');
  }
  const useLlm = config.kind === 'llm' || (config.kind === 'auto' && llmAvailable(llm));
  if (!useLlm) return offline;
  return createLlmSummariser({
    baseURL: llm.baseURL,
    apiKey: llm.apiKey,
    model: llm.model ?? config.model,
    language: config.language,
    maxInputTokens: config.maxInputTokens,
    concurrency: config.concurrency,
    timeoutMs: config.timeoutMs,
    maxRetries: config.maxRetries,
    fallback: offline,
    logger,
    onUsage: options.onUsage,
    onFailure: options.onFailure,
  });
}
