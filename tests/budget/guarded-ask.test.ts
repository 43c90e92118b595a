import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normaliseQuestion, type AskRequest } from '../../src/budget/ask-cache.ts';
import { createAskUnderCost, type AskCaller } from '../../src/budget/guarded-ask.ts';
import { createBudgetGuard } from '../../src/budget/workspace-budget.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-server.ts';
import { recordedPieceQa } from './recorded-piece-qa.ts';

const NOW = new Date('2026-03-30T10:00:00.000Z');
const TEXT = 'The team trained three reward models. With ensembles of three, the median hack gap fell by sixty percent.';

let server: FakeOpenAiServer;
let store: Store;
let now: Date;

beforeEach(async () => {
  // Every question gets a grounded answer; each request is one counted LLM call.
  server = await startFakeOpenAiServer({ fallbackReply: () => ({ kind: 'json', body: { answered: true, answer: 'Sixty percent.', quote: 'the median hack gap fell by sixty percent' } }) });
  store = await createSqliteStore({ path: ':memory:' });
  now = NOW;
});
afterEach(async () => {
  expect(server.problems).toEqual([]);
  await server.close();
  await store.close();
});

function guardedAsk(options: { perMember?: number; perChannel?: number; budget?: number | null } = {}) {
  const qa = recordedPieceQa(server.baseURL, store, () => now);
  return createAskUnderCost({
    ask: qa,
    cache: store.askAnswers,
    model: 'qa-model',
    promptVersion: 'ask-1',
    limits: { perMemberPerHour: options.perMember ?? 10, perChannelPerHour: options.perChannel ?? 60 },
    budget: createBudgetGuard({ store, defaultMonthlyTokens: options.budget ?? null, warnAtRatio: 0.8, now: () => now }),
    now: () => now,
  });
}

const request = (question: string, contentHash = 'piece-1'): AskRequest => ({ contentHash, title: 'Reward hacking', sourceName: 'Forum', text: TEXT, question, language: 'en' });
const caller = (member = 'U1', channel = 'slack:T1:C1'): AskCaller => ({ workspace: 'slack:T1', member: `slack:T1:${member}`, channel });

describe('normaliseQuestion', () => {
  it('folds case, whitespace, surrounding quotes and trailing punctuation, and nothing else', () => {
    expect(normaliseQuestion('  What is the MAIN   result?? ')).toBe('what is the main result');
    expect(normaliseQuestion('“what is the main result”')).toBe('what is the main result');
    expect(normaliseQuestion('what is the main result !')).toBe('what is the main result');
    expect(normaliseQuestion('Ｗｈａｔ is it？')).toBe('what is it');
    expect(normaliseQuestion('What is the result?')).not.toBe(normaliseQuestion('What was the result?'));
  });
});

describe('/digest ask under cost control, against a call-counting fake OpenAI server', () => {
  it('1,000 questions from one member cost at most the member’s hourly limit in LLM calls', async () => {
    const ask = guardedAsk({ perMember: 10 });
    const results = [];
    for (let i = 0; i < 1000; i++) results.push(await ask(caller(), request(`question number ${i}?`)));
    expect(server.requests).toHaveLength(10);
    expect(results.filter((r) => r.kind === 'answer')).toHaveLength(10);
    const refused = results.filter((r) => r.kind === 'refused');
    expect(refused).toHaveLength(990);
    expect(refused[0]).toMatchObject({ reason: 'rate-limited', message: expect.stringMatching(/asked 10 new questions in the last hour.*try again in 60 min/) as unknown });
    // Usage is in the store, attributed to the workspace.
    expect((await store.usage.usageByPurpose('slack:T1', new Date(0)))[0]).toMatchObject({ purpose: 'ask', calls: 10 });
  });

  it('answers a repeated question from the cache: one call however many members ask it, and no limit spent', async () => {
    const ask = guardedAsk({ perMember: 1 });
    const first = await ask(caller('U1'), request('What is the main result?'));
    expect(first).toMatchObject({ kind: 'answer', cached: false });
    for (let m = 2; m <= 50; m++) expect(await ask(caller(`U${m}`), request('what is the main result'))).toMatchObject({ kind: 'answer', cached: true });
    // The first member is at their limit for new questions, yet a cached one is still answered.
    expect(await ask(caller('U1'), request('WHAT IS THE MAIN RESULT?'))).toMatchObject({ kind: 'answer', cached: true });
    expect(await ask(caller('U1'), request('Another question?'))).toMatchObject({ kind: 'refused', reason: 'rate-limited' });
    expect(server.requests).toHaveLength(1);
  });

  it('shares one call between identical questions asked at the same time', async () => {
    const ask = guardedAsk();
    const results = await Promise.all(Array.from({ length: 20 }, (_, m) => ask(caller(`U${m}`), request('What is the main result?'))));
    expect(results.every((r) => r.kind === 'answer')).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('keys answers by piece text and language: another piece or language is a new question', async () => {
    const ask = guardedAsk();
    await ask(caller(), request('What is it?'));
    await ask(caller(), request('What is it?', 'piece-2'));
    await ask(caller(), { ...request('What is it?'), language: 'fr' });
    await ask(caller(), request('What is it?'));
    expect(server.requests).toHaveLength(3);
  });

  it('limits a whole channel too, and lets a member ask again once the hour has passed', async () => {
    const ask = guardedAsk({ perMember: 5, perChannel: 3 });
    for (let m = 0; m < 3; m++) expect((await ask(caller(`U${m}`), request(`q${m}`))).kind).toBe('answer');
    expect(await ask(caller('U9'), request('q9'))).toMatchObject({ kind: 'refused', message: expect.stringMatching(/This channel has asked 3 new questions/) as unknown });
    expect((await ask(caller('U9', 'slack:T1:C2'), request('q9'))).kind).toBe('answer');
    now = new Date(NOW.getTime() + 3_600_001);
    expect((await ask(caller('U9'), request('q10'))).kind).toBe('answer');
  });

  it('gives the slot back when the LLM call fails, and does not cache the failure', async () => {
    const ask = guardedAsk({ perMember: 1 });
    server.enqueue({ kind: 'status', status: 500 });
    await expect(ask(caller(), request('What failed?'))).rejects.toThrow(/could not answer right now/);
    expect(await ask(caller(), request('What failed?'))).toMatchObject({ kind: 'answer', cached: false });
    expect(server.requests).toHaveLength(2);
  });

  it('makes no new call once the workspace budget is spent, but still serves cached answers', async () => {
    const ask = guardedAsk({ budget: 1_000 });
    await ask(caller(), request('Cached before the budget ran out?'));
    await store.recordLlmUsage({ at: now, purpose: 'summary', model: 'm', contentHash: null, promptTokens: 990, completionTokens: 10, workspace: 'slack:T1' });
    const refused = await ask(caller(), request('A new question?'));
    expect(refused).toMatchObject({ kind: 'refused', reason: 'over-budget', message: expect.stringMatching(/budget of 1,000 tokens is used up.*resets on 1 April 2026/) as unknown });
    expect(await ask(caller(), request('cached before the budget ran out'))).toMatchObject({ kind: 'answer', cached: true });
    // Another workspace has its own budget.
    expect((await ask({ ...caller(), workspace: 'slack:T2' }, request('A new question?'))).kind).toBe('answer');
    expect(server.requests).toHaveLength(2);
  });
});
