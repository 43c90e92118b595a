import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.ts';
import { ConfigError } from '../../src/errors.ts';
import { createSummariser } from '../../src/summarise/create-summariser.ts';
import { PROMPT_VERSION } from '../../src/summarise/prompt.ts';
import { silentLogger } from './fixtures/fake-replies.ts';

const config = (kind: 'auto' | 'offline' | 'llm') => ({ ...configSchema.parse({}).summariser, kind });

describe('createSummariser', () => {
  it('auto: offline without an LLM, the LLM with a base URL or a key', () => {
    expect(createSummariser({ config: config('auto'), llm: {}, logger: silentLogger() }).kind).toBe('offline');
    const local = createSummariser({ config: config('auto'), llm: { baseURL: 'http://127.0.0.1:1/v1' }, logger: silentLogger() });
    expect(local).toMatchObject({ kind: 'llm', model: 'gpt-4o-mini', promptVersion: PROMPT_VERSION });
    expect(createSummariser({ config: config('auto'), llm: { apiKey: 'sk-x', model: 'llama3.1' }, logger: silentLogger() }).model).toBe('llama3.1');
  });

  it('offline stays offline even with an LLM configured', () => {
    expect(createSummariser({ config: config('offline'), llm: { apiKey: 'sk-x' }, logger: silentLogger() }).kind).toBe('offline');
  });

  it('llm without an endpoint is a configuration error with a hint', () => {
    expect(() => createSummariser({ config: config('llm'), llm: {}, logger: silentLogger() })).toThrow(ConfigError);
  });
});
