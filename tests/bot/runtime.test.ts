import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBotRuntime, RESUME_SWEEP_MS, type BotRuntime } from '../../src/bot/runtime/bot-runtime.ts';
import type { RuntimeService, Signals, Timers } from '../../src/bot/runtime/runtime-ports.ts';
import { configSchema } from '../../src/config/schema.ts';
import type { Channel } from '../../src/domain/channel.ts';
import type { Source } from '../../src/domain/source.ts';
import type { SourceIngestReport } from '../../src/ingest/index.ts';
import { ingestReport } from '../ingest/ingest-report.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { ChannelScheduler, ChannelSchedulerOptions } from '../../src/schedule/channel-scheduler.ts';
import { claimSourcesForCycle } from '../../src/schedule/claim-sources.ts';
import { createStatusRegistry, type StatusRegistry } from '../../src/health/status-registry.ts';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations/index.ts';
import { createSqliteStore } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { channelIn, createRecordingPoster, makeDigest, type RecordingPoster } from '../deliver/delivery-harness.ts';

/** Time the test moves by hand: intervals run only when it says so. */
function fakeTimers() {
  const intervals: { ms: number; task: () => void; cancelled: boolean }[] = [];
  const timers: Timers = {
    every(ms, task) {
      const entry = { ms, task, cancelled: false };
      intervals.push(entry);
      return { cancel: () => {
        entry.cancelled = true;
      } };
    },
    // The grace period never runs out by itself in these tests.
    sleep: () => new Promise<void>(() => undefined),
  };
  return { timers, intervals, fire: (ms: number) => {
    for (const i of intervals) if (i.ms === ms && !i.cancelled) i.task();
  }, active: () => intervals.filter((i) => !i.cancelled) };
}

/** A scheduler the test fires itself; it records what the runtime asked of it. */
function fakeScheduler() {
  const state = { synced: [] as string[][], updated: [] as string[], stopped: false, options: undefined as ChannelSchedulerOptions | undefined };
  const create = (options: ChannelSchedulerOptions): ChannelScheduler => {
    state.options = options;
    return {
      sync: (channels) => {
        state.synced.push(channels.map((c) => c.id));
      },
      update: (channel) => {
        state.updated.push(channel.id);
      },
      nextRuns: () => [],
      stop: async () => {
        state.stopped = true;
      },
    };
  };
  return { state, create, fire: (channel: Channel, slot: Date) => state.options!.onSlot(channel, slot) };
}

function fakeSignals() {
  const handlers = new Map<string, () => void>();
  const signals: Signals = { on: (signal, handler) => {
    handlers.set(signal, handler);
  } };
  return { signals, send: (signal: 'SIGINT' | 'SIGTERM') => handlers.get(signal)?.() };
}

// Three hours ahead of the wall clock, so a slot can fall after the channels the test creates and before "now".
const NOW = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3 * 3_600_000 + 30 * 60_000);
const SLOT = new Date(NOW.getTime() - 90 * 60_000);
const report = (source: Source, outcome: SourceIngestReport['outcome']): SourceIngestReport =>
  // A feed that answered with items: an empty one would be an admin alert of its own.
  ingestReport({ sourceId: source.id, sourceName: source.name, url: source.url, outcome, seenItems: outcome === 'fetched' ? 1 : 0 });

describe('the bot runtime, on injected time, signals and scheduler', () => {
  let store: Store;
  let poster: RecordingPoster;
  let time: ReturnType<typeof fakeTimers>;
  let scheduler: ReturnType<typeof fakeScheduler>;
  let signals: ReturnType<typeof fakeSignals>;
  let ingested: Source[][];
  /** Sources the fake ingest reports failing (marked failing after too many failures in a row). */
  let failingIds: Set<string>;
  let exits: number[];
  let events: string[];
  let runtime: BotRuntime;

  const service: RuntimeService = { name: 'health', start: async () => {
    events.push('service start');
  }, stop: async () => {
    events.push('service stop');
  } };
  let registry: StatusRegistry;
  /** Replaced by a test that wants platforms that take their time to connect. */
  let connect: (signal: AbortSignal) => Promise<void>;

  beforeEach(async () => {
    store = await createSqliteStore({ path: ':memory:' });
    poster = createRecordingPoster();
    time = fakeTimers();
    scheduler = fakeScheduler();
    signals = fakeSignals();
    ingested = [];
    failingIds = new Set();
    exits = [];
    events = [];
    registry = createStatusRegistry();
    connect = async () => undefined;
    runtime = createBotRuntime({
      store,
      config: configSchema.parse({ ingest: { intervalMinutes: 15 }, schedule: { catchUpHours: 6 } }),
      logger: silentLogger(),
      now: () => NOW,
      holder: 'test-instance',
      buildDigest: async (channel, options) => makeDigest(channel, options.edition),
      async ingest(sources) {
        ingested.push(sources);
        return sources.map((s) => (failingIds.has(s.id) ? { ...report(s, 'failed'), status: 503, error: 'HTTP 503', failing: true } : report(s, 'fetched')));
      },
      registry,
      startPlatforms: async (signal) => {
        events.push('platforms start');
        await connect(signal);
        return [{ platform: 'discord', poster, stop: async () => {
          events.push('platforms stop');
        }, health: () => ({ ok: true, detail: 'gateway ready' }) }];
      },
      timers: time.timers,
      signals: signals.signals,
      exit: (code) => exits.push(code),
      createScheduler: scheduler.create,
      services: [service],
    });
  });
  afterEach(async () => {
    await runtime.stop();
  });

  it("start: resumes, catches up the slot missed while down, schedules the connected platform's channels, ingests once, then arms the timers", async () => {
    // A daily slot 1.5 h before NOW: missed while the bot was down, inside the 6 h catch-up window.
    const channel = await store.ensureChannel({ platform: 'discord', workspaceId: 'g1', channelId: 'c1' }, {
      pieces: 3,
      interests: [],
      language: 'en',
      cron: `${SLOT.getUTCMinutes()} ${SLOT.getUTCHours()} * * *`,
      timezone: 'UTC',
      schedulePaused: false,
      adminChannelId: null,
    });
    await store.ensureChannel({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' }, channel.settings);
    const { source } = await store.addSource({ url: 'https://a.example/feed', name: 'A' });
    await store.subscribe({ channelId: channel.id, sourceId: source.id, origin: 'chat', fullText: false });
    await runtime.start();

    // The health server is up before the platforms connect, so /healthz can say why the bot is not ready yet.
    expect(events.slice(0, 2)).toEqual(['service start', 'platforms start']);
    expect((await store.getDelivery(channel.id, SLOT.toISOString()))?.status).toBe('delivered');
    expect(poster.messages.filter((m) => m.kind === 'header')).toHaveLength(1);
    // Only the Discord channel is scheduled: Slack is not connected here.
    expect(scheduler.state.synced).toEqual([[channel.id]]);
    expect(ingested.map((list) => list.map((s) => s.id))).toEqual([[source.id]]);
    expect(time.active().map((i) => i.ms).sort((a, b) => a - b)).toEqual([RESUME_SWEEP_MS, 15 * 60_000]);
    const report = await registry.report();
    expect(report.checks['store']).toEqual({ ok: true, detail: `sqlite, schema v${LATEST_SCHEMA_VERSION}` });
    expect(report.checks['scheduler']?.ok).toBe(true);
    expect(report.checks['startup']).toBeUndefined();
    expect(report.ready).toBe(true);
  });

  it('the interval timer runs an ingest cycle; the lease keeps a feed to one instance per cycle', async () => {
    const channel = await channelIn(store);
    const { source } = await store.addSource({ url: 'https://a.example/feed', name: 'A' });
    await store.subscribe({ channelId: channel.id, sourceId: source.id, origin: 'chat', fullText: false });
    await runtime.start();
    time.fire(15 * 60_000);
    await runtime.ingestCycle();
    expect(ingested.map((list) => list.map((s) => s.id))).toEqual([[source.id], [source.id], [source.id]]);
    // Another instance on the same database finds the feed taken for this cycle.
    expect(await claimSourcesForCycle({ store, sources: [source], holder: 'other-instance', now: NOW, cycleMs: 15 * 60_000 })).toEqual([]);
  });

  it('a slot the scheduler fires posts the edition once; deliverNow posts a manual one', async () => {
    const channel = await channelIn(store);
    await runtime.start();
    await scheduler.fire(channel, new Date('2026-03-30T09:00:00Z'));
    await scheduler.fire(channel, new Date('2026-03-30T09:00:00Z'));
    expect(poster.messages.filter((m) => m.kind === 'header')).toHaveLength(1);
    const now = await runtime.deliverNow(channel);
    expect(now.posted).toBe(true);
    expect((await store.getDelivery(channel.id, `manual:${NOW.toISOString()}`))?.status).toBe('delivered');
    runtime.scheduleChanged(channel);
    expect(scheduler.state.updated).toEqual([channel.id]);
  });

  it('a failing feed alerts the channels that read it (in their admin channel when set), and no other channel', async () => {
    const reader = await channelIn(store, 'reader', { adminChannelId: 'admins' });
    const other = await channelIn(store, 'other');
    const { source } = await store.addSource({ url: 'https://a.example/feed', name: 'Feed A' });
    await store.subscribe({ channelId: reader.id, sourceId: source.id, origin: 'chat', fullText: false });
    const { source: unrelated } = await store.addSource({ url: 'https://b.example/feed', name: 'Feed B' });
    await store.subscribe({ channelId: other.id, sourceId: unrelated.id, origin: 'chat', fullText: false });
    failingIds.add(source.id);
    await runtime.start();
    await runtime.alertsIdle();
    const alerts = poster.messages.filter((m) => m.text.includes('is failing'));
    expect(alerts.map((m) => m.channelId)).toEqual(['admins']);
    expect(alerts[0]?.text).toContain(`Source "Feed A" (${source.id}) is failing: HTTP 503. Check it with /digest sources list.`);
    // Still failing at the next cycle: nothing more is said.
    await runtime.ingestCycle();
    expect(poster.messages.filter((m) => m.text.includes('is failing'))).toHaveLength(1);
  });

  it('SIGTERM stops intake, lets work finish, then stops platforms, services and the store; a second signal exits at once', async () => {
    const channel = await channelIn(store);
    await runtime.start();
    signals.send('SIGTERM');
    expect(await runtime.deliverNow(channel)).toEqual({ posted: false, reason: 'the bot is shutting down' });
    expect(await runtime.done).toEqual({ drained: true });
    expect(time.active()).toEqual([]);
    expect(scheduler.state.stopped).toBe(true);
    expect(events).toEqual(['service start', 'platforms start', 'platforms stop', 'service stop']);
    expect((await registry.report()).status).toBe('stopping');
    await expect(store.listChannels()).rejects.toThrow();
    signals.send('SIGINT');
    expect(exits).toEqual([1]);
  });

  it('a signal while the platforms connect ends start-up at once: nothing is scheduled or ingested, everything is released', async () => {
    connect = (signal) => new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }));
    const starting = runtime.start();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await registry.report()).checks['startup']).toMatchObject({ ok: false });
    signals.send('SIGTERM');
    expect(await starting).toBe('stopped');
    expect(await runtime.done).toEqual({ drained: true });
    expect(events).toEqual(['service start', 'platforms start', 'service stop']);
    expect(scheduler.state.synced).toEqual([]);
    expect(ingested).toEqual([]);
    expect(exits).toEqual([]);
    await expect(store.listChannels()).rejects.toThrow();
  });

  it('a platform that cannot start fails start-up with its error, after releasing the services and the store', async () => {
    connect = async () => {
      throw new Error('token rejected');
    };
    await expect(runtime.start()).rejects.toThrow('token rejected');
    expect(events).toEqual(['service start', 'platforms start', 'service stop']);
    await expect(store.listChannels()).rejects.toThrow();
  });

  it('the sweep timer resumes pending deliveries', async () => {
    const channel = await channelIn(store);
    await runtime.start();
    const claim = await store.claimDelivery({ channelId: channel.id, edition: 'manual:earlier', holder: 'dead-instance', at: new Date(NOW.getTime() - 10 * 60_000) });
    await store.saveDigest(makeDigest(channel, 'manual:earlier'));
    const [digest] = await store.listDigests(channel.id, { limit: 1 });
    await store.setDeliveryDigest(claim!.id, digest!.id);
    time.fire(RESUME_SWEEP_MS);
    await runtime.stop();
    expect(poster.messages.filter((m) => m.kind === 'header')).toHaveLength(1);
  });
});
