// LLM cost of a day of one workspace: 20 channels receive the same 4 pieces, and 200 members (10 per channel) ask
// 2 questions each about them, worded with the variations people type (case, punctuation, spacing). Against the
// call-counting fake OpenAI server, through the real cached summariser, the real ask client and the cost guard
// (cache, rate limits, budget) on an in-memory SQLite store. Calls must stay near the unique (piece, question)
// pairs, not the number of members or asks.
import { pino } from 'pino';
import { costConfigSchema } from '../src/budget/cost-config.ts';
import { createAskUnderCost } from '../src/budget/guarded-ask.ts';
import { attributeUsage, withUsageWorkspace } from '../src/budget/usage-scope.ts';
import { createBudgetGuard } from '../src/budget/workspace-budget.ts';
import type { Piece } from '../src/domain/piece.ts';
import type { LlmUsage } from '../src/domain/summary.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import type { Store } from '../src/store/store.ts';
import { createPieceQa } from '../src/summarise/ask-piece.ts';
import { createCachedSummariser } from '../src/summarise/cached-summariser.ts';
import { createLlmSummariser } from '../src/summarise/llm-summariser.ts';
import { createOfflineSummariser } from '../src/summarise/offline-summariser.ts';
import { startFakeOpenAiServer, type RecordedRequest } from '../tests/fakes/openai-server.ts';
import { articlePiece, LONG_ARTICLE, LONG_ARTICLE_TITLE } from '../tests/summarise/fixtures/long-article.ts';
import type { BenchResult } from './bench-result.ts';

const CHANNELS = 20;
const MEMBERS = 200;
const QUESTIONS_PER_MEMBER = 2;
const PIECES = 4;
const WORKSPACE = 'slack:T0BENCH' as const;
const DAY_START = new Date('2026-03-30T00:00:00Z');

/** Three things people ask about a piece, each typed several ways. */
const QUESTIONS = [
  ['What is the main result?', 'what is the main result', 'What is the main result ?', 'WHAT IS THE MAIN RESULT?'],
  ['Which models did they test?', 'which models did they test', 'Which models did they test??'],
  ['How could we reproduce this?', 'how could we reproduce this?', '  How could we reproduce this  '],
] as const;

const summaryReply = {
  summary: 'The authors study reward hacking in small gridworlds and find it usually grows gradually rather than appearing suddenly.',
  whyItMatters: 'Watching where an agent goes catches hacks earlier than watching its reward.',
  whatToBuild: 'A training dashboard tracking the share of off-script states.',
  keyTakeaways: ['Hacks grow in small steps.', 'Off-script states predict later hacks.', 'Reward ensembles narrow the gap.'],
};
// An answer made of the piece's own words: the groundedness check (src/summarise/ask-piece.ts) asks once more when an
// answer names numbers or names the piece does not contain, which would count a second call per question here.
const GROUNDED_ANSWER = LONG_ARTICLE.split(/(?<=\.)\s+/).find((s) => s.length > 40 && s.length < 300) ?? LONG_ARTICLE.slice(0, 200);
const answerReply = { answered: true, answer: GROUNDED_ANSWER, quote: null };

function piece(i: number): Piece {
  const text = `${LONG_ARTICLE.slice(0, 6_000)}\n\nPiece ${i}.`;
  return articlePiece(`p${i}`, { sourceId: 's1', guid: `g${i}`, title: `${LONG_ARTICLE_TITLE} #${i}`, contentHash: `hash-${i}`, publishedAt: DAY_START, fetchedAt: DAY_START, updatedAt: DAY_START, contentText: text });
}

/** Member m's k-th question: which piece, and which wording of which question. */
function questionOf(m: number, k: number): { piece: number; question: string; pair: string } {
  const pieceIndex = (m + k) % PIECES;
  const base = (m * QUESTIONS_PER_MEMBER + k) % QUESTIONS.length;
  const wordings = QUESTIONS[base]!;
  return { piece: pieceIndex, question: wordings[(m + 3 * k) % wordings.length]!, pair: `${pieceIndex}:${base}` };
}

async function dayOfOneWorkspace(burst: boolean): Promise<BenchResult[]> {
  const server = await startFakeOpenAiServer({
    fallbackReply: (request: RecordedRequest) => ({ kind: 'json', body: request.body.response_format?.json_schema?.name === 'piece_answer' ? answerReply : summaryReply }),
  });
  const store: Store = await createSqliteStore({ path: ':memory:' });
  const logger = pino({ level: 'silent' });
  let now = DAY_START;
  const clock = () => now;
  const limits = costConfigSchema.parse({});
  try {
    const record = attributeUsage((usage: LlmUsage) => store.recordLlmUsage(usage));
    const recorder = { ...store, recordLlmUsage: record } as Store;
    const summaries = createCachedSummariser({
      store: recorder,
      logger,
      now: clock,
      summariser: createLlmSummariser({ baseURL: server.baseURL, model: 'bench-model', language: 'en', maxInputTokens: 6_000, concurrency: 4, timeoutMs: 30_000, maxRetries: 2, fallback: createOfflineSummariser(), logger }),
    });
    const pieces = Array.from({ length: PIECES }, (_, i) => piece(i));
    // Morning: every channel's digest carries the same 4 pieces.
    now = new Date(DAY_START.getTime() + 9 * 3_600_000);
    await Promise.all(Array.from({ length: CHANNELS }, () => withUsageWorkspace(WORKSPACE, () => Promise.all(pieces.map((p) => summaries.summarisePiece(p, 'Gridworld Notes', 'en'))))));
    const summaryCalls = server.requests.length;

    const qa = createPieceQa({
      baseURL: server.baseURL,
      model: 'bench-model',
      timeoutMs: 30_000,
      maxRetries: 2,
      logger,
      onUsage: (u) => {
        void record({ at: now, purpose: 'ask', model: u.model, contentHash: null, promptTokens: u.promptTokens, completionTokens: u.completionTokens });
      },
    });
    const ask = createAskUnderCost({
      ask: qa,
      cache: store.askAnswers,
      model: 'bench-model',
      promptVersion: 'ask-1',
      limits: limits.ask,
      budget: createBudgetGuard({ store, defaultMonthlyTokens: null, warnAtRatio: limits.warnAtRatio, now: clock }),
      now: clock,
    });
    const asks = Array.from({ length: MEMBERS }, (_, m) => Array.from({ length: QUESTIONS_PER_MEMBER }, (_, k) => ({ m, k, ...questionOf(m, k) }))).flat();
    const pairs = new Set(asks.map((a) => a.pair)).size;
    const started = performance.now();
    const one = async (a: (typeof asks)[number]) => {
      const p = pieces[a.piece]!;
      return ask(
        { workspace: WORKSPACE, member: `${WORKSPACE}:U${a.m}`, channel: `${WORKSPACE}:C${a.m % CHANNELS}` },
        { contentHash: p.contentHash, title: p.title, sourceName: 'Gridworld Notes', text: p.contentText, question: a.question, language: 'en' },
      );
    };
    let results;
    if (burst) {
      results = await Promise.all(asks.map(one));
    } else {
      results = [];
      // Spread over the working day, 09:00–18:00.
      for (const [i, a] of asks.entries()) {
        now = new Date(DAY_START.getTime() + 9 * 3_600_000 + Math.floor((i / asks.length) * 9 * 3_600_000));
        results.push(await one(a));
      }
    }
    const elapsedMs = performance.now() - started;
    const askCalls = server.requests.length - summaryCalls;
    const refused = results.filter((r) => r.kind === 'refused').length;
    const usage = await store.usage.usageByPurpose(WORKSPACE, new Date(0));
    const tokensOf = (purpose: string) => usage.filter((u) => u.purpose === purpose).reduce((s, u) => s + u.promptTokens + u.completionTokens, 0);
    const label = burst ? 'all at once' : 'over the day';
    return [
      { name: `ask llm calls (${asks.length} asks by ${MEMBERS} members, ${label})`, value: askCalls, unit: 'calls', target: `<= ${Math.ceil(pairs * 1.1)} (${pairs} unique piece-question pairs + 10 %)`,
        ok: askCalls <= Math.ceil(pairs * 1.1) },
      { name: `ask llm calls per unique piece-question pair (${label})`, value: askCalls / pairs, unit: 'ratio', target: '<= 1.1', ok: askCalls / pairs <= 1.1 },
      { name: `ask llm calls per ask (${label})`, value: askCalls / asks.length, unit: 'calls/ask', note: `without the cache every ask is a call: ${asks.length} calls, ${(asks.length / Math.max(1, askCalls)).toFixed(1)}× as many` },
      { name: `ask tokens (${label})`, value: tokensOf('ask'), unit: 'tokens',
        note: `${(tokensOf('ask') / Math.max(1, askCalls)).toFixed(0)} tokens per call; uncached ≈ ${Math.round((tokensOf('ask') / Math.max(1, askCalls)) * asks.length)} tokens` },
      { name: `asks refused (${label})`, value: refused, unit: 'asks', target: '== 0 (within the default limits)', ok: refused === 0 },
      { name: `summary llm calls for ${CHANNELS} digests (${label})`, value: summaryCalls, unit: 'calls', target: `== ${PIECES} pieces`, ok: summaryCalls === PIECES },
      { name: `workspace tokens for the day (${label})`, value: usage.reduce((s, u) => s + u.promptTokens + u.completionTokens, 0), unit: 'tokens', note: `summaries ${tokensOf('summary')}, asks ${tokensOf('ask')}` },
      { name: `ask wall time (${label})`, value: elapsedMs, unit: 'ms', note: 'fake LLM server on loopback: the cost of the cache, limits and store, not of a model' },
    ];
  } finally {
    await store.close();
    await server.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  return [...(await dayOfOneWorkspace(false)), ...(await dayOfOneWorkspace(true))];
}
