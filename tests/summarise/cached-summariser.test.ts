import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Piece } from '../../src/domain/piece.ts';
import type { Store } from '../../src/store/store.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { createCachedSummariser } from '../../src/summarise/cached-summariser.ts';
import { createLlmSummariser } from '../../src/summarise/llm-summariser.ts';
import { createOfflineSummariser } from '../../src/summarise/offline-summariser.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-server.ts';
import { articlePiece } from './fixtures/long-article.ts';
import { silentLogger, validReply } from './fixtures/fake-replies.ts';
import { FRENCH_REPLY } from './fixtures/french-reply.ts';

const piece = (id: string): Piece => articlePiece(id);

let server: FakeOpenAiServer;
let store: Store;
beforeEach(async () => {
  // The fake model answers in the language it is asked for (a reply in another language is retried).
  server = await startFakeOpenAiServer({ fallbackReply: (request) => ({ kind: 'json', body: request.body.messages?.[0]?.content.includes('French (fr)') ? FRENCH_REPLY : validReply() }) });
  store = await createSqliteStore({ path: ':memory:' });
});
afterEach(async () => {
  expect(server.problems).toEqual([]);
  await server.close();
  await store.close();
});

const llm = () =>
  createLlmSummariser({
    baseURL: server.baseURL,
    model: 'test-model',
    language: 'en',
    maxInputTokens: 6_000,
    concurrency: 4,
    timeoutMs: 5_000,
    maxRetries: 0,
    fallback: createOfflineSummariser(),
    logger: silentLogger(),
  });
const cachedOver = () => createCachedSummariser({ store, summariser: llm(), logger: silentLogger() });
const epoch = new Date(0);

describe('cached summariser', () => {
  it('makes one LLM call per piece across three channels, and none on a rerun', async () => {
    const pieces = [piece('a'), piece('b')];
    const cache = cachedOver();
    // Three channels receive the same two pieces in the same run.
    const results = await Promise.all([1, 2, 3].flatMap(() => pieces.map((p) => cache.summarisePiece(p, 'Gridworld Notes', 'en'))));
    expect(server.requests).toHaveLength(2);
    expect(results.every((r) => r.summarisedBy === 'llm')).toBe(true);
    expect(new Set(results.map((r) => JSON.stringify(r.summary))).size).toBe(1);
    expect(await store.llmUsageSince(epoch)).toMatchObject({ calls: 2 });

    // A later run (new process, same store): served from the store.
    const rerun = await Promise.all(pieces.map((p) => cachedOver().summarisePiece(p, 'Gridworld Notes', 'en')));
    expect(server.requests).toHaveLength(2);
    expect(rerun.every((r) => r.cached && r.summarisedBy === 'llm')).toBe(true);
    expect(rerun[0]!.summary).toEqual(results[0]!.summary);
    expect((await store.llmUsageSince(epoch)).calls).toBe(2);
  });

  it('summarises again for another language', async () => {
    const cache = cachedOver();
    await cache.summarisePiece(piece('a'), 'Gridworld Notes', 'en');
    await cache.summarisePiece(piece('a'), 'Gridworld Notes', 'fr');
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.body.messages?.[0]?.content).toContain('French (fr)');
    await cache.summarisePiece(piece('a'), 'Gridworld Notes', 'fr');
    expect(server.requests).toHaveLength(2);
  });

  it('serves a fallback but does not cache it, so the next run tries the LLM again', async () => {
    server.enqueue({ kind: 'raw', content: 'nope' }, { kind: 'raw', content: 'still nope' });
    const first = await cachedOver().summarisePiece(piece('a'), 'Gridworld Notes', 'en');
    expect(first.summarisedBy).toBe('offline-fallback');
    expect(first.cached).toBe(false);
    expect(server.requests).toHaveLength(2);

    const second = await cachedOver().summarisePiece(piece('a'), 'Gridworld Notes', 'en');
    expect(second.summarisedBy).toBe('llm');
    expect(second.cached).toBe(false);
    expect(server.requests).toHaveLength(3);
  });

  it('caches offline summaries too, without recording LLM usage', async () => {
    const cache = createCachedSummariser({ store, summariser: createOfflineSummariser(), logger: silentLogger() });
    const first = await cache.summarisePiece(piece('a'), 'Gridworld Notes', 'en');
    const again = await cache.summarisePiece(piece('a'), 'Gridworld Notes', 'en');
    expect(first).toMatchObject({ summarisedBy: 'offline', cached: false });
    expect(again).toMatchObject({ summarisedBy: 'offline', cached: true });
    expect(again.summary).toEqual(first.summary);
    expect((await store.llmUsageSince(epoch)).calls).toBe(0);
    expect(server.requests).toHaveLength(0);
  });
});
