/** A piece summarised into the digest format. Plain text with inline emphasis only. */
export interface PieceSummary {
  /** One or two paragraphs (separated by a blank line). */
  summary: string;
  /** Null when summarised offline: the offline summariser never invents this section. */
  whyItMatters: string | null;
  /** Null when summarised offline. */
  whatToBuild: string | null;
  /**
   * Three self-contained claims from an LLM; offline (or after ungrounded ones were dropped) as many
   * as were genuinely there, possibly fewer than three, and the rendering then says so.
   */
  keyTakeaways: string[];
}

/** What the summary cache is keyed by: a piece is summarised once per (text, summariser, model, prompt). */
export interface SummaryKey {
  contentHash: string;
  summariser: 'offline' | 'llm';
  model: string;
  promptVersion: string;
}

export interface StoredSummary {
  key: SummaryKey;
  summary: PieceSummary;
  /** True when the LLM failed and the offline summariser stood in. */
  fallback: boolean;
  createdAt: Date;
}

/** What a cached relevance score depends on besides the piece's text: the interests it was judged against, the model and the prompt. */
export interface RelevanceScope {
  /** A stable key of the normalised interests (see relevanceInterestsKey). */
  interestsKey: string;
  model: string;
  promptVersion: string;
}

/** Token usage of one LLM call, recorded for cost reporting. */
export interface LlmUsage {
  at: Date;
  purpose: 'summary' | 'relevance' | 'ask' | 'discussion';
  model: string;
  contentHash: string | null;
  promptTokens: number;
  completionTokens: number;
  /** The workspace (`${platform}:${workspaceId}`) the call was made for, counted against its budget; null or absent: none. */
  workspace?: string | null;
}
