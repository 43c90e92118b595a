import type { APIError as ApiErrorClass, OpenAI as OpenAiClass } from 'openai';
import type { zodResponseFormat as ZodResponseFormat } from 'openai/helpers/zod';
import type { makeParseableResponseFormat as MakeParseableResponseFormat } from 'openai/lib/parser';

/** The parts of the OpenAI SDK the summariser, the relevance rater and `/digest ask` use. */
export interface OpenAiSdk {
  OpenAI: typeof OpenAiClass;
  APIError: typeof ApiErrorClass;
  zodResponseFormat: typeof ZodResponseFormat;
  makeParseableResponseFormat: typeof MakeParseableResponseFormat;
}

let loading: Promise<OpenAiSdk> | undefined;

/**
 * Loads the SDK on the first LLM call, once. It is about 300 modules and 30 MB of a process's memory, and most
 * commands never call an LLM (`digest ingest`, `sources`, `--help`, any run on the offline summariser).
 */
export function loadOpenAiSdk(): Promise<OpenAiSdk> {
  loading ??= Promise.all([import('openai'), import('openai/helpers/zod'), import('openai/lib/parser')]).then(([sdk, zod, parser]) => ({
    OpenAI: sdk.OpenAI,
    APIError: sdk.APIError,
    zodResponseFormat: zod.zodResponseFormat,
    makeParseableResponseFormat: parser.makeParseableResponseFormat,
  }));
  return loading;
}

/** `build(sdk)` computed on first call and shared after: a client and its response format, made when first needed. */
export function onFirstCall<T>(build: (sdk: OpenAiSdk) => T): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= loadOpenAiSdk().then(build));
}
