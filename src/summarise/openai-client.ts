import type { OpenAI } from 'openai';
import type { OpenAiSdk } from './openai-sdk.ts';

/** Where the OpenAI-compatible server is and how patient to be with it. */
export interface OpenAiClientOptions {
  baseURL?: string | undefined;
  apiKey?: string | undefined;
  timeoutMs: number;
  maxRetries: number;
}

/**
 * The SDK client. Local servers (Ollama, vLLM, llama.cpp) need no key, but the SDK refuses to start
 * without one, so a placeholder stands in when only a base URL is given. The SDK's own retries cover
 * 408/409/429/5xx and connection errors with backoff, honouring retry-after.
 */
export function createOpenAiClient(sdk: OpenAiSdk, options: OpenAiClientOptions): OpenAI {
  return new sdk.OpenAI({
    apiKey: options.apiKey ?? 'not-needed',
    ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
  });
}
