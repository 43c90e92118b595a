import { z } from 'zod';
import type { AskAnswerCache } from '../store/ports/operations.ts';

/** A question and the piece it is about, as `/digest ask` sends them to the LLM. */
export interface AskRequest {
  /** Identifies the piece's text: an edited piece is a new text, asked afresh. */
  contentHash: string;
  title: string;
  sourceName: string;
  text: string;
  question: string;
  language: string;
}

export interface AskAnswer {
  answered: boolean;
  answer: string;
  quote: string | null;
}

const storedAnswer = z.object({ answered: z.boolean(), answer: z.string(), quote: z.string().nullable() });

/**
 * The form of a question its cached answer is keyed by: Unicode-normalised, lower case, whitespace collapsed,
 * without surrounding quotes or trailing punctuation, so "What is the main result?" and "what is the main
 * result" share one answer. Words are not reordered or stemmed: a different wording is a different question.
 */
export function normaliseQuestion(question: string): string {
  return question.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
    .replace(/^["“”'‘’«»]+|["“”'‘’«»]+$/g, '')
    .replace(/\s+([?!.,;:])/g, '$1')
    .replace(/[\s?!.。？！…]+$/u, '')
    .trim();
}

export interface CachedAsk {
  /** The cached answer, if any, without calling the LLM. */
  lookup(request: AskRequest): Promise<AskAnswer | undefined>;
  /** The cached answer, or the LLM's (stored for next time); concurrent identical questions share one call. */
  answer(request: AskRequest): Promise<{ answer: AskAnswer; cached: boolean }>;
}

/**
 * Answers per (piece text, normalised question, language, model, prompt version) once: the store keeps answers
 * across restarts and instances, and identical questions in flight in this process share one LLM call. A failed
 * call is not cached, so the next ask tries again.
 */
export function createCachedAsk(options: {
  cache: AskAnswerCache;
  ask: (request: AskRequest) => Promise<AskAnswer>;
  model: string;
  promptVersion: string;
  now: () => Date;
}): CachedAsk {
  const inFlight = new Map<string, Promise<{ answer: AskAnswer; cached: boolean }>>();
  const keyOf = (request: AskRequest) => ({
    contentHash: request.contentHash,
    question: normaliseQuestion(request.question),
    language: request.language,
    model: options.model,
    promptVersion: options.promptVersion,
  });
  const lookup = async (request: AskRequest): Promise<AskAnswer | undefined> => {
    const stored = storedAnswer.safeParse(await options.cache.getAskAnswer(keyOf(request)));
    return stored.success ? stored.data : undefined;
  };
  return {
    lookup,
    answer(request) {
      const key = keyOf(request);
      const id = JSON.stringify(key);
      let pending = inFlight.get(id);
      if (pending === undefined) {
        pending = (async () => {
          const hit = await lookup(request);
          if (hit !== undefined) return { answer: hit, cached: true };
          const answer = await options.ask(request);
          await options.cache.putAskAnswer(key, answer, options.now());
          return { answer, cached: false };
        })().finally(() => inFlight.delete(id));
        inFlight.set(id, pending);
      }
      return pending;
    },
  };
}
