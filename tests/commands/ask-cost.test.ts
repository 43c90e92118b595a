import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatchText } from '../../commands/dispatch.ts';
import { createAskUnderCost } from '../../src/budget/guarded-ask.ts';
import { ASK_PROMPT_VERSION } from '../../src/summarise/ask-piece.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-server.ts';
import { recordedPieceQa } from '../budget/recorded-piece-qa.ts';
import { insertPieces } from '../store/seed-pieces.ts';
import { createRig, digestPiece, makeDigest, makePiece, NOW, RIG_CONFIG, type TestRig } from './test-context.ts';

const TEXT = 'The method generalises to held-out tasks. With ensembles of three, the hack gap fell by sixty percent.';

let server: FakeOpenAiServer;
let rig: TestRig;

beforeEach(async () => {
  server = await startFakeOpenAiServer({ fallbackReply: () => ({ kind: 'json', body: { answered: true, answer: 'It generalises.', quote: 'The method generalises to held-out tasks' } }) });
  rig = await createRig();
  wireGuardedAsk(rig);
  await rig.store.saveDigest(makeDigest('d1', new Date('2026-11-20T09:00:00Z'), [digestPiece(1, { title: 'Reward hacking in the wild' })]));
  await insertPieces(rig.store, makePiece('piece-1', TEXT));
});

/** The app's wiring of /digest ask: the real QA client against the fake server, the answer cache, limits and the bot's budget. */
function wireGuardedAsk(target: TestRig): void {
  const store = target.store;
  const qa = recordedPieceQa(server.baseURL, store, () => NOW);
  target.services.askPiece = qa;
  target.services.guardedAsk = createAskUnderCost({
    ask: qa,
    cache: store.askAnswers,
    model: 'qa-model',
    promptVersion: ASK_PROMPT_VERSION,
    limits: { perMemberPerHour: 10, perChannelPerHour: 60 },
    budget: target.services.bot.deps.budget,
    now: () => NOW,
  });
}
afterEach(async () => {
  expect(server.problems).toEqual([]);
  await server.close();
  await rig.store.close();
});

describe('/digest ask under cost control, through the command layer and a call-counting fake OpenAI server', () => {
  it('1,000 ask commands from one member cost at most the member’s limit in LLM calls', async () => {
    const replies = [];
    for (let i = 0; i < 1000; i++) replies.push(await dispatchText(`ask 1 question number ${i}?`, rig.ctx()));
    expect(server.requests).toHaveLength(10);
    expect(replies.filter((r) => r.kind === 'ok')).toHaveLength(10);
    const refused = replies.filter((r) => r.kind !== 'ok');
    expect(refused).toHaveLength(990);
    expect(refused[0]!.text).toMatch(/You have asked 10 new questions in the last hour/);
    expect(refused[0]!.text).toMatch(/already asked about the same piece are answered at once/);
  });

  it('answers the same question from every member with one LLM call', async () => {
    for (let m = 0; m < 30; m++) {
      const reply = await dispatchText(m % 2 === 0 ? 'ask 1 Does it generalise?' : 'ask 1 does it generalise', { ...rig.ctx(), user: { id: `U${m}`, isAdmin: async () => false } });
      expect(reply.text).toContain('**A:** It generalises.');
    }
    expect(server.requests).toHaveLength(1);
    expect(await rig.store.usage.usageByPurpose('slack:T1', new Date(0))).toMatchObject([{ purpose: 'ask', calls: 1 }]);
  });
});

describe('/digest usage', () => {
  it('shows an admin this month’s calls and tokens by purpose, and refuses a member', async () => {
    await rig.store.close();
    rig = await createRig({ config: { ...RIG_CONFIG, cost: { monthlyTokenBudget: 100_000 } } });
    await rig.store.saveDigest(makeDigest('d1', new Date('2026-11-20T09:00:00Z'), [digestPiece(1, { title: 'Reward hacking in the wild' })]));
    await insertPieces(rig.store, makePiece('piece-1', TEXT));
    wireGuardedAsk(rig);
    await dispatchText('ask 1 does it generalise?', rig.ctx());
    const reply = await dispatchText('usage', rig.ctx({ admin: true }));
    expect(reply.kind).toBe('ok');
    expect(reply.text).toContain('**LLM usage of this workspace in November 2026** (UTC)');
    expect(reply.text).toMatch(/• Questions \(\/digest ask\): 1 call, [\d,]+ tokens/);
    expect(reply.text).toMatch(/Budget: [\d,]+ of 100,000 tokens \(\d+ %\) \(set by cost\.monthlyTokenBudget in the config file\); resets on 1 December 2026\./);
    expect((await dispatchText('usage', rig.ctx())).text).toMatch(/admins only/);
  });
});
