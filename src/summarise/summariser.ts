import type { PieceSummary } from '../domain/summary.ts';

/** What a summariser reads: one piece's title, source and (untrusted) text. */
export interface SummariseInput {
  title: string;
  sourceName: string;
  text: string;
  /** BCP 47 code of the language to write in. */
  language: string;
}

export interface SummariseOutput {
  summary: PieceSummary;
  /** 'offline-fallback' when the LLM failed and the offline summariser stood in. */
  summarisedBy: 'llm' | 'offline' | 'offline-fallback';
  usage: { promptTokens: number; completionTokens: number } | null;
}

/** Turns a piece into the digest format. Implementations: LLM (openai SDK) and offline (extractive). */
export interface Summariser {
  readonly kind: 'offline' | 'llm';
  readonly model: string;
  /** Part of the summary cache key: a prompt change re-summarises instead of serving stale summaries. */
  readonly promptVersion: string;
  summarise(input: SummariseInput): Promise<SummariseOutput>;
}

/** Prompt version of the LLM summariser (defined with the prompt it versions). */
export { PROMPT_VERSION } from './prompt.ts';
