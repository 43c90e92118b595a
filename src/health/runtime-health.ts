import { createIngestHealth, type IngestHealth } from './ingest-health.ts';
import { createLlmHealth, type LlmHealth } from './llm-health.ts';
import { createStatusRegistry, type StatusRegistry } from './status-registry.ts';

/** The health a running bot keeps: the registry /healthz reads, and the recorders the ingest cycle and LLM calls feed. */
export interface RuntimeHealth {
  registry: StatusRegistry;
  ingest: IngestHealth;
  llm: LlmHealth;
}

export function createRuntimeHealth(options: { now: () => Date; ingestIntervalMs: number; llmConfigured: boolean; model?: string }): RuntimeHealth {
  const registry = createStatusRegistry();
  const ingest = createIngestHealth({ intervalMs: options.ingestIntervalMs, now: options.now });
  const llm = createLlmHealth({ configured: options.llmConfigured, ...(options.model === undefined ? {} : { model: options.model }), now: options.now });
  registry.probe('ingest', () => ingest.status());
  registry.probe('llm', () => llm.status());
  return { registry, ingest, llm };
}
