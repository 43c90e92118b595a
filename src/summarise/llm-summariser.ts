import type { ZodError } from 'zod';
import type { PieceSummary } from '../domain/summary.ts';
import type { Logger } from '../log/logger.ts';
import { neutraliseMentions } from '../text/neutralise-mentions.ts';
import { removeUnsourcedUrls } from '../text/unsourced-urls.ts';
import { createConcurrencyLimit } from '../async/concurrency-limit.ts';
import { fitToBudget } from './fit-to-budget.ts';
import { createOpenAiClient } from './openai-client.ts';
import { onFirstCall } from './openai-sdk.ts';
import { toPlainLine, toPlainText } from './plain-text-output.ts';
import { groundingProblems, groundingReport, languageProblems, shapeProblems, type PlainReply } from './check-reply.ts';
import { dropUngroundedSentences, groundingSource, type GroundingSource } from './groundedness.ts';
import { buildSummaryMessages, correctionMessage, PROMPT_VERSION, summaryWireSchema, type SummaryWire } from './prompt.ts';
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
class UnusableReply extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('; '));
    this.problems = problems;
  }
}

/** What the reply checks found over this summariser's life (for logs, metrics and the benchmark). */
export interface QualityCounts {
  /** Replies sent back once with their problems named. */
  retries: number;
  /** Ungrounded spans found (numbers and names the source does not contain), first replies and retries. */
  ungroundedSpans: number;
  /** Sentences or takeaways dropped because they were still ungrounded after the retry. */
  droppedSentences: number;
  /** Replies in the wrong language (first replies and retries). */
  wrongLanguage: number;
  /** Pieces that fell back to the offline summary. */
  fallbacks: number;
}

/**
 * Summarises with any OpenAI-compatible server through structured outputs. A reply that is not
 * valid JSON, breaks the schema or is a refusal gets one retry with the problem spelled out; a second
 * failure, or a transport failure the SDK's own retries could not fix, falls back to the offline
 * summariser for that piece (marked 'offline-fallback'), so a digest is never lost to the LLM.
 */
export function createLlmSummariser(options: LlmSummariserOptions): Summariser & { qualityCounts(): QualityCounts } {
  const { model, logger } = options;
  const limit = createConcurrencyLimit(options.concurrency);
  const counts: QualityCounts = { retries: 0, ungroundedSpans: 0, droppedSentences: 0, wrongLanguage: 0, fallbacks: 0 };
  // The schema goes out as a strict json_schema; the reply is parsed leniently so that a bad reply
  // still reaches us with its token usage, and is then checked (bounds, language, groundedness).
  const sdkReady = onFirstCall((sdk) => ({
    client: createOpenAiClient(sdk, options),
    responseFormat: sdk.makeParseableResponseFormat(sdk.zodResponseFormat(summaryWireSchema, 'piece_summary'), parseLeniently),
    APIError: sdk.APIError,
  }));

  const summariseWithLlm = async (input: SummariseInput): Promise<SummariseOutput> => {
    const language = input.language === '' ? options.language : input.language;
    const messages: { role: 'system' | 'user'; content: string }[] = buildSummaryMessages({ ...input, language, text: fitToBudget(input.text, options.maxInputTokens) });
    // Grounded in everything the piece itself says, not only the part that fitted the prompt.
    const source = groundingSource(input.title, input.sourceName, input.text);
    const usage = { promptTokens: 0, completionTokens: 0 };
    let spent = false;
    const { client, responseFormat, APIError } = await sdkReady();
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      try {
        const completion = await client.chat.completions.parse({ model, messages, response_format: responseFormat });
        if (completion.usage !== undefined) {
          spent = true;
          usage.promptTokens += completion.usage.prompt_tokens;
          usage.completionTokens += completion.usage.completion_tokens;
          options.onUsage?.({ purpose: 'summary', model, promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens });
        }
        const reply = usableReply(completion.choices[0]?.message);
        const shape = shapeProblems(reply);
        if (shape.length > 0) throw new UnusableReply(shape);
        const wrong = await languageProblems(reply, language);
        if (wrong.length > 0) counts.wrongLanguage += 1;
        const grounding = groundingReport(reply, source, language);
        counts.ungroundedSpans += grounding.count;
        if (wrong.length === 0 && grounding.count === 0) return { summary: neutraliseSummary(reply, input.text), summarisedBy: 'llm', usage };
        if (attempt === 1) throw new UnusableReply([...wrong, ...groundingProblems(grounding)]);
        if (wrong.length > 0) throw new UnusableReply(wrong);
        // Still ungrounded after the retry: keep what is grounded, if enough is left to be a summary.
        const kept = dropUngrounded(reply, source, language);
        counts.droppedSentences += kept.dropped;
        logger.warn({ model, title: input.title, ungrounded: grounding.byField.map((f) => ({ field: f.field, spans: f.spans.map((sp) => sp.text) })), dropped: kept.dropped },
          'LLM reply still ungrounded after the retry; dropped the offending sentences');
        if (kept.summary === null) break;
        return { summary: neutraliseSummary(kept.summary, input.text), summarisedBy: 'llm', usage };
      } catch (error) {
        if (error instanceof APIError) {
          // The SDK has already retried what is worth retrying (429, 5xx, timeouts); give up on this piece.
          logger.warn({ model, status: error.status, error: error.message, title: input.title }, 'LLM request failed; using the offline summary for this piece');
          options.onFailure?.(error.status === undefined ? error.message : `HTTP ${error.status}: ${error.message}`);
          break;
        }
        // An unusable reply (invalid JSON, wrong shape, refusal, failed checks) or a cut-off (LengthFinishReasonError).
        const problems = error instanceof UnusableReply ? error.problems : [error instanceof Error ? (isZodError(error) ? describeZodError(error) : error.message) : String(error)];
        logger.warn({ model, attempt, problems, title: input.title }, 'LLM reply unusable');
        if (attempt === 2) break;
        counts.retries += 1;
        messages.push(correctionMessage(problems, language));
      }
    }
    counts.fallbacks += 1;
    const fallback = await options.fallback.summarise(input);
    return { summary: fallback.summary, summarisedBy: 'offline-fallback', usage: spent ? usage : null };
  };

  return {
    kind: 'llm',
    model,
    promptVersion: PROMPT_VERSION,
    summarise: (input) => limit(() => summariseWithLlm(input)),
    qualityCounts: () => ({ ...counts }),
  };
}

/** The parsed wire reply with markup cleaned out, or an UnusableReply naming why there is none. */
function usableReply(message: { parsed: ParsedReply | null; refusal?: string | null } | undefined): PlainReply {
  if (message === undefined) throw new UnusableReply(['the reply held no message']);
  if (typeof message.refusal === 'string' && message.refusal !== '') throw new UnusableReply([`the model refused: ${message.refusal.slice(0, 200)}`]);
  const parsed = message.parsed;
  if (parsed === null) throw new UnusableReply(['the reply was empty']);
  if (!parsed.ok) throw new UnusableReply([parsed.problem]);
  const wire = summaryWireSchema.safeParse(parsed.value);
  if (!wire.success) throw new UnusableReply(wire.error.issues.map((issue) => `${issue.path.length === 0 ? '(reply)' : issue.path.join('.')}: ${issue.message}`));
  return toPlainReply(wire.data);
}

type ParsedReply = { ok: true; value: unknown } | { ok: false; problem: string };

/**
 * The reply without its ungrounded sentences and takeaways. Null when the summary itself has nothing
 * grounded left (the piece then falls back); an emptied Why it matters or What you can build is left out.
 */
function dropUngrounded(reply: PlainReply, source: GroundingSource, language: string): { summary: PieceSummary | null; dropped: number } {
  const summary = dropUngroundedSentences(reply.summary, source, language);
  const why = dropUngroundedSentences(reply.whyItMatters, source, language);
  const build = dropUngroundedSentences(reply.whatToBuild, source, language);
  const takeaways = reply.keyTakeaways.map((t) => dropUngroundedSentences(t, source, language));
  const dropped = summary.dropped + why.dropped + build.dropped + takeaways.reduce((sum, t) => sum + t.dropped, 0);
  const keptTakeaways = takeaways.map((t) => t.text).filter((t) => t.trim() !== '');
  if (summary.text.trim() === '' || keptTakeaways.length === 0) return { summary: null, dropped };
  return {
    summary: { summary: summary.text, whyItMatters: why.text.trim() === '' ? null : why.text, whatToBuild: build.text.trim() === '' ? null : build.text, keyTakeaways: keptTakeaways },
    dropped,
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
 * Cleans markup out of the reply before it is checked, so a field that was only markup counts as
 * empty and takeaways that differ only by a list marker count as duplicates (both earn the retry).
 */
function toPlainReply(wire: SummaryWire): PlainReply {
  return {
    summary: toPlainText(wire.summary),
    whyItMatters: toPlainText(wire.whyItMatters),
    whatToBuild: toPlainText(wire.whatToBuild),
    keyTakeaways: wire.keyTakeaways.map(toPlainLine),
  };
}

/**
 * LLM output can ping a whole server, and a prompt-injected model can invent links: every field passes through
 * the mention neutraliser, and loses any URL the article (`source`) does not contain.
 */
function neutraliseSummary(reply: PlainReply | PieceSummary, source: string): PieceSummary {
  const clean = (text: string): string => removeUnsourcedUrls(neutraliseMentions(text), source);
  return {
    summary: clean(reply.summary),
    whyItMatters: reply.whyItMatters === null ? null : clean(reply.whyItMatters),
    whatToBuild: reply.whatToBuild === null ? null : clean(reply.whatToBuild),
    keyTakeaways: reply.keyTakeaways.map(clean),
  };
}

function isZodError(error: Error): error is ZodError {
  return error.name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues);
}

/** One line per problem, with the field path, short enough to send back to the model. */
export function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.length === 0 ? '(reply)' : issue.path.join('.')}: ${issue.message}`).join('; ');
}
