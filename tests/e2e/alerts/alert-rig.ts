import { webApi } from '@slack/bolt';
import { Events, type Client } from 'discord.js';
import { createDiscordClient } from '../../../adapters/discord/create-discord-client.ts';
import { createDiscordPoster } from '../../../adapters/discord/discord-poster.ts';
import { createSlackPoster } from '../../../adapters/slack/slack-poster.ts';
import { createBotRuntime, type BotRuntime } from '../../../src/bot/runtime/bot-runtime.ts';
import { ingestFeeds } from '../../../src/bot/use-cases/ingest.ts';
import { budgetLlmGate } from '../../../src/budget/llm-gate.ts';
import { attributeUsage } from '../../../src/budget/usage-scope.ts';
import { createBudgetGuard } from '../../../src/budget/workspace-budget.ts';
import { configSchema, type Config } from '../../../src/config/schema.ts';
import type { Channel, ChannelRef, Platform } from '../../../src/domain/channel.ts';
import type { DigestPoster } from '../../../src/deliver/digest-poster.ts';
import type { ObservePoster } from '../../../src/deliver/poster-observation.ts';
import { createStatusRegistry } from '../../../src/health/status-registry.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { buildDigest } from '../../../src/pipeline/build-digest.ts';
import { createSqliteStore } from '../../../src/store/sqlite-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { createCachedSummariser } from '../../../src/summarise/cached-summariser.ts';
import { createSummariser } from '../../../src/summarise/create-summariser.ts';
import { createOfflineSummariser } from '../../../src/summarise/offline-summariser.ts';
import { gateSteps, settings } from '../../deliver/delivery-harness.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer, type FakeReply, type RecordedRequest } from '../../fakes/openai-server.ts';
import { validReply } from '../../summarise/fixtures/fake-replies.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord-api.ts';
import { messageText, startFakeSlack, type FakeSlack } from '../../fakes/slack-api.ts';
import type { FeedServer } from '../../fakes/feed-server.ts';

/**
 * One platform as the alerts see it: the real discord.js client or Slack WebClient against its fake, the real
 * poster on it (reporting what it observes to the runtime), and read-back of what landed in a channel.
 */
export interface AlertPlatform {
  platform: Platform;
  workspaceId: string;
  digestChannel: string;
  alertChannel: string;
  /** The configured mention as the test sets it, and how it shows in a posted alert. */
  mention: { kind: 'role' | 'user-group'; id: string; rendered: string };
  poster(observe: ObservePoster): DigestPoster;
  /** Alert texts posted in a channel, oldest first. */
  textsIn(channelId: string): string[];
  forbidPosting(channelId: string): void;
  forbidHistory(channelId: string): void;
  /** From now on the platform refuses, for good, every reply in the digest channel's threads that carries `title` (the piece's payload). */
  refusePiece(title: string): void;
  /** What the platform answers such a refusal with, as the poster reports it. */
  refusal: RegExp;
  close(): Promise<void>;
}

const GUILD = '800000000000000042';
const DISCORD_DIGEST = '700000000000000041';
const DISCORD_ALERTS = '700000000000000042';

export async function discordPlatform(): Promise<AlertPlatform> {
  const fake: FakeDiscord = await startFakeDiscord({
    guilds: [{ id: GUILD, name: 'Research', channels: [{ id: DISCORD_DIGEST, name: 'digest', type: 0 }, { id: DISCORD_ALERTS, name: 'digest-admins', type: 0 }] }],
  });
  const client: Client = createDiscordClient({ token: fake.token, apiUrl: fake.apiUrl });
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(fake.token);
  await ready;
  return {
    platform: 'discord',
    workspaceId: GUILD,
    digestChannel: DISCORD_DIGEST,
    alertChannel: DISCORD_ALERTS,
    mention: { kind: 'role', id: '900000000000000007', rendered: '<@&900000000000000007>' },
    poster: (observe) => createDiscordPoster({ client, logger: silentLogger(), observe }),
    textsIn: (channelId) => fake.messagesIn(channelId).map((m) => m.content),
    forbidPosting: (channelId) => fake.forbid(channelId),
    forbidHistory: (channelId) => fake.forbidHistory(channelId),
    refusePiece(title) {
      fake.failNext(
        ({ method, path, body }) => method === 'POST' && fake.threads.get(/^\/channels\/(\d+)\/messages$/.exec(path)?.[1] ?? '')?.parentId === DISCORD_DIGEST && JSON.stringify(body).includes(title),
        { status: 400, code: 50035, message: 'Invalid Form Body', times: Infinity, errors: { embeds: { 0: { url: { _errors: [{ code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' }] } } } } },
      );
    },
    refusal: /Invalid Form Body/,
    async close() {
      await client.destroy();
      await fake.close();
    },
  };
}

export async function slackPlatform(): Promise<AlertPlatform> {
  const fake: FakeSlack = await startFakeSlack();
  const client = new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  return {
    platform: 'slack',
    workspaceId: fake.teamId,
    digestChannel: 'C0DIGEST',
    alertChannel: 'C0ADMINS',
    mention: { kind: 'user-group', id: 'S0ONCALL', rendered: '<!subteam^S0ONCALL>' },
    poster: (observe) => createSlackPoster({ client, logger: silentLogger(), observe }),
    textsIn: (channelId) => fake.channelMessages(channelId).map((m) => messageText(m)),
    forbidPosting: (channelId) => fake.failChannel(channelId, 'not_in_channel'),
    // Without channels:history Slack answers missing_scope to conversations.history and .replies.
    forbidHistory() {
      for (const method of ['conversations.history', 'conversations.replies']) fake.failNext(method, { error: 'missing_scope', times: 10 });
    },
    refusePiece(title) {
      fake.failNext('chat.postMessage', { error: 'invalid_blocks', times: Infinity, when: (body) => body['channel'] === 'C0DIGEST' && typeof body['thread_ts'] === 'string' && JSON.stringify(body).includes(title) });
    },
    refusal: /invalid_blocks/,
    close: () => fake.close(),
  };
}

/** The test's knob on the fake OpenAI-compatible server the digests are summarised by. */
export interface LlmScript {
  /** How the server answers a summary request; a valid, grounded summary unless a test says otherwise. */
  answer(request: RecordedRequest): FakeReply;
}

/** The title of the piece a summary request is about (the prompt delimits it, src/summarise/prompt.ts). */
export function titleOf(request: RecordedRequest): string {
  const user = request.body.messages?.find((m) => m.role === 'user')?.content ?? '';
  return /<title>\s*([^<]*?)\s*<\/title>/.exec(user)?.[1] ?? '';
}

export interface AlertRig {
  store: Store;
  runtime: BotRuntime;
  channel: Channel;
  clock: { now: Date };
  llm: LlmScript;
  /** The fake OpenAI-compatible server the real LLM summariser calls. */
  openai: FakeOpenAiServer;
  /** The poster the runtime started (set once start() ran). */
  poster(): DigestPoster;
  /** The alert channel's messages posted since the rig started. */
  alerts(): string[];
  /** With `dieAfterSteps`: resolves once the process has "died" (its next delivery step never returns). */
  died: Promise<void>;
  /** A rig whose process died: releases only what outlives a process (its LLM server), leaving the store to the next one. */
  abandon(): Promise<void>;
  close(): Promise<void>;
}

export interface AlertRigOptions {
  feeds: string[];
  budget?: number;
  start: Date;
  /** The database of an earlier (dead) process: the restarted bot's, with its ledger. */
  store?: Store;
  holder?: string;
  /** The process dies once this many delivery steps (header, thread, piece…) were posted and recorded. */
  dieAfterSteps?: number;
}

/**
 * A poster whose process dies after `steps` steps: the next step never returns, so nothing after it runs — no
 * failure recorded, no lease released, no alert — as when the process is killed mid-delivery.
 */
function dyingAfter(inner: DigestPoster, steps: number | undefined, died: () => void): DigestPoster {
  if (steps === undefined) return inner;
  let done = 0;
  const gate = async <T>(call: () => Promise<T>): Promise<T> => {
    if (done >= steps) {
      died();
      return new Promise<T>(() => undefined);
    }
    const result = await call();
    done += 1;
    return result;
  };
  return gateSteps(inner, gate);
}

/**
 * The real bot runtime on an in-memory store, a fake clock and hand-fired timers: its ingest is the real one against
 * the feed server, its poster the platform's real one, its budget the real guard, and its digests are the product's
 * real build (selection, the cached LLM summariser with the offline fall-back, the budget gate) summarised through
 * the openai SDK against a fake OpenAI-compatible server. The workspace's alerts go to the platform's alert channel,
 * mentioning its role or user group.
 */
export async function startAlertRig(platform: AlertPlatform, feeds: FeedServer, options: AlertRigOptions): Promise<AlertRig> {
  const store = options.store ?? await createSqliteStore({ path: ':memory:' });
  const clock = { now: options.start };
  const config: Config = configSchema.parse({
    ingest: { intervalMinutes: 30, failingAfter: 1, allowPrivateNetworks: true, fullTextPerCycle: 5 },
    selection: { lookbackDays: 60, qualityFloor: 0 },
    // No SDK retries: a 500 fails the piece at once instead of after the SDK's backoff.
    summariser: { kind: 'llm', maxRetries: 0, timeoutMs: 5_000 },
  });
  const llm: LlmScript = { answer: () => ({ kind: 'json', body: validReply() }) };
  const openai = await startFakeOpenAiServer({ fallbackReply: (request) => llm.answer(request) });
  const ref: ChannelRef = { platform: platform.platform, workspaceId: platform.workspaceId, channelId: platform.digestChannel };
  const channel = await store.ensureChannel(ref, settings);
  for (const path of options.feeds) {
    const { source } = await store.addSource({ url: feeds.url(path), name: path.replace(/^\/|\.xml$/g, '') });
    await store.subscribe({ channelId: channel.id, sourceId: source.id, origin: 'chat', fullText: true });
  }
  const workspace = `${platform.platform}:${platform.workspaceId}` as const;
  await store.workspaces.updateWorkspaceSettings(workspace, { alertChannelId: platform.alertChannel, alertMention: { kind: platform.mention.kind, id: platform.mention.id } }, clock.now);

  const now = () => clock.now;
  const logger = silentLogger();
  // Wired as app/compose.ts wires it: usage recorded against the digest's workspace, offline when the budget is spent.
  const recordUsage = attributeUsage((usage: Parameters<Store['recordLlmUsage']>[0]) => store.recordLlmUsage(usage));
  const summariser = createSummariser({ config: config.summariser, llm: { baseURL: openai.baseURL }, logger });
  const cached = createCachedSummariser({ store: { getSummary: store.getSummary, putSummary: store.putSummary, recordLlmUsage: recordUsage }, summariser, logger, now });
  const offline = createCachedSummariser({ store, summariser: createOfflineSummariser(), logger, now });
  const budget = createBudgetGuard({ store, defaultMonthlyTokens: options.budget ?? null, warnAtRatio: 0.8, now });
  const mark = platform.textsIn(platform.alertChannel).length;
  let started: DigestPoster | undefined;
  let died!: () => void;
  const dead = new Promise<void>((resolve) => {
    died = resolve;
  });
  const runtime = createBotRuntime({
    store,
    config,
    logger,
    now,
    holder: options.holder ?? 'alerts-e2e',
    registry: createStatusRegistry(),
    llmConfigured: summariser.kind === 'llm',
    alertSettleMs: 0,
    budget,
    buildDigest: (target, buildOptions) =>
      buildDigest({
        store,
        config,
        logger,
        now,
        llmGate: budgetLlmGate(budget),
        summarise: (piece, sourceName, language) => cached.summarisePiece(piece, sourceName, language),
        summariseOffline: (piece, sourceName, language) => offline.summarisePiece(piece, sourceName, language),
      }, target, buildOptions),
    ingest: (sources, lease) => ingestFeeds({ store, config, logger, now }, { sources, lease }),
    startPlatforms: async (_signal,
      hooks) => [{ platform: platform.platform, poster: started = dyingAfter(platform.poster(hooks.observe), options.dieAfterSteps, died), stop: async () => undefined, health: () => ({ ok: true, detail: 'fake' }) }],
    timers: { every: () => ({ cancel: () => undefined }), sleep: () => new Promise<void>(() => undefined) },
    signals: { on: () => undefined },
    exit: () => undefined,
    createScheduler: () => ({ sync: () => undefined, update: () => undefined, nextRuns: () => [], stop: async () => undefined }),
    services: [],
  });
  return {
    store,
    runtime,
    channel,
    clock,
    llm,
    openai,
    poster() {
      if (started === undefined) throw new Error('start the runtime first');
      return started;
    },
    alerts: () => platform.textsIn(platform.alertChannel).slice(mark),
    died: dead,
    abandon: () => openai.close(),
    async close() {
      await runtime.stop();
      await openai.close();
    },
  };
}
