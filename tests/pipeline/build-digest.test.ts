import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { buildDigest, type BuildDigestDeps } from '../../src/pipeline/build-digest.ts';
import type { Store } from '../../src/store/store.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import { createRelevanceScorer } from '../../src/summarise/cached-relevance.ts';
import { createLlmRelevanceRater } from '../../src/summarise/rate-relevance.ts';
import { channelIn } from '../deliver/delivery-harness.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer, type RecordedRequest } from '../fakes/openai-server.ts';
import { hoursAgo, makePiece, NOW } from '../select/piece-factory.ts';
import { insertPieces } from '../store/seed-pieces.ts';

// No quality floor: these pieces carry placeholder text, and the test is about relevance alone.
const config = configSchema.parse({ selection: { pieces: 2, maxPerSource: 5, qualityFloor: 0 } });

/** A model that likes pieces whose title mentions interpretability and nothing else. */
function likesInterpretability(request: RecordedRequest) {
  const user = request.body.messages?.find((m) => m.role === 'user')?.content ?? '';
  const items = [...user.matchAll(/<item id="(\d+)">\nTitle: ([^\n]*)/g)];
  return { kind: 'json' as const, body: { ratings: items.map((m) => ({ item: Number(m[1]), score: /interpretability/i.test(m[2]!) ? 10 : 0 })) } };
}

let store: Store;
let server: FakeOpenAiServer;
beforeEach(async () => {
  store = await createSqliteStore({ path: ':memory:' });
  server = await startFakeOpenAiServer({ fallbackReply: likesInterpretability });
});
afterEach(async () => {
  expect(server.problems).toEqual([]);
  await Promise.all([store.close(), server.close()]);
});

async function seed() {
  const { source } = await store.addSource({ url: 'https://example.org/feed.xml', name: 'The Gradient' });
  const channel = await channelIn(store, 'c1', { pieces: 2 });
  await store.subscribe({ channelId: channel.id, sourceId: source.id, origin: 'chat', fullText: false });
  // The interpretability piece is the oldest and shortest: without relevance it loses.
  const pieces = [
    makePiece({ id: 'fresh-1', sourceId: source.id, title: 'Scaling laws revisited', publishedAt: hoursAgo(1), wordCount: 2000 }),
    makePiece({ id: 'fresh-2', sourceId: source.id, title: 'A new optimiser', publishedAt: hoursAgo(2), wordCount: 2000 }),
    makePiece({ id: 'interp', sourceId: source.id, title: 'Interpretability of reward models', publishedAt: hoursAgo(60), wordCount: 700 }),
  ];
  for (const piece of pieces) await insertPieces(store, { ...piece, fetchedAt: hoursAgo(0.5) });
  return channel;
}

const deps = (extra: Partial<BuildDigestDeps> = {}): BuildDigestDeps => ({
  store,
  config,
  logger: silentLogger(),
  now: () => NOW,
  summarise: async () => ({ summary: { summary: 'S.', whyItMatters: null, whatToBuild: null, keyTakeaways: ['a', 'b', 'c'] }, summarisedBy: 'offline' }),
  ...extra,
});

describe('buildDigest with LLM relevance', () => {
  it('lets the cached LLM relevance lift a piece the rest of the score would drop, and rates it once', async () => {
    const channel = await seed();
    expect((await buildDigest(deps(), channel, { edition: 'e0' }))!.pieces.map((p) => p.pieceId)).toEqual(['fresh-1', 'fresh-2']);

    const rater = createLlmRelevanceRater({ baseURL: server.baseURL, model: 'm', timeoutMs: 5_000, maxRetries: 0, logger: silentLogger() });
    const scoreRelevance = createRelevanceScorer({ store, rater, logger: silentLogger(), now: () => NOW });
    const digest = await buildDigest(deps({ scoreRelevance }), channel, { edition: 'e1' });
    expect(digest!.pieces[0]!.pieceId).toBe('interp');
    expect(digest!.pieces[0]!.reason).toContain('rated 10/10 for this channel');
    await buildDigest(deps({ scoreRelevance }), channel, { edition: 'e2' });
    expect(server.requests).toHaveLength(1);
  });

  it('still builds the digest when relevance scoring fails outright', async () => {
    const channel = await seed();
    const digest = await buildDigest(deps({ scoreRelevance: async () => {
      throw new Error('store down');
    } }), channel, { edition: 'e1' });
    expect(digest!.pieces.map((p) => p.pieceId)).toEqual(['fresh-1', 'fresh-2']);
  });
});

describe('buildDigest when nothing is worth the time', () => {
  async function seedNoise() {
    const { source } = await store.addSource({ url: 'https://example.org/noise.xml', name: 'Ahead of AI' });
    const channel = await channelIn(store, 'c2', { pieces: 4, language: 'de' });
    await store.subscribe({ channelId: channel.id, sourceId: source.id, origin: 'chat', fullText: false });
    for (const [id, title] of [['n1', 'Links for the week'], ['n2', "We're hiring research engineers"], ['n3', 'Reader mailbag: your questions']]) {
      await insertPieces(store, { ...makePiece({ id: id!, sourceId: source.id, title: title!, publishedAt: hoursAgo(2) }), fetchedAt: hoursAgo(0.5) });
    }
    return channel;
  }
  const floored = (whenNothingWorthIt: 'notice' | 'skip') => configSchema.parse({ selection: { whenNothingWorthIt } });

  it("posts the notice, in the channel's language, with what was left out", async () => {
    const channel = await seedNoise();
    const digest = await buildDigest({ ...deps(), config: floored('notice') }, channel, { edition: 'e1' });
    expect(digest!.pieces).toEqual([]);
    expect(digest!.headerLine).toBe('Heute nichts, das Ihre Zeit wert ist. 3 neue Beiträge geprüft; keiner hat die Schwelle erreicht.');
    expect(digest!.passed!.map((p) => p.reason.kind)).toEqual(['belowFloor', 'belowFloor', 'belowFloor']);
  });

  it('skips the edition when configured to', async () => {
    const channel = await seedNoise();
    expect(await buildDigest({ ...deps(), config: floored('skip') }, channel, { edition: 'e1' })).toBeNull();
  });
});
