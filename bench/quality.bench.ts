// Digest quality (issue 12), measured in one run:
//  - selection precision@4 over a labelled set of 42 items (5 weeks) against a recency-only pick;
//  - offline takeaway defects (headings, fragments, dangling openings, repeats, filler) on a corpus of
//    13 long posts, for each candidate method, and the share of takeaways that carry a finding;
//  - groundedness: scripted faulty LLM replies caught (and grounded replies left alone) through the
//    real openai SDK against the fake OpenAI server;
//  - output language: detection on short research sentences in ten languages.
// LLM calls per digest (equal to unique pieces, flat in channels) are in summarise.bench.ts.
import { pino } from 'pino';
import type { PieceSummary } from '../src/domain/summary.ts';
import { createLlmSummariser } from '../src/summarise/llm-summariser.ts';
import { detectLanguage } from '../src/summarise/output-language.ts';
import { createOfflineSummariser, DEFAULT_EXTRACTIVE, summariseExtractively, type ExtractiveOptions } from '../src/summarise/offline-summariser.ts';
import { startFakeOpenAiServer } from '../tests/fakes/openai-server.ts';
import { ARTICLES } from '../tests/fixtures/quality/articles.ts';
import { LANGUAGE_SAMPLES } from '../tests/fixtures/quality/language-samples.ts';
import { LABELLED } from '../tests/fixtures/quality/labelled-items.ts';
import { newestOfWeek, pickWeek, precision, WEEKS } from '../tests/fixtures/quality/selection-weeks.ts';
import { takeawayDefects } from '../tests/fixtures/quality/takeaway-defects.ts';
import { FRENCH_REPLY } from '../tests/summarise/fixtures/french-reply.ts';
import { LONG_ARTICLE, LONG_ARTICLE_TITLE } from '../tests/summarise/fixtures/long-article.ts';
import { REAL_LENGTH_REPLY } from '../tests/summarise/fixtures/real-length-reply.ts';
import type { BenchResult } from './bench-result.ts';

const round = (value: number, digits = 3): number => Math.round(value * 10 ** digits) / 10 ** digits;
const mean = (values: number[]): number => values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);

function selection(): BenchResult[] {
  const ours = WEEKS.map((week) => precision(pickWeek(week).map((p) => p.piece.id), week));
  const newest = WEEKS.map((week) => precision(newestOfWeek(week).map((i) => i.id), week));
  const picked = WEEKS.map((week) => pickWeek(week).length);
  const p = mean(ours);
  const b = mean(newest);
  return [
    { name: 'selection precision@4 (quality floor + score)', value: round(p), unit: 'share', target: `clearly above recency-only (${round(b)})`, ok: p >= b + 0.25,
      note: `${LABELLED.length} labelled items, ${LABELLED.filter((i) => i.worth).length} worth it, ${WEEKS.length} weeks; per week ours ${ours.map((v) => round(v, 2)).join('/')} vs newest ${
        newest.map((v) => round(v, 2)).join('/')
      }; pieces posted per week ${picked.join('/')}` },
    { name: 'selection precision@4, recency-only baseline', value: round(b), unit: 'share' },
  ];
}

/** The most two parts of one summary (its sentences and takeaways) share, by word-set overlap: lower says more. */
function redundancy(summary: PieceSummary): number {
  const parts = [...summary.summary.split(/(?<=[.!?])\s+/), ...summary.keyTakeaways].map((t) => new Set(t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []));
  let max = 0;
  for (let i = 0; i < parts.length; i += 1) {
    for (let j = i + 1; j < parts.length; j += 1) {
      const shared = [...parts[i]!].filter((w) => parts[j]!.has(w)).length;
      max = Math.max(max, shared / Math.max(1, parts[i]!.size + parts[j]!.size - shared));
    }
  }
  return max;
}

const corpus = [...ARTICLES, { id: 'gridworlds', title: LONG_ARTICLE_TITLE, source: 'Gridworld Notes', language: 'en', text: LONG_ARTICLE }];

function offline(): BenchResult[] {
  const methods: [string, ExtractiveOptions][] = [
    ['textrank + MMR (chosen)', DEFAULT_EXTRACTIVE],
    ['textrank, no MMR', { ranker: 'textrank', lambda: 1 }],
    ['tf-idf centroid + MMR', { ranker: 'centroid', lambda: 0.7 }],
    ['tf-idf centroid, no MMR', { ranker: 'centroid', lambda: 1 }],
  ];
  const results: BenchResult[] = [];
  for (const [name, options] of methods) {
    const summaries: [PieceSummary, string][] = corpus.map((a) => [summariseExtractively({ title: a.title, sourceName: a.source, text: a.text, language: a.language }, options), a.text]);
    const defects = summaries.flatMap(([s, text]) => takeawayDefects(s, text));
    const takeaways = summaries.flatMap(([s]) => s.keyTakeaways);
    const findings = takeaways.filter((t) => /\d/.test(t)).length / Math.max(1, takeaways.length);
    const kinds = [...new Set(defects.map((d) => d.kind))].map((k) => `${k} ${defects.filter((d) => d.kind === k).length}`).join(', ');
    results.push({
      name: `offline takeaway defects, ${name}`,
      value: defects.length,
      unit: 'defects',
      ...(options === DEFAULT_EXTRACTIVE ? { target: '== 0', ok: defects.length === 0 } : {}),
      note: `${corpus.length} articles (${corpus.filter((a) => a.language !== 'en').length} not English): ${takeaways.length} takeaways, ${round(findings * 100, 0)}% carry a number${kinds === '' ? '' : `; ${kinds}`}`,
    });
    results.push({ name: `offline takeaways with a finding, ${name}`, value: round(findings), unit: 'share' });
    results.push({ name: `offline redundancy (max overlap of two parts), ${name}`, value: round(mean(summaries.map(([s]) => redundancy(s)))), unit: 'jaccard' });
  }
  return results;
}

/** Replies that each invent something the article (LONG_ARTICLE) does not say, with the span that must be named. */
const FAULTY: { reply: Record<string, unknown>; span: string; language?: string }[] = [
  { span: '42%', reply: { ...REAL_LENGTH_REPLY, summary: `${REAL_LENGTH_REPLY.summary} The probe reached 42% recall.` } },
  { span: 'GPT-4o', reply: { ...REAL_LENGTH_REPLY, whyItMatters: `${REAL_LENGTH_REPLY.whyItMatters} The same holds for GPT-4o.` } },
  { span: 'MiniGrid', reply: { ...REAL_LENGTH_REPLY, whatToBuild: `${REAL_LENGTH_REPLY.whatToBuild} Start from the MiniGrid suite.` } },
  { span: '1,200', reply: { ...REAL_LENGTH_REPLY, summary: REAL_LENGTH_REPLY.summary.replace('more than 400 training runs', 'more than 1,200 training runs') } },
  { span: '5x',
    reply: { ...REAL_LENGTH_REPLY,
      keyTakeaways: [REAL_LENGTH_REPLY.keyTakeaways[0], REAL_LENGTH_REPLY.keyTakeaways[1], 'Reward ensembles made training 5x slower but cut the median hack gap by 60%, with the worst seeds improving the most.'] } },
  { span: 'DeepMind', reply: { ...REAL_LENGTH_REPLY, summary: `${REAL_LENGTH_REPLY.summary} The work extends earlier results from DeepMind.` } },
  { span: '0.93', reply: { ...REAL_LENGTH_REPLY, summary: REAL_LENGTH_REPLY.summary.replace('rank correlation of 0.71', 'rank correlation of 0.93') } },
  { span: '75 %', language: 'fr', reply: { ...FRENCH_REPLY, keyTakeaways: [FRENCH_REPLY.keyTakeaways[0], FRENCH_REPLY.keyTakeaways[1], "Entraîner contre le minimum de trois récompenses réduit l'écart médian de 75 %."] } },
  { span: 'Atari',
    reply: { ...REAL_LENGTH_REPLY,
      keyTakeaways: [REAL_LENGTH_REPLY.keyTakeaways[0], 'The off-script fraction also predicted hacks on Atari games, with a rank correlation of 0.71 across all configurations.', REAL_LENGTH_REPLY.keyTakeaways[2]] } },
  { span: '2025', reply: { ...REAL_LENGTH_REPLY, summary: `${REAL_LENGTH_REPLY.summary} The runs were done in 2025.` } },
];

/** Summarises once against a fresh fake server answering `replies` in order; returns the requests it received. */
async function summariseWith(replies: Record<string, unknown>[], language: string) {
  const server = await startFakeOpenAiServer();
  try {
    const summariser = createLlmSummariser({
      baseURL: server.baseURL,
      model: 'bench-model',
      language: 'en',
      maxInputTokens: 6_000,
      concurrency: 1,
      timeoutMs: 30_000,
      maxRetries: 0,
      fallback: createOfflineSummariser(),
      logger: pino({ level: 'silent' }),
    });
    server.enqueue(...replies.map((body) => ({ kind: 'json' as const, body })));
    await summariser.summarise({ title: LONG_ARTICLE_TITLE, sourceName: 'Gridworld Notes', text: LONG_ARTICLE, language });
    return server.requests;
  } finally {
    await server.close();
  }
}

async function groundedness(): Promise<BenchResult[]> {
  let caught = 0;
  const missed: string[] = [];
  for (const faulty of FAULTY) {
    const requests = await summariseWith([faulty.reply, faulty.language === 'fr' ? FRENCH_REPLY : REAL_LENGTH_REPLY], faulty.language ?? 'en');
    const correction = requests[1]?.body.messages?.at(-1)?.content ?? '';
    if (correction.includes(`"${faulty.span}"`)) caught += 1;
    else missed.push(faulty.span);
  }
  // Grounded replies of the real lengths, in English and in French, must pass on the first try.
  const english = await summariseWith([REAL_LENGTH_REPLY], 'en');
  const french = await summariseWith([FRENCH_REPLY], 'fr');
  const falseAlarms = english.length - 1 + french.length - 1;
  return [
    { name: 'groundedness: scripted faulty replies caught', value: caught, unit: `of ${FAULTY.length}`, target: `== ${FAULTY.length}`, ok: caught === FAULTY.length,
      note: missed.length === 0 ? 'invented numbers, percentages, multiples, years, model, dataset and organisation names, in English and French' : `missed: ${missed.join(', ')}` },
    { name: 'groundedness: grounded replies sent back', value: falseAlarms, unit: 'retries', target: '== 0', ok: falseAlarms === 0 },
  ];
}

async function language(): Promise<BenchResult[]> {
  let right = 0;
  let unsure = 0;
  const wrong: string[] = [];
  const samples = Object.entries(LANGUAGE_SAMPLES).flatMap(([lang, texts]) => texts.map((text) => [lang, text] as const));
  for (const [lang, text] of samples) {
    const found = await detectLanguage(text);
    if (found === lang) right += 1;
    else if (found === null) unsure += 1;
    else wrong.push(`${lang}→${found}`);
  }
  return [{
    name: 'output language detected on short sentences',
    value: round(right / samples.length),
    unit: 'share',
    target: '>= 0.95, none wrong',
    ok: right / samples.length >= 0.95 && wrong.length === 0,
    // A wrong verdict would send a good reply back; an unsure one only lets it through unchecked.
    note: `${samples.length} sentences in ${Object.keys(LANGUAGE_SAMPLES).length} languages (15–130 characters): ${right} right, ${unsure} too unsure to flag${wrong.length === 0 ? '' : `, wrong: ${wrong.join(' ')}`}`,
  }];
}

export async function run(): Promise<BenchResult[]> {
  return [...selection(), ...offline(), ...await groundedness(), ...await language()];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await run());
}
