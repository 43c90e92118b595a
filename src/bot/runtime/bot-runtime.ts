import type { Config } from '../../config/schema.ts';
import type { Channel, Platform } from '../../domain/channel.ts';
import type { Source } from '../../domain/source.ts';
import type { DigestPoster } from '../../deliver/digest-poster.ts';
import { resumePendingDeliveries, type ResumeReport } from '../../deliver/resume-deliveries.ts';
import { schedulerStatus } from '../../health/scheduler-health.ts';
import type { StatusRegistry } from '../../health/status-registry.ts';
import type { SourceIngestReport } from '../../ingest/index.ts';
import type { BudgetGuard } from '../../budget/workspace-budget.ts';
import type { Logger } from '../../log/logger.ts';
import { catchUpMissedSlots } from '../../schedule/catch-up.ts';
import { createChannelScheduler, type ChannelScheduler, type ChannelSchedulerOptions } from '../../schedule/channel-scheduler.ts';
import { claimSourcesForCycle, ingestLeaseTtlMs } from '../../schedule/claim-sources.ts';
import { createGracefulShutdown, createInFlight } from '../../schedule/graceful-shutdown.ts';
import { createSlotRunner, SLOT_LEASE_MS } from '../../schedule/slot-lease.ts';
import type { Store } from '../../store/store.ts';
import type { DeliveryHooks, PostDigestNowResult } from '../deps.ts';
import { feedsToFetch } from '../use-cases/ingest.ts';
import { createChannelDelivery, type BuildDigestFor } from './channel-delivery.ts';
import { createRuntimeAlerts } from './runtime-alerts.ts';
import type { PlatformExtension, PlatformHooks, RunningPlatform, RuntimeService, Signals, Timers } from './runtime-ports.ts';

/** How long shutdown waits for in-flight deliveries before leaving them to the ledger (resumed on the next start). */
export const SHUTDOWN_GRACE_MS = 30_000;
/**
 * How often pending deliveries (a transient failure, a dead instance's lease) are retried. Every minute, so a
 * delivery a crash interrupted resumes soon after its 90 s lease expires, while Discord still knows the nonce.
 */
export const RESUME_SWEEP_MS = 60_000;

export interface BotRuntimeDeps {
  store: Store;
  config: Config;
  logger: Logger;
  now: () => Date;
  /** Identifies this process in the delivery ledger and leases. */
  holder: string;
  buildDigest: BuildDigestFor;
  /** One ingest cycle over the given sources, holding each source's lease (renewed while it runs). */
  ingest(sources: Source[], lease: { holder: string; ttlMs: number }): Promise<SourceIngestReport[]>;
  /**
   * Starts the platform adapters (they serve /digest); called once by start(). Aborting stops their connect retries;
   * `hooks` is what their posters report to (admin alerts).
   */
  startPlatforms(signal: AbortSignal, hooks: PlatformHooks): Promise<RunningPlatform[]>;
  /** True when an LLM is configured: a digest summarised offline then means the LLM did not answer. */
  llmConfigured?: boolean;
  /** Each workspace's monthly LLM budget: admins are told at the warning level and when it is spent. */
  budget?: BudgetGuard;
  /** How long a recovery must hold before admins are told (default one hour: src/alerts/alerter.ts). */
  alertSettleMs?: number;
  /** What /healthz reports; the runtime feeds it the store, start-up, the scheduler and "stopping". */
  registry: StatusRegistry;
  timers: Timers;
  signals: Signals;
  /** Ends the process at once (a second signal). */
  exit(code: number): void;
  /** node-cron by default; tests pass a scheduler they fire themselves. */
  createScheduler?: (options: ChannelSchedulerOptions) => ChannelScheduler;
  /** Started before the platforms, stopped after them (the /healthz server, the web archive, …). */
  services?: readonly RuntimeService[];
  /** Started once the platforms are up, stopped with the intake (reader discussion). */
  extensions?: readonly PlatformExtension[];
  graceMs?: number;
}

/** The long-running bot: what `digest run` starts when a platform is configured. */
export interface BotRuntime extends DeliveryHooks {
  /**
   * Services, platforms, crash resume, catch-up, schedules, the first ingest, interval timers, signal handlers.
   * 'stopped' when a signal arrived while the platforms were still connecting (everything is released then); a
   * start-up failure is thrown after releasing what had started.
   */
  start(): Promise<'running' | 'stopped'>;
  /** Graceful stop, as on SIGTERM: intake stops, in-flight work finishes (within the grace period), then everything closes. */
  stop(): Promise<{ drained: boolean }>;
  /** Resolves when the runtime has stopped. */
  readonly done: Promise<{ drained: boolean }>;
  /** One ingest cycle over the feeds this instance claims (the interval timer runs these). */
  ingestCycle(): Promise<void>;
  /** One sweep: pending deliveries resumed, settled alerts posted (the minute timer runs these). */
  sweep(): Promise<void>;
  /** Resolves once every admin alert observed so far has been checked and posted. */
  alertsIdle(): Promise<void>;
}

/**
 * The runtime, with the clock, timers, signals and scheduler injected. Exactly-once posting rests on the delivery
 * ledger; leases make several instances sharing one database split the work (one fetch per feed per cycle, one
 * instance per slot).
 */
export function createBotRuntime(deps: BotRuntimeDeps): BotRuntime {
  const { store, logger, config, holder, registry } = deps;
  const posters = new Map<Platform, DigestPoster>();
  let platforms: RunningPlatform[] = [];
  const inFlight = createInFlight();
  const track = <T>(work: Promise<T>): Promise<T> => inFlight.track(work);
  let stopping = false;
  let stopRequested = false;
  /** Signals go to shutdown only once start() is done; before, they end start-up early. */
  let phase: 'connecting' | 'starting' | 'running' = 'connecting';
  const cancels: { cancel(): void }[] = [];
  const posterFor = (platform: Platform) => posters.get(platform);

  const alerts = createRuntimeAlerts({
    store,
    posterFor,
    now: deps.now,
    logger,
    llmConfigured: deps.llmConfigured ?? false,
    budget: deps.budget,
    ...(deps.alertSettleMs === undefined ? {} : { settleMs: deps.alertSettleMs }),
  });
  const delivery = createChannelDelivery({
    store,
    logger,
    now: deps.now,
    holder,
    buildDigest: deps.buildDigest,
    posterFor,
    stopping: () => stopping,
    observe: {
      built: (channel, digest) => void track(alerts.afterBuild(channel, digest)),
      delivered: (channel, edition, outcome) => void track(alerts.afterDelivery(channel.ref, edition, outcome)),
    },
  });
  const deliver = (channel: Channel, edition: string): Promise<PostDigestNowResult> => track(delivery.deliver(channel, edition));
  const slots = createSlotRunner({ store, holder, now: deps.now, deliver: (channel, slot) => deliver(channel, slot.toISOString()) });
  const scheduler = (deps.createScheduler ?? createChannelScheduler)({
    logger,
    coordinator: slots.coordinator,
    leaseMs: SLOT_LEASE_MS,
    onSlot: async (channel, slot) => {
      await deliver(channel, slot.toISOString());
    },
  });

  const resume = (): Promise<ResumeReport[]> =>
    track((async () => {
      const reports = await resumePendingDeliveries({
        store,
        posterFor,
        holder,
        now: deps.now,
        logger,
        alertRefusedPieces: false,
        rebuild: (channel, edition) => deps.buildDigest(channel, { edition }),
      });
      for (const report of reports) {
        const channel = report.result === undefined ? undefined : await store.getChannel(report.channelId);
        if (channel !== undefined && report.result !== undefined) void track(alerts.afterDelivery(channel.ref, report.edition, report.result));
      }
      return reports;
    })()).catch((error: unknown) => {
      logger.error({ err: String(error) }, 'resuming pending deliveries failed');
      return [];
    });

  const cycleMs = config.ingest.intervalMinutes * 60_000;
  const ingestCycle = (): Promise<void> =>
    track((async () => {
      // One instance fetches a feed per cycle; the others skip it until the lease runs out.
      const sources = await claimSourcesForCycle({ store, sources: await feedsToFetch(store), holder, now: deps.now(), cycleMs });
      const reports = await deps.ingest(sources, { holder, ttlMs: ingestLeaseTtlMs(cycleMs) });
      // Failing, empty and bot-walled feeds from this cycle, then quiet feeds and budgets (one message per change).
      await alerts.afterIngest(reports);
    })()).catch((error: unknown) => logger.error({ err: String(error) }, 'ingest cycle failed'));

  const sweep = async (): Promise<void> => {
    await resume();
    await alerts.sweep();
    // Slot leases are kept after their run (so a late timer stands down); drop them a day after they expire.
    await store.pruneLeases(new Date(deps.now().getTime() - 24 * 3_600_000)).catch((error: unknown) => logger.warn({ err: String(error) }, 'could not prune leases'));
  };

  const services = deps.services ?? [];
  const shutdown = createGracefulShutdown({
    inFlight,
    graceMs: deps.graceMs ?? SHUTDOWN_GRACE_MS,
    logger,
    wait: (ms) => deps.timers.sleep(ms),
    exitNow: () => deps.exit(1),
    async stopIntake() {
      stopping = true;
      registry.markStopping();
      for (const handle of cancels.splice(0)) handle.cancel();
      await scheduler.stop();
      for (const extension of deps.extensions ?? []) await extension.stop().catch((error: unknown) => logger.warn({ extension: extension.name, err: String(error) }, 'could not stop an extension'));
    },
    // Every posted message is already in the ledger, so whatever did not finish resumes on the next start.
    async release() {
      await Promise.allSettled(platforms.map((p) => p.stop()));
      await stopServices();
      await store.close();
    },
  });
  const started: RuntimeService[] = [];
  const stopServices = async (): Promise<void> => {
    for (const service of started.splice(0).reverse()) await service.stop().catch((error: unknown) => logger.warn({ service: service.name, err: String(error) }, 'could not stop a service'));
  };

  // Resolves when shutdown finished, or when start-up ended early on a signal (nothing was running to drain).
  let finishEarly!: () => void;
  const done = Promise.race([shutdown.done, new Promise<{ drained: boolean }>((resolve) => {
    finishEarly = () => resolve({ drained: true });
  })]);

  return {
    async start() {
      registry.probe('store', async () => ({ ok: true, detail: `${store.kind}, schema v${await store.schemaVersion()}` }));
      registry.set('startup', { ok: false, detail: 'starting: connecting platforms, resuming deliveries, catching up missed slots' });
      // A signal while the platforms connect ends their retries at once; once connected, shutdown takes over.
      const connecting = new AbortController();
      let earlySignal: 'SIGINT' | 'SIGTERM' | undefined;
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        deps.signals.on(signal, () => {
          if (phase === 'running') {
            // A second signal exits at once (the ledger makes that safe); a programmatic stop() never does.
            stopRequested = true;
            shutdown.signal(signal);
            return;
          }
          earlySignal = signal;
          if (phase === 'connecting') connecting.abort(new Error(`${signal} while connecting`));
        });
      }
      try {
        for (const service of services) {
          await service.start();
          started.push(service);
        }
        platforms = await deps.startPlatforms(connecting.signal, { observe: (observation) => alerts.fromPoster(observation) });
      } catch (error) {
        await stopServices();
        await store.close();
        if (connecting.signal.aborted && error === connecting.signal.reason) {
          finishEarly();
          return 'stopped';
        }
        throw error;
      }
      phase = 'starting';
      for (const p of platforms) posters.set(p.platform, p.poster);
      const resumed = await resume();
      if (resumed.length > 0) logger.info({ deliveries: resumed }, 'pending deliveries from before the restart');
      const schedulable = (await store.listChannels()).filter((c) => posters.has(c.ref.platform));
      await catchUpMissedSlots({ store, channels: schedulable, now: deps.now, catchUpHours: config.schedule.catchUpHours, runSlot: slots.run, holder, logger })
        .catch((error: unknown) => logger.error({ err: String(error) }, 'catch-up of missed slots failed'));
      scheduler.sync(schedulable);
      for (const extension of deps.extensions ?? []) {
        await extension.start(platforms).catch((error: unknown) => logger.error({ extension: extension.name, err: String(error) }, 'could not start an extension; the bot runs without it'));
      }
      registry.probe('scheduler', () => schedulerStatus(schedulable.map((c) => ({ channelId: c.id, at: scheduler.nextRuns(c.id, 1)[0] })), deps.now()));
      logger.info({ platforms: platforms.map((p) => p.platform), channels: schedulable.length, store: store.kind }, 'digest bot running');
      await ingestCycle();
      cancels.push(deps.timers.every(cycleMs, () => void ingestCycle()), deps.timers.every(RESUME_SWEEP_MS, () => void sweep()));
      registry.remove('startup');
      phase = 'running';
      if (earlySignal !== undefined) {
        stopRequested = true;
        shutdown.signal(earlySignal);
      }
      return 'running';
    },
    stop() {
      if (!stopRequested) {
        stopRequested = true;
        shutdown.signal('stop');
      }
      return shutdown.done;
    },
    done,
    ingestCycle,
    sweep: () => track(sweep()),
    alertsIdle: () => alerts.idle(),
    deliverNow: (channel) => deliver(channel, `manual:${deps.now().toISOString()}`),
    scheduleChanged(channel) {
      if (posters.has(channel.ref.platform)) scheduler.update(channel);
    },
  };
}
