import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBudgetGuard } from '../../src/budget/workspace-budget.ts';
import { DISCUSSION_SECTIONS, type DiscussionComment } from '../../src/discussion/discussion-model.ts';
import { createLlmDiscussion, type DiscussionReply } from '../../src/discussion/llm-discussion.ts';
import { createDiscussionSummariser } from '../../src/discussion/summarise-discussion.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-server.ts';
import { expectedAuthors, fixtureComments, REWARD_HACKING_PIECE, REWARD_HACKING_THREAD } from '../fixtures/discussion/reward-hacking-thread.ts';

const now = () => new Date('2026-04-01T10:00:00.000Z');
const piece = { contentHash: 'hash-rh', title: REWARD_HACKING_PIECE.title, sourceName: 'Alignment Notes', summary: REWARD_HACKING_PIECE.text };

/** The label the prompt gives a fixture comment: c1…cN in the order the bounded list has them (most engaged first). */
function labelOf(prompt: string, author: string): string {
  const match = new RegExp(`id: (c\\d+)\\nauthor: ${author}\\n`).exec(prompt);
  if (match === null) throw new Error(`${author} is not in the prompt`);
  return match[1]!;
}

/** What a good model would answer for the fixture, plus one point whose quote no comment contains and one naming no comment. */
function modelReply(prompt: string): DiscussionReply {
  const point = (author: string, gist: string, quote: string) => ({ comment: labelOf(prompt, author), point: gist, quote });
  return {
    debating: [
      point('Mira Okafor', 'Separates the probe detecting uncertainty from the policy choosing to exploit it.', 'the post conflates two things'),
      point('Priya Raman', 'Suspects the 2,000-step lead comes from the learning-rate schedule.', 'the warmup ends right around there'),
      point('Ines Duarte', 'Argues averaging the confidence over tokens dilutes a spike.', 'so a long answer dilutes a sharp spike'),
      // Invented: no comment says this.
      point('Mira Okafor', 'Claims the probe is useless.', 'the probe is useless and should be dropped'),
    ],
    experiments: [
      point('Tom Reyes', 'Proposes a symmetrised dataset with matched avoid-X prompts and an answer-only SFT baseline.', 'for every include-X prompt add a matched avoid-X prompt'),
      point('Kofi Mensah', 'Re-initialise the last four layers and test transfer. See https://evil.example/win', 'Re-initialise the last four layers of the reward model'),
    ],
    priorWork: [
      point('Lena Fischer', 'Points to Gao, Schulman and Hilton (2022) on reward model overoptimization.', 'Gao, Schulman and Hilton (2022)'),
      point('Yuki Tanaka', 'Notes the earlier, broader meaning of "reward hacking" in Amodei et al. (2016).', 'Amodei et al. (2016)'),
      { comment: 'c99', point: 'A comment that does not exist.', quote: 'nothing' },
    ],
    questions: [
      point('Sam Patel', 'Asks whether some band of layers peaks early.', 'is there a band where the probe peaks well before step 2,000'),
      point('Ada Novak', 'Asks whether the result holds with a different reward model architecture. <@U123> @everyone', 'a reward model with a different architecture'),
    ],
  };
}

describe('the discussion digest with a model', () => {
  let llm: FakeOpenAiServer;
  let store: Store;
  beforeAll(async () => {
    llm = await startFakeOpenAiServer();
  });
  afterAll(async () => llm.close());
  beforeEach(async () => {
    store = await createSqliteStore({ path: ':memory:' });
    llm.requests.length = 0;
  });
  afterEach(async () => store.close());

  const summariser = (overrides: Partial<Parameters<typeof createDiscussionSummariser>[0]> = {}) =>
    createDiscussionSummariser({
      llm: createLlmDiscussion({ baseURL: llm.baseURL, apiKey: 'test', model: 'fake-model', timeoutMs: 5_000, maxRetries: 0, logger: silentLogger() }),
      model: 'fake-model',
      cache: store.askAnswers,
      now,
      logger: silentLogger(),
      ...overrides,
    });

  it('gives each section the right points, each attributed and linked, with zero quotes absent from the comments', async () => {
    let prompt = '';
    // The reply depends on the labels in the prompt, so it is built from the request the fake received.
    const fallback = (request: { body: { messages?: { role: string; content: string }[] } }) => {
      prompt = request.body.messages?.find((m) => m.role === 'user')?.content ?? '';
      return { kind: 'json' as const, body: modelReply(prompt) };
    };
    const local = await startFakeOpenAiServer({ fallbackReply: fallback });
    try {
      const digest = await createDiscussionSummariser({
        llm: createLlmDiscussion({ baseURL: local.baseURL, apiKey: 'test', model: 'fake-model', timeoutMs: 5_000, maxRetries: 0, logger: silentLogger() }),
        model: 'fake-model',
        cache: store.askAnswers,
        now,
        logger: silentLogger(),
      })({ workspace: 'discord:g1', piece, comments: fixtureComments(), language: 'en' });
      expect(digest.summarisedBy).toBe('llm');
      for (const { key } of DISCUSSION_SECTIONS) {
        const authors = (digest.sections.find((s) => s.key === key)?.points ?? []).map((p) => p.author).sort();
        // The model's section for Ines is "debating" only; the fixture also lists her question, which the model did not pick.
        const expected = key === 'questions' ? expectedAuthors(key).filter((a) => a !== 'Ines Duarte') : expectedAuthors(key);
        expect({ key, authors }).toEqual({ key, authors: expected });
      }
      const byId = new Map(fixtureComments().map((c) => [c.id, c]));
      const points = digest.sections.flatMap((s) => s.points);
      for (const p of points) {
        expect(byId.get(p.commentId)!.text).toContain(p.quote);
        expect(p.author).toBe(byId.get(p.commentId)!.author);
        expect(p.permalink).toBe(byId.get(p.commentId)!.permalink);
      }
      expect(points.map((p) => p.quote)).not.toContain('the probe is useless and should be dropped');
      const text = JSON.stringify(points);
      expect(text).not.toContain('evil.example');
      expect(text).not.toContain('<@U123>');
      expect(text).not.toMatch(/@everyone/);
      // The comments reached the model fenced, each once, with the piece.
      expect(prompt.match(/<item>/g)).toHaveLength(REWARD_HACKING_THREAD.length);
      expect(prompt).toContain(REWARD_HACKING_PIECE.title);
      expect(local.problems).toEqual([]);
    } finally {
      await local.close();
    }
  });

  it('digests the same discussion once: the second time comes from the cache', async () => {
    const local = await startFakeOpenAiServer({ fallbackReply: (r) => ({ kind: 'json', body: modelReply(r.body.messages?.find((m) => m.role === 'user')?.content ?? '') }) });
    try {
      const make = () =>
        createDiscussionSummariser({
          llm: createLlmDiscussion({ baseURL: local.baseURL, apiKey: 'test', model: 'fake-model', timeoutMs: 5_000, maxRetries: 0, logger: silentLogger() }),
          model: 'fake-model',
          cache: store.askAnswers,
          now,
          logger: silentLogger(),
        });
      const input = { workspace: 'discord:g1' as const, piece, comments: fixtureComments(), language: 'en' };
      const first = await make()(input);
      const second = await make()(input);
      expect(second).toEqual(first);
      expect(local.requests).toHaveLength(1);
      // A new reply is a new discussion.
      await make()({ ...input, comments: [...fixtureComments(), { ...fixtureComments()[0]!, id: 't:new', text: 'One more objection: the baseline is weak.' }] });
      expect(local.requests).toHaveLength(2);
    } finally {
      await local.close();
    }
  });

  it('quotes the comments instead when the model fails, and never posts a gist it did not check', async () => {
    llm.enqueue({ kind: 'status', status: 500 });
    const digest = await summariser()({ workspace: 'discord:g1', piece, comments: fixtureComments(), language: 'en' });
    expect(digest.summarisedBy).toBe('offline-fallback');
    expect(digest.sections.flatMap((s) => s.points).every((p) => p.point === null)).toBe(true);
  });

  it('falls back to quotes when nothing the model said survives the check', async () => {
    llm.enqueue({ kind: 'json', body: { debating: [{ comment: 'c1', point: 'Made up.', quote: 'words nobody wrote' }], experiments: [], priorWork: [], questions: [] } });
    const digest = await summariser()({ workspace: 'discord:g1', piece, comments: fixtureComments(), language: 'en' });
    expect(digest.summarisedBy).toBe('offline-fallback');
    expect(digest.sections.length).toBeGreaterThan(0);
  });

  it('makes no LLM call once the workspace budget is spent', async () => {
    await store.workspaces.updateWorkspaceSettings('discord:g1', { monthlyTokenBudget: 100 }, now());
    await store.recordLlmUsage({ at: now(), purpose: 'summary', model: 'fake-model', contentHash: null, promptTokens: 90, completionTokens: 20, workspace: 'discord:g1' });
    const budget = createBudgetGuard({ store, defaultMonthlyTokens: null, warnAtRatio: 0.8, now });
    const digest = await summariser({ budget })({ workspace: 'discord:g1', piece, comments: fixtureComments(), language: 'en' });
    expect(digest.summarisedBy).toBe('offline');
    expect(llm.requests).toHaveLength(0);
  });

  it('sends a thread of 500 replies to the model bounded', async () => {
    const replies: DiscussionComment[] = Array.from({ length: 500 }, (_, i) => ({
      id: `t:${i}`,
      origin: 'thread',
      author: `Reader ${i}`,
      text: `I disagree with point ${i}: ${'the framing is weak. '.repeat(30)}`,
      permalink: `https://x/${i}`,
      postedAt: new Date(Date.UTC(2026, 2, 30, 0, i)),
      engagement: i % 10,
    }));
    llm.enqueue({ kind: 'json', body: { debating: [], experiments: [], priorWork: [], questions: [] } });
    const digest = await summariser()({ workspace: 'discord:g1', piece, comments: replies, language: 'en' });
    const prompt = llm.requests[0]!.body.messages!.map((m) => m.content).join('\n');
    expect(prompt.match(/<item>/g)!.length).toBeLessThanOrEqual(60);
    expect(prompt.length).toBeLessThan(40_000);
    expect(digest.total).toBe(500);
    expect(digest.read).toBeLessThanOrEqual(60);
  });
});
