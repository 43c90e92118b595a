import { costConfigSchema, type CostConfig } from '../../src/budget/cost-config.ts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDiscussionService, type DiscussionService } from '../../src/discussion/discussion-service.ts';
import { questionText } from '../../src/discussion/thread-answer.ts';
import type { ThreadEvent } from '../../src/discussion/thread-events.ts';
import { discussionConfigSchema } from '../../src/config/discussion-schema.ts';
import type { LlmUsage } from '../../src/domain/summary.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-server.ts';
import { REWARD_HACKING_PIECE } from '../fixtures/discussion/reward-hacking-thread.ts';
import { seedDeliveredDigest, type DeliveredDigest } from './discussion-harness.ts';
import { createRecordingReplyPoster } from './recording-reply-poster.ts';

const now = () => new Date('2026-03-30T12:00:00.000Z');
const scope = { platform: 'discord' as const, workspaceId: 'g1' };

describe('a question to the bot in a piece’s thread', () => {
  let llm: FakeOpenAiServer;
  let store: Store;
  let seeded: DeliveredDigest;
  let platform: ReturnType<typeof createRecordingReplyPoster>;
  let service: DiscussionService;
  const usage: LlmUsage[] = [];
  const serviceWith = (cost: CostConfig): DiscussionService => {
    const made = createDiscussionService({
      store,
      config: discussionConfigSchema.parse({}),
      cost,
      llm: { baseURL: llm.baseURL, apiKey: 'k', model: 'fake-model', timeoutMs: 5_000, maxRetries: 0 },
      recordUsage: (u) => usage.push(u),
      holder: 'i1',
      now,
      logger: silentLogger(),
    });
    made.attach('discord', platform.poster);
    return made;
  };

  beforeAll(async () => {
    llm = await startFakeOpenAiServer();
  });
  afterAll(async () => llm.close());
  beforeEach(async () => {
    store = await createSqliteStore({ path: ':memory:' });
    seeded = await seedDeliveredDigest(store, { pieces: [{}, { title: REWARD_HACKING_PIECE.title, contentText: REWARD_HACKING_PIECE.text }, {}] });
    platform = createRecordingReplyPoster();
    usage.length = 0;
    llm.requests.length = 0;
    service = serviceWith(costConfigSchema.parse({}));
  });
  afterEach(async () => store.close());

  const handle = async (event: ThreadEvent): Promise<void> => {
    await service.handleEvent(event);
    await service.idle();
  };
  const mention = (overrides: Partial<Extract<ThreadEvent, { kind: 'message' }>> = {}): ThreadEvent => ({
    kind: 'message',
    scope,
    messageId: 'q1',
    refersTo: [seeded.ids.pieces[1]!, seeded.ids.thread],
    authorId: 'u7',
    authorName: 'Sam',
    fromBot: false,
    text: '<@900000000000000001> how many runs showed the early signal?',
    permalink: 'https://discord.com/channels/g1/t/q1',
    at: now(),
    mentionsBot: true,
    edited: false,
    ...overrides,
  });

  it('answers in the thread, under the question, with the quote checked against the piece — once, however often the event comes', async () => {
    llm.enqueue({ kind: 'json', body: { answered: true, answer: 'The probe rose early in 34 of the 36 runs.', quote: 'in 34 of the 36 runs' } });
    await handle(mention());
    await handle(mention());
    expect(platform.replies).toHaveLength(1);
    const [reply] = platform.replies;
    expect(reply!.target).toEqual({ threadId: seeded.ids.thread, fallback: false, replyTo: 'q1' });
    expect(reply!.text).toContain('Q: how many runs showed the early signal?');
    expect(reply!.text).toContain('A: The probe rose early in 34 of the 36 runs.');
    expect(reply!.text).toContain('From the piece: “in 34 of the 36 runs”');
    expect(llm.requests).toHaveLength(1);
    expect(JSON.stringify(llm.requests[0]!.body.messages)).toContain('<question>\\nhow many runs showed the early signal?');
    expect(usage.map((u) => [u.purpose, u.workspace])).toEqual([['ask', 'discord:g1']]);
  });

  it('grounds the answer in the discussion too, and says whose comment a quote comes from', async () => {
    await handle({ ...mention({ messageId: 'c1', authorName: 'Lena Fischer', mentionsBot: false, text: 'This is close to what Gao, Schulman and Hilton (2022) measured.' }) });
    llm.enqueue({ kind: 'json', body: { answered: true, answer: 'A reader points to Gao, Schulman and Hilton (2022).', quote: 'Gao, Schulman and Hilton (2022)' } });
    await handle(mention({ text: '<@900000000000000001> is there prior work on this?' }));
    expect(platform.replies.at(-1)!.text).toContain("From Lena Fischer's comment: “Gao, Schulman and Hilton (2022)”");
    expect(JSON.stringify(llm.requests.at(-1)!.body.messages)).toContain("Readers' discussion of the piece");
  });

  it('asks which piece when a thread reply names none', async () => {
    await handle(mention({ refersTo: [seeded.ids.thread], text: '<@900000000000000001> what is the main result?' }));
    expect(platform.replies).toHaveLength(1);
    expect(platform.replies[0]!.text).toContain('Which piece is that about?');
    expect(llm.requests).toHaveLength(0);
  });

  it('withholds an answer whose quote is not in the text, as /digest ask does', async () => {
    llm.enqueue({ kind: 'json', body: { answered: true, answer: 'All 36 runs.', quote: 'all 36 runs hacked at once' } });
    await handle(mention());
    expect(platform.replies[0]!.text).toContain('does not answer that');
    expect(platform.replies[0]!.text).not.toContain('All 36 runs.');
  });

  it('says so in the thread when the workspace budget is spent, without calling the model', async () => {
    await store.workspaces.updateWorkspaceSettings('discord:g1', { monthlyTokenBudget: 10 }, now());
    await store.recordLlmUsage({ at: now(), purpose: 'summary', model: 'm', contentHash: null, promptTokens: 20, completionTokens: 0, workspace: 'discord:g1' });
    await handle(mention());
    expect(platform.replies[0]!.text).toMatch(/monthly LLM budget/);
    expect(llm.requests).toHaveLength(0);
  });

  it('holds to the budget the config file states, as /digest ask does', async () => {
    service = serviceWith(costConfigSchema.parse({ monthlyTokenBudget: 10 }));
    await store.recordLlmUsage({ at: now(), purpose: 'summary', model: 'm', contentHash: null, promptTokens: 20, completionTokens: 0, workspace: 'discord:g1' });
    await handle(mention());
    expect(platform.replies[0]!.text).toMatch(/monthly LLM budget of 10 tokens/);
    expect(llm.requests).toHaveLength(0);
  });

  it('strips the mention and the piece number from the question', () => {
    expect(questionText('<@U0BOT> 2. what dataset?')).toBe('what dataset?');
    expect(questionText('@digest-bot, #3: is it linear?')).toBe('is it linear?');
    expect(questionText('<@U0BOT> <@U0OTHER> why?')).toBe('why?');
  });
});
