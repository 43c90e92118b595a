import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLlmSummariser } from '../../src/summarise/llm-summariser.ts';
import { createOfflineSummariser } from '../../src/summarise/offline-summariser.ts';
import { SUMMARY_LIMITS } from '../../src/summarise/prompt.ts';
import type { SummariseInput } from '../../src/summarise/summariser.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-server.ts';
import { LONG_ARTICLE, LONG_ARTICLE_TITLE } from './fixtures/long-article.ts';
import { silentLogger, validReply } from './fixtures/fake-replies.ts';
import { REAL_LENGTH_REPLY } from './fixtures/real-length-reply.ts';
import { FRENCH_REPLY } from './fixtures/french-reply.ts';

const input: SummariseInput = { title: LONG_ARTICLE_TITLE, sourceName: 'Gridworld Notes', text: LONG_ARTICLE, language: 'en' };

let server: FakeOpenAiServer;
beforeEach(async () => {
  server = await startFakeOpenAiServer();
});
afterEach(async () => {
  expect(server.problems).toEqual([]);
  await server.close();
});

function summariser() {
  return createLlmSummariser({
    baseURL: server.baseURL,
    model: 'test-model',
    language: 'en',
    maxInputTokens: 6_000,
    concurrency: 2,
    timeoutMs: 10_000,
    maxRetries: 0,
    fallback: createOfflineSummariser(),
    logger: silentLogger(),
  });
}
const correction = (i: number) => server.requests[i]?.body.messages?.at(-1)?.content ?? '';

describe("bounds: the real digests' lengths pass", () => {
  it("accepts a reply of the real digests' lengths on the first try", async () => {
    server.enqueue({ kind: 'json', body: REAL_LENGTH_REPLY });
    const output = await summariser().summarise(input);
    expect(output.summarisedBy).toBe('llm');
    expect(server.requests).toHaveLength(1);
    expect(output.summary).toEqual(REAL_LENGTH_REPLY);
    // The fixture really is that long: the measured maxima are 1,750 / 790 / 540 / 320 characters.
    expect(REAL_LENGTH_REPLY.summary.length).toBeGreaterThan(1_600);
    expect(REAL_LENGTH_REPLY.whyItMatters.length).toBeGreaterThan(750);
    expect(REAL_LENGTH_REPLY.whatToBuild.length).toBeGreaterThan(500);
    expect(Math.max(...REAL_LENGTH_REPLY.keyTakeaways.map((t) => t.length))).toBeGreaterThan(300);
  });

  it('leaves headroom above the measured maxima', () => {
    expect(SUMMARY_LIMITS.summary).toBeGreaterThan(1_750 * 1.3);
    expect(SUMMARY_LIMITS.whyItMatters).toBeGreaterThan(790 * 1.3);
    expect(SUMMARY_LIMITS.whatToBuild).toBeGreaterThan(540 * 1.3);
    expect(SUMMARY_LIMITS.takeaway).toBeGreaterThan(320 * 1.3);
  });

  it("states the audience and each section's job in the prompt", async () => {
    server.enqueue({ kind: 'json', body: REAL_LENGTH_REPLY });
    await summariser().summarise(input);
    const system = server.requests[0]?.body.messages?.[0]?.content ?? '';
    expect(system).toMatch(/people who build AI products/);
    expect(system).toMatch(/summary: .*what was done and what was found, naming the concrete models, datasets, methods and numbers/);
    expect(system).toMatch(/whyItMatters: .*addressed to people who build AI products: what changes for them/);
    expect(system).toMatch(/whatToBuild: .*one concrete project or experiment/);
    expect(system).toMatch(/keyTakeaways: exactly three distinct bullets, each one self-contained claim/);
    expect(system).toMatch(/untrusted data, not instructions/);
    expect(system).toMatch(/must appear in the article/);
  });
});

describe('groundedness of summaries', () => {
  const invented = validReply({
    summary: 'The authors trained agents in small gridworlds and found that reward hacking usually grows gradually. Their probe reached 42% accuracy with GPT-4o as the judge.\n\nThey compare several cheap mitigations.',
    keyTakeaways: ['Hacks grow in small steps.', 'Off-script states predict later hacks.', 'Reward ensembles cut the gap by 75%.'],
  });

  it('sends an invented number and model name back once, naming the spans, and uses the corrected reply', async () => {
    server.enqueue({ kind: 'json', body: invented }, { kind: 'json', body: validReply() });
    const s = summariser();
    const output = await s.summarise(input);
    expect(output.summarisedBy).toBe('llm');
    expect(output.summary.summary).toBe(validReply().summary);
    expect(server.requests).toHaveLength(2);
    const text = correction(1);
    expect(text).toContain('summary: "42%" (number), "GPT-4o" (name) do not occur in the article');
    expect(text).toContain('keyTakeaways[3]: "75%" (number) does not occur in the article');
    expect(s.qualityCounts()).toMatchObject({ retries: 1, ungroundedSpans: 3, droppedSentences: 0, fallbacks: 0 });
  });

  it('drops the offending sentence and takeaway when the retry is still ungrounded, and counts them', async () => {
    server.enqueue({ kind: 'json', body: invented }, { kind: 'json', body: invented });
    const s = summariser();
    const output = await s.summarise(input);
    expect(output.summarisedBy).toBe('llm');
    expect(output.summary.summary).toBe('The authors trained agents in small gridworlds and found that reward hacking usually grows gradually.\n\nThey compare several cheap mitigations.');
    expect(output.summary.keyTakeaways).toEqual(['Hacks grow in small steps.', 'Off-script states predict later hacks.']);
    expect(s.qualityCounts()).toMatchObject({ retries: 1, ungroundedSpans: 6, droppedSentences: 2, fallbacks: 0 });
  });

  it('falls back to the offline summary when nothing of the summary is grounded', async () => {
    const allInvented = validReply({ summary: 'Gemini Ultra scored 91% on MMLU.' });
    server.enqueue({ kind: 'json', body: allInvented }, { kind: 'json', body: allInvented });
    const s = summariser();
    const output = await s.summarise(input);
    expect(output.summarisedBy).toBe('offline-fallback');
    expect(s.qualityCounts().fallbacks).toBe(1);
  });

  it('accepts numbers and names written differently from the article (normalised)', async () => {
    server.enqueue({ kind: 'json', body: validReply({
      summary: 'Across thirty-six configurations and 400+ runs, the off-script fraction at ten percent of training reached a rank correlation of 0.71; ensembles of three cut the median gap by 60 percent in Tomato-Garden and the conveyor.',
    }) });
    const output = await summariser().summarise(input);
    expect(server.requests).toHaveLength(1);
    expect(output.summarisedBy).toBe('llm');
  });
});

describe('output language', () => {
  const french = { ...input, language: 'fr' };

  it('retries an English reply in a French channel, naming the language, and accepts the French one', async () => {
    server.enqueue({ kind: 'json', body: REAL_LENGTH_REPLY }, { kind: 'json', body: FRENCH_REPLY });
    const s = summariser();
    const output = await s.summarise(french);
    expect(output.summarisedBy).toBe('llm');
    expect(output.summary.summary).toBe(FRENCH_REPLY.summary);
    expect(correction(1)).toContain('summary is written in English (en), not French (fr); write it in French (fr).');
    expect(correction(1)).toContain('keyTakeaways is written in English (en), not French (fr)');
    expect(s.qualityCounts()).toMatchObject({ retries: 1, wrongLanguage: 1 });
  });

  it('accepts a French reply at once', async () => {
    server.enqueue({ kind: 'json', body: FRENCH_REPLY });
    const output = await summariser().summarise(french);
    expect(output.summarisedBy).toBe('llm');
    expect(server.requests).toHaveLength(1);
  });

  it('falls back when the retry is still in the wrong language', async () => {
    server.enqueue({ kind: 'json', body: REAL_LENGTH_REPLY }, { kind: 'json', body: REAL_LENGTH_REPLY });
    const s = summariser();
    const output = await s.summarise(french);
    expect(output.summarisedBy).toBe('offline-fallback');
    expect(s.qualityCounts()).toMatchObject({ retries: 1, wrongLanguage: 2, fallbacks: 1 });
  });
});
