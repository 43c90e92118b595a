import { APIError } from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { makeParseableResponseFormat } from 'openai/lib/parser';
import type { ZodError } from 'zod';
import type { PieceSummary } from '../domain/summary.ts';
import type { Logger } from '../log/logger.ts';
import { neutraliseMentions } from '../text/neutralise-mentions.ts';
import { removeUnsourcedUrls } from '../text/unsourced-urls.ts';
import { createConcurrencyLimit } from './concurrency-limit.ts';
import { fitToBudget } from './fit-to-budget.ts';
import { createOpenAiClient } from './openai-client.ts';
import { toPlainLine, toPlainText } from './plain-text-output.ts';
import { buildSummaryMessages, correctionMessage, PROMPT_VERSION, summaryReplySchema, summaryWireSchema } from './prompt.ts';
import type { Summariser, SummariseInput, SummariseOutput } from './summariser.ts';

/** Tokens one LLM call used, reported per call (for metrics and logs). */
export interface LlmCallUsage {
  purpose: 'summary' | 'relevance' | 'ask';
  model: string;
  promptTokens: number;
  completionTokens: number;
}

export interface LlmSummariserOptions {
  baseURL?: string | undefined;
  apiKey?: string | undefined;
  model: string;
  /** Default output language when the input names none. */
  language: string;
  maxInputTokens: number;
  concurrency: number;
  timeoutMs: number;
  /** SDK retries for 408/409/429/5xx and connection errors (with backoff, honouring retry-after). */
  maxRetries: number;
  /** Stands in for a piece the LLM could not summarise. */
  fallback: Summariser;
  logger: Logger;
  /** Called after every LLM call that reported usage. The cached summariser stores the per-piece total. */
  onUsage?: ((usage: LlmCallUsage) => void) | undefined;
  /** Called when a request failed after the SDK's retries (for /healthz's LLM status). */
  onFailure?: ((reason: string) => void) | undefined;
}

/** The reply was unusable (bad JSON, schema violation, refusal): worth one corrected retry. */
class UnusableReply extends Error {}

/**
 * Summarises with any OpenAI-compatible server through structured outputs. A reply that is not
 * valid JSON, breaks the schema or is a refusal gets one retry with the problem spelled out; a second
 * failure, or a transport failure the SDK's own retries could not fix, falls back to the offline
 * summariser for that piece (marked 'offline-fallback'), so a digest is never lost to the LLM.
 */
export function createLlmSummariser(options: LlmSummariserOptions): Summariser {
  const { model, logger } = options;
  const client = createOpenAiClient(options);
  const limit = createConcurrencyLimit(options.concurrency);
  // The schema goes out as a strict json_schema; the reply is parsed leniently so that a bad reply
  // still reaches us with its token usage, and is then validated (bounds included) by summaryReplySchema.
  const responseFormat = makeParseableResponseFormat(zodResponseFormat(summaryWireSchema, 'piece_summary'), parseLeniently);

  const summariseWithLlm = async (input: SummariseInput): Promise<SummariseOutput> => {
    const language = input.language === '' ? options.language : input.language;
    const messages: { role: 'system' | 'user'; content: string }[] = buildSummaryMessages({ ...input, language, text: fitToBudget(input.text, options.maxInputTokens) });
    const usage = { promptTokens: 0, completionTokens: 0 };
    let spent = false;
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      try {
        const completion = await client.chat.completions.parse({ model, messages, response_format: responseFormat });
        if (completion.usage !== undefined) {
          spent = true;
          usage.promptTokens += completion.usage.prompt_tokens;
          usage.completionTokens += completion.usage.completion_tokens;
          options.onUsage?.({ purpose: 'summary', model, promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens });
        }
        const message = completion.choices[0]?.message;
        if (message === undefined) throw new UnusableReply('the reply held no message');
        if (typeof message.refusal === 'string' && message.refusal !== '') throw new UnusableReply(`the model refused: ${message.refusal.slice(0, 200)}`);
        const parsed = message.parsed;
        if (parsed === null) throw new UnusableReply('the reply was empty');
        if (!parsed.ok) throw new UnusableReply(parsed.problem);
        const checked = summaryReplySchema.safeParse(toPlainReply(parsed.value));
        if (!checked.success) throw new UnusableReply(describeZodError(checked.error));
        return { summary: neutraliseSummary(checked.data, input.text), summarisedBy: 'llm', usage };
      } catch (error) {
        if (error instanceof APIError) {
          // The SDK has already retried what is worth retrying (429, 5xx, timeouts); give up on this piece.
          logger.warn({ model, status: error.status, error: error.message, title: input.title }, 'LLM request failed; using the offline summary for this piece');
          options.onFailure?.(error.status === undefined ? error.message : `HTTP ${error.status}: ${error.message}`);
          break;
        }
        // An unusable reply (invalid JSON, schema violation, refusal) or a cut-off (LengthFinishReasonError).
        const problem = error instanceof Error ? (isZodError(error) ? describeZodError(error) : error.message) : String(error);
        logger.warn({ model, attempt, problem, title: input.title }, 'LLM reply unusable');
        if (attempt === 2) break;
        messages.push(correctionMessage(problem, language));
      }
    }
    const fallback = await options.fallback.summarise(input);
    return { summary: fallback.summary, summarisedBy: 'offline-fallback', usage: spent ? usage : null };
  };

  return {
    kind: 'llm',
    model,
    promptVersion: PROMPT_VERSION,
    summarise: (input) => limit(() => summariseWithLlm(input)),
  };
}

/** JSON.parse that reports a problem instead of throwing, so the caller keeps the completion's usage. */
function parseLeniently(content: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(content) as unknown };
  } catch (error) {
    return { ok: false, problem: `the reply is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

/**
 * Cleans markup out of a reply that has the wire shape, before the bounds are checked, so a field
 * that was only markup counts as empty and takeaways that differ only by a list marker count as
 * duplicates (both earn the corrected retry). Anything else passes through for the schema to reject.
 */
function toPlainReply(value: unknown): unknown {
  const wire = summaryWireSchema.safeParse(value);
  if (!wire.success) return value;
  return {
    summary: toPlainText(wire.data.summary),
    whyItMatters: toPlainText(wire.data.whyItMatters),
    whatToBuild: toPlainText(wire.data.whatToBuild),
    keyTakeaways: wire.data.keyTakeaways.map(toPlainLine),
  };
}

/**
 * LLM output can ping a whole server, and a prompt-injected model can invent links: every field passes through
 * the mention neutraliser, and loses any URL the article (`source`) does not contain.
 */
function neutraliseSummary(reply: { summary: string; whyItMatters: string; whatToBuild: string; keyTakeaways: string[] }, source: string): PieceSummary {
  const clean = (text: string): string => removeUnsourcedUrls(neutraliseMentions(text), source);
  const [a = '', b = '', c = ''] = reply.keyTakeaways.map(clean);
  return {
    summary: clean(reply.summary),
    whyItMatters: clean(reply.whyItMatters),
    whatToBuild: clean(reply.whatToBuild),
    keyTakeaways: [a, b, c],
  };
}

function isZodError(error: Error): error is ZodError {
  return error.name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues);
}

/** One line per problem, with the field path, short enough to send back to the model. */
export function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.length === 0 ? '(reply)' : issue.path.join('.')}: ${issue.message}`).join('; ');
}
