// Summary cost at scale: LLM calls and tokens per digest for 1, 10 and 1,000 channels sharing the same sources
// (fake OpenAI server, cached summariser, in-memory SQLite), and offline summariser throughput on a 5,000-word article.
import { pino } from 'pino';
import type { Piece } from '../src/domain/piece.ts';
import { createSqliteStore } from '../src/store/sqlite-store.ts';
import { createCachedSummariser } from '../src/summarise/cached-summariser.ts';
import { createLlmSummariser } from '../src/summarise/llm-summariser.ts';
import { createOfflineSummariser } from '../src/summarise/offline-summariser.ts';
import { startFakeOpenAiServer } from '../tests/fakes/openai-server.ts';
import { articlePiece, LONG_ARTICLE, LONG_ARTICLE_TITLE } from '../tests/summarise/fixtures/long-article.ts';
import type { BenchResult } from './bench-result.ts';

/** Unique pieces the shared sources offer in one edition; each channel's digest takes 4 of them. */
const POOL = 8;
const PER_DIGEST = 4;
const THROUGHPUT_SECONDS = 3;

const reply = {
  summary: 'The authors study reward hacking in small gridworlds and find it usually grows gradually rather than appearing suddenly.',
  whyItMatters: 'Watching where an agent goes catches hacks earlier than watching its reward.',
  whatToBuild: 'A training dashboard tracking the share of off-script states.',
  keyTakeaways: ['Hacks grow in small steps.', 'Off-script states predict later hacks.', 'Reward ensembles narrow the gap.'],
};

function piece(i: number): Piece {
  return articlePiece(`p${i}`, { sourceId: `s${i % 3}`, guid: `g${i}`, title: `${LONG_ARTICLE_TITLE} #${i}`, contentHash: `hash-${i}`, contentText: `${LONG_ARTICLE.slice(0, 6_000)}\n\nPiece ${i}.` });
}

async function channelsScenario(channels: number): Promise<BenchResult[]> {
  const server = await startFakeOpenAiServer({ fallbackReply: () => ({ kind: 'json', body: reply }) });
  const store = await createSqliteStore({ path: ':memory:' });
  const logger = pino({ level: 'silent' });
  try {
    const pool = Array.from({ length: POOL }, (_, i) => piece(i));
    // Channel c's digest: 4 consecutive pieces of the pool, so channels overlap but differ.
    const digestOf = (c: number) => Array.from({ length: PER_DIGEST }, (_, k) => pool[(c * 2 + k) % POOL]!);
    const unique = new Set(Array.from({ length: channels }, (_, c) => digestOf(c).map((p) => p.id)).flat()).size;
    const run = async () => {
      const cache = createCachedSummariser({
        store,
        logger,
        summariser: createLlmSummariser({ baseURL: server.baseURL, model: 'bench-model', language: 'en', maxInputTokens: 6_000, concurrency: 4, timeoutMs: 30_000, maxRetries: 2, fallback: createOfflineSummariser(), logger }),
      });
      await Promise.all(Array.from({ length: channels }, (_, c) => Promise.all(digestOf(c).map((p) => cache.summarisePiece(p, 'Gridworld Notes', 'en')))));
    };
    await run();
    const first = await store.llmUsageSince(new Date(0));
    await run();
    const rerunCalls = server.requests.length - first.calls;
    const tokens = first.promptTokens + first.completionTokens;
    return [
      { name: `llm calls, ${channels} channel(s)`, value: first.calls, unit: 'calls', target: `== ${unique} unique pieces`, ok: first.calls === unique && server.requests.length === first.calls + rerunCalls },
      { name: `llm calls per digest, ${channels} channel(s)`, value: round(first.calls / channels, 3), unit: 'calls/digest' },
      { name: `llm tokens per digest, ${channels} channel(s)`, value: round(tokens / channels, 1), unit: 'tokens/digest', note: `${tokens} tokens in total (prompt ${first.promptTokens}, completion ${first.completionTokens})` },
      { name: `llm calls on rerun, ${channels} channel(s)`, value: rerunCalls, unit: 'calls', target: '== 0', ok: rerunCalls === 0 },
    ];
  } finally {
    await store.close();
    await server.close();
  }
}

/** A 5,000-word article: the long fixture, then re-ordered copies of its paragraphs under new section headings. */
function article5000(): string {
  const paragraphs = LONG_ARTICLE.split('\n\n');
  const parts = [LONG_ARTICLE];
  let words = LONG_ARTICLE.split(/\s+/).length;
  for (let part = 2; words < 5_000; part++) {
    const rotated = [...paragraphs.slice(part * 5 % paragraphs.length), ...paragraphs.slice(0, part * 5 % paragraphs.length)];
    const chunk = `## Part ${part}\n\n${rotated.join('\n\n')}`;
    parts.push(chunk);
    words += chunk.split(/\s+/).length;
  }
  return parts.join('\n\n').split(/\s+/).slice(0, 5_000).join(' ').replace(/ ## /g, '\n\n## ');
}

async function offlineThroughput(): Promise<BenchResult> {
  const summariser = createOfflineSummariser();
  const text = article5000();
  const input = { title: LONG_ARTICLE_TITLE, sourceName: 'Gridworld Notes', text, language: 'en' };
  await summariser.summarise(input);
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < THROUGHPUT_SECONDS * 1000) {
    await summariser.summarise(input);
    count += 1;
  }
  const seconds = (performance.now() - start) / 1000;
  const perSecond = count / seconds;
  return { name: 'offline summariser, 5,000-word article', value: round(perSecond, 1), unit: 'articles/s', target: '>= 10', ok: perSecond >= 10, note: `${text.split(/\s+/).length} words, ${count} runs` };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const channels of [1, 10, 1_000]) results.push(...await channelsScenario(channels));
  results.push(await offlineThroughput());
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await run());
}
