import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderHeader } from '../../adapters/console/render-digest.ts';
import { renderHeaderContent } from '../../adapters/discord/render-digest-embeds.ts';
import { renderHeaderMessage } from '../../adapters/slack/render-digest-blocks.ts';
import { budgetLlmGate } from '../../src/budget/llm-gate.ts';
import { attributeUsage } from '../../src/budget/usage-scope.ts';
import { createBudgetGuard } from '../../src/budget/workspace-budget.ts';
import { configSchema } from '../../src/config/schema.ts';
import type { LlmUsage } from '../../src/domain/summary.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { buildDigest, type BuildDigestDeps } from '../../src/pipeline/build-digest.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { createCachedSummariser } from '../../src/summarise/cached-summariser.ts';
import { createLlmSummariser } from '../../src/summarise/llm-summariser.ts';
import { createOfflineSummariser } from '../../src/summarise/offline-summariser.ts';
import { channelIn } from '../deliver/delivery-harness.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-server.ts';
import { makePiece, NOW } from '../select/piece-factory.ts';
import { insertPieces } from '../store/seed-pieces.ts';
import { validReply } from '../summarise/fixtures/fake-replies.ts';
import { LONG_ARTICLE } from '../summarise/fixtures/long-article.ts';

const config = configSchema.parse({ selection: { pieces: 2, maxPerSource: 5, qualityFloor: 0 } });

let clock = NOW;
let store: Store;
let server: FakeOpenAiServer;
beforeEach(async () => {
  clock = NOW;
  store = await createSqliteStore({ path: ':memory:' });
  server = await startFakeOpenAiServer({ fallbackReply: () => ({ kind: 'json', body: validReply() }) });
});
afterEach(async () => {
  expect(server.problems).toEqual([]);
  await Promise.all([store.close(), server.close()]);
});

function deps(budget: number): BuildDigestDeps {
  const recorder = { ...store, recordLlmUsage: attributeUsage((usage: LlmUsage) => store.recordLlmUsage(usage)) } as Store;
  const logger = silentLogger();
  const llm = createCachedSummariser({
    store: recorder,
    logger,
    now: () => clock,
    summariser: createLlmSummariser({ baseURL: server.baseURL, model: 'm', language: 'en', maxInputTokens: 6_000, concurrency: 2, timeoutMs: 5_000, maxRetries: 0, fallback: createOfflineSummariser(), logger }),
  });
  const offline = createCachedSummariser({ store: recorder, logger, now: () => clock, summariser: createOfflineSummariser() });
  return {
    store,
    config,
    logger,
    now: () => clock,
    summarise: (piece, source, language) => llm.summarisePiece(piece, source, language),
    summariseOffline: (piece, source, language) => offline.summarisePiece(piece, source, language),
    llmGate: budgetLlmGate(createBudgetGuard({ store, defaultMonthlyTokens: budget, warnAtRatio: 0.8, now: () => clock })),
  };
}

let seq = 0;
async function addPieces(sourceId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    seq += 1;
    await insertPieces(store,
      makePiece({ id: `p${seq}`, sourceId, title: `Reward hacking study ${seq}`, contentText: `${LONG_ARTICLE.slice(0, 3_000)} (${seq})`, contentHash: `h${seq}`, publishedAt: new Date(clock.getTime() - 3_600_000),
        fetchedAt: new Date(clock.getTime() - 1_800_000 + seq * 1000) }));
  }
}

describe('the monthly LLM budget in a digest, against a call-counting fake OpenAI server', () => {
  it('summarises the next digest with zero LLM calls once the budget is spent, and its header says why', async () => {
    const { source } = await store.addSource({ url: 'https://example.org/feed.xml', name: 'Gridworld Notes' });
    const channel = await channelIn(store, 'C0DIGEST', { pieces: 2 }, 'slack', 'T1');
    await store.subscribe({ channelId: channel.id, sourceId: source.id, origin: 'chat', fullText: false });
    await addPieces(source.id, 2);

    const first = (await buildDigest(deps(1_000), channel, { edition: 'e1' }))!;
    expect(server.requests).toHaveLength(2);
    expect(first.offlineReason).toBeUndefined();
    expect(first.pieces.every((p) => p.summarisedBy === 'llm')).toBe(true);
    await store.saveDigest(first);
    // Those two calls are the workspace's, and they spent its 1,000 tokens.
    const used = (await store.usage.usageByPurpose('slack:T1', new Date(0))).reduce((s, u) => s + u.promptTokens + u.completionTokens, 0);
    expect(used).toBeGreaterThan(1_000);

    clock = new Date(NOW.getTime() + 3 * 3_600_000);
    await addPieces(source.id, 2);
    const second = (await buildDigest(deps(1_000), channel, { edition: 'e2' }))!;
    expect(server.requests).toHaveLength(2);
    expect(second.pieces.map((p) => p.summarisedBy)).toEqual(['offline', 'offline']);
    expect(second.offlineReason).toEqual({ kind: 'budget', limit: 1_000, resetsAt: '2026-12-01T00:00:00.000Z' });
    const notice = "Summarised offline because this workspace's monthly LLM budget of 1,000 tokens is used up; it resets on 1 December 2026";
    expect(renderHeaderContent(second)).toContain(notice);
    expect(JSON.stringify(renderHeaderMessage(second).blocks)).toContain(notice);
    expect(renderHeader(second, { width: 200, color: false })).toContain(notice);

    // The reason is kept with the stored edition.
    await store.saveDigest(second);
    expect((await store.getDigest(second.id))?.offlineReason).toEqual(second.offlineReason);
    expect((await store.getDigest(first.id))?.offlineReason).toBeUndefined();
  });

  it('leaves another workspace’s digests on the LLM', async () => {
    const { source } = await store.addSource({ url: 'https://example.org/feed.xml', name: 'Gridworld Notes' });
    const spent = await channelIn(store, 'C1', { pieces: 2 }, 'slack', 'T1');
    const other = await channelIn(store, '200', { pieces: 2 }, 'discord', 'g2');
    for (const c of [spent, other]) await store.subscribe({ channelId: c.id, sourceId: source.id, origin: 'chat', fullText: false });
    await store.recordLlmUsage({ at: NOW, purpose: 'summary', model: 'm', contentHash: null, promptTokens: 5_000, completionTokens: 0, workspace: 'slack:T1' });
    await addPieces(source.id, 2);
    expect((await buildDigest(deps(1_000), spent, { edition: 'e1' }))!.offlineReason).toMatchObject({ kind: 'budget' });
    expect(server.requests).toHaveLength(0);
    const fine = (await buildDigest(deps(1_000), other, { edition: 'e1' }))!;
    expect(fine.offlineReason).toBeUndefined();
    expect(server.requests).toHaveLength(2);
  });
});
