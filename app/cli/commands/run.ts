import type { PostDigestNowResult } from '../../../commands/services.ts';
import type { Channel, Platform } from '../../../src/domain/channel.ts';
import { deliverDigest } from '../../../src/deliver/deliver-digest.ts';
import type { DigestPoster } from '../../../src/deliver/digest-poster.ts';
import { createFanoutQueue, FANOUT_CONCURRENCY, type FanoutQueue } from '../../../src/deliver/fanout-queue.ts';
import { createRateLimiter, perChannelLimiters, rateLimitPoster } from '../../../src/deliver/rate-limit.ts';
import { resumePendingDeliveries } from '../../../src/deliver/resume-deliveries.ts';
import { startHealthServer } from '../../../src/health/health-server.ts';
import { schedulerStatus } from '../../../src/health/scheduler-health.ts';
import { catchUpMissedSlots } from '../../../src/schedule/catch-up.ts';
import { createChannelScheduler } from '../../../src/schedule/channel-scheduler.ts';
import { createGracefulShutdown, createInFlight } from '../../../src/schedule/graceful-shutdown.ts';
import { claimSourcesForCycle, ingestLeaseTtlMs } from '../../../src/schedule/claim-sources.ts';
import { createSlotRunner, SLOT_LEASE_MS } from '../../../src/schedule/slot-lease.ts';
import { createAppContext, buildDigestFor, type AppContext } from '../../compose.ts';
import { consoleChannel } from '../../console-channel.ts';
import { configuredPlatforms } from '../../configured-platforms.ts';
import { deliverToConsole } from '../deliver-to-console.ts';
import { EXIT, parseCommandArgs, writeLine, type CliCommandHandler, type CliIo } from '../cli-io.ts';

export const CONNECT_HINT = 'To post digests in a channel, set DISCORD_TOKEN (Discord) or SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Slack); for "Why it matters" and "What you can build with this", set LLM_BASE_URL or OPENAI_API_KEY. See README.md.';

export const runCommand: CliCommandHandler = {
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { all: { type: 'boolean' } });
    const app = await createAppContext(io, { configPath: values.config });
    if (configuredPlatforms(app).length === 0) {
      try {
        return await runOnceInConsole(app, io, values.all === true);
      } finally {
        await app.close();
      }
    }
    return runPlatforms(app, io);
  },
};

/** The embedded default: ingest, build, store and print one digest for the console channel. */
async function runOnceInConsole(app: AppContext, io: CliIo, includeDelivered: boolean): Promise<number> {
  const channel = await consoleChannel(app);
  const reports = await app.ingest(await app.store.listChannelSources(channel.id));
  for (const r of reports) if (r.outcome === 'failed') writeLine(io.stderr, `warning: ${r.sourceName}: ${r.error ?? 'failed'}${r.hint ? ` — ${r.hint}` : ''}`);
  const result = await deliverToConsole(app, io, channel, { includeDelivered });
  if (!result.delivered) {
    writeLine(io.stdout, `Nothing new since the last digest (${reports.length} sources checked). Run with --all to show the latest pieces again.`);
  } else if (result.outcome.status === 'failed') {
    writeLine(io.stderr, `The digest could not be printed: ${result.outcome.error}`);
    return EXIT.failed;
  }
  writeLine(io.stdout);
  writeLine(io.stdout, CONNECT_HINT);
  return EXIT.ok;
}

/** How long shutdown waits for in-flight deliveries before leaving them to the ledger (resumed on the next start). */
const SHUTDOWN_GRACE_MS = 30_000;
/**
 * How often pending deliveries (a transient failure, a dead instance's lease) are retried. Every minute, so a
 * delivery a crash interrupted resumes soon after its 90 s lease expires, while Discord still knows the nonce.
 */
const RESUME_SWEEP_MS = 60_000;

/** Long-running: adapters, crash resume, catch-up, schedules, interval ingest, /healthz, graceful shutdown. */
async function runPlatforms(app: AppContext, io: CliIo): Promise<number> {
  const { store, logger, config } = app;
  const holder = app.instanceId;
  const posters = new Map<Platform, DigestPoster>();
  const queues = new Map<Platform, FanoutQueue>();
  const inFlight = createInFlight();
  const track = <T>(work: Promise<T>): Promise<T> => inFlight.track(work);
  let stopping = false;
  const queueFor = (platform: Platform): FanoutQueue => {
    let queue = queues.get(platform);
    if (queue === undefined) {
      queue = createFanoutQueue({ concurrency: FANOUT_CONCURRENCY[platform] });
      queues.set(platform, queue);
    }
    return queue;
  };

  type Posted = PostDigestNowResult;
  const deliver = (channel: Channel, edition: string): Promise<Posted> => track((async (): Promise<Posted> => {
    if (stopping) return { posted: false, reason: 'the bot is shutting down' };
    const poster = posters.get(channel.ref.platform);
    if (poster === undefined) return { posted: false, reason: `${channel.ref.platform} is not connected` };
    const fresh = (await store.getChannel(channel.id)) ?? channel;
    // Summaries are built outside the queue so an LLM call never holds a posting slot.
    const digest = await buildDigestFor(app, fresh, { edition });
    if (digest === null) return { posted: false, reason: 'nothing new since the last digest' };
    const outcome = await queueFor(fresh.ref.platform).run(fresh.id, () => deliverDigest({ store, poster, channel: fresh, digest, holder, now: app.now, logger }));
    if (outcome.status === 'delivered') return { posted: true, digest, failedPieces: outcome.failedPieces };
    if (outcome.status === 'failed') return { posted: false, reason: outcome.error, partly: outcome.reached.header };
    return { posted: false, reason: outcome.status === 'busy' ? 'another instance is posting this edition' : 'this edition was already delivered' };
  })());

  // Several instances may share a PostgreSQL database: each slot is elected to one of them by a lease.
  const slots = createSlotRunner({ store, holder, now: app.now, deliver: (channel, slot) => deliver(channel, slot.toISOString()) });
  const scheduler = createChannelScheduler({
    logger, coordinator: slots.coordinator, leaseMs: SLOT_LEASE_MS,
    onSlot: async (channel, slot) => { await deliver(channel, slot.toISOString()); },
  });
  // Up before the platforms connect, so /healthz says why the bot is not ready while Discord or Slack is unreachable.
  const { registry } = app.health;
  registry.probe('store', async () => ({ ok: true, detail: `${store.kind}, schema v${await store.schemaVersion()}` }));
  const health = config.health.port === null ? undefined : await startHealthServer({ port: config.health.port, logger, registry });
  registry.set('startup', { ok: false, detail: 'starting: connecting platforms, resuming deliveries, catching up missed slots' });
  // A signal during start-up ends the platform retries at once, or — once connected — shuts down as soon as it can.
  const connecting = new AbortController();
  let earlySignal: NodeJS.Signals | undefined;
  const onEarlySignal = (signal: NodeJS.Signals) => {
    earlySignal = signal;
    connecting.abort(new Error(`${signal} while connecting`));
  };
  process.on('SIGINT', onEarlySignal);
  process.on('SIGTERM', onEarlySignal);
  // Before the platforms connect, so a port in use stops start-up before anything is posted.
  const web = config.web.port === null ? undefined : await (await import('../../web-archive.ts')).startWebArchive(app, { port: config.web.port });
  // Loaded only here, so the console path never loads discord.js or Bolt.
  const { startPlatforms } = await import('../../platforms.ts');
  let platforms: Awaited<ReturnType<typeof startPlatforms>>;
  try {
    platforms = await startPlatforms(app, () => app.commandServices(
      (channel) => deliver(channel, `manual:${app.now().toISOString()}`),
      (channel) => scheduler.update(channel),
    ), { registry, signal: connecting.signal });
  } catch (error) {
    process.off('SIGINT', onEarlySignal);
    process.off('SIGTERM', onEarlySignal);
    await web?.close();
    await health?.close();
    await app.close();
    if (connecting.signal.aborted && error === connecting.signal.reason) return EXIT.ok;
    throw error;
  }
  // discord.js paces Discord's routes and global limit itself; Slack's ~1 message/s per channel is paced here to avoid 429s.
  const slackPacing = perChannelLimiters(() => createRateLimiter({ limit: 1, windowMs: 1_000 }));
  for (const p of platforms) posters.set(p.platform, p.platform === 'slack' ? rateLimitPoster(p.poster, { perChannel: slackPacing, threadIsRequest: false }) : p.poster);

  const resume = () => track(resumePendingDeliveries({
    store, posterFor: (platform) => posters.get(platform), holder, now: app.now, logger,
    rebuild: (channel, edition) => buildDigestFor(app, channel, { edition }),
  })).catch((error: unknown) => { logger.error({ err: String(error) }, 'resuming pending deliveries failed'); return []; });
  const resumed = await resume();
  if (resumed.length > 0) logger.info({ deliveries: resumed }, 'pending deliveries from before the restart');

  const schedulable = (await store.listChannels()).filter((c) => posters.has(c.ref.platform));
  await catchUpMissedSlots({ store, channels: schedulable, now: app.now, catchUpHours: config.schedule.catchUpHours, runSlot: slots.run, holder, logger })
    .catch((error: unknown) => logger.error({ err: String(error) }, 'catch-up of missed slots failed'));
  scheduler.sync(schedulable);
  registry.probe('scheduler', () => schedulerStatus(schedulable.map((c) => ({ channelId: c.id, at: scheduler.nextRuns(c.id, 1)[0] })), app.now()));
  logger.info({ platforms: platforms.map((p) => p.platform), channels: schedulable.length, store: store.kind }, 'digest bot running');

  const cycleMs = config.ingest.intervalMinutes * 60_000;
  const ingestAll = () => track((async () => {
    // One instance fetches a feed per cycle; the others skip it until the lease runs out.
    const sources = await claimSourcesForCycle({ store, sources: await store.listSources(), holder, now: app.now(), cycleMs });
    await app.ingest(sources, (alert) => {
      void notifyAdmins(app, posters, alert.source.id, alert.kind === 'source-failing'
        ? `Source "${alert.source.name}" is failing: ${alert.error ?? 'unknown error'}. Check it with /digest sources list.`
        : `Source "${alert.source.name}" is working again.`);
    }, { lease: { holder, ttlMs: ingestLeaseTtlMs(cycleMs) } });
  })()).catch((error: unknown) => logger.error({ err: String(error) }, 'ingest cycle failed'));
  await ingestAll();
  const sweep = async () => {
    await resume();
    // Slot leases are kept after their run (so a late timer stands down); drop them a day after they expire.
    await store.pruneLeases(new Date(app.now().getTime() - 24 * 3_600_000)).catch((error: unknown) => logger.warn({ err: String(error) }, 'could not prune leases'));
  };
  const timers = [setInterval(() => void ingestAll(), cycleMs), setInterval(() => void sweep(), RESUME_SWEEP_MS)];

  const shutdown = createGracefulShutdown({
    inFlight, graceMs: SHUTDOWN_GRACE_MS, logger,
    exitNow: () => {
      writeLine(io.stderr, 'Second signal: exiting now; unfinished deliveries resume on the next start.');
      process.exit(EXIT.failed);
    },
    async stopIntake() {
      stopping = true;
      registry.markStopping();
      for (const timer of timers) clearInterval(timer);
      await scheduler.stop();
    },
    // Every posted message is already in the ledger, so whatever did not finish resumes on the next start.
    async release() {
      await Promise.allSettled(platforms.map((p) => p.stop()));
      await health?.close();
      await web?.close();
      await app.close();
    },
  });
  process.off('SIGINT', onEarlySignal);
  process.off('SIGTERM', onEarlySignal);
  process.on('SIGINT', () => shutdown.signal('SIGINT'));
  process.on('SIGTERM', () => shutdown.signal('SIGTERM'));
  registry.remove('startup');
  if (earlySignal !== undefined) shutdown.signal(earlySignal);
  await shutdown.done;
  return EXIT.ok;
}

/** Posts an admin alert to every channel reading the source: its admin channel if set, else the channel. */
async function notifyAdmins(app: AppContext, posters: Map<Platform, DigestPoster>, sourceId: string, text: string): Promise<void> {
  for (const channel of await app.store.listChannels()) {
    const poster = posters.get(channel.ref.platform);
    if (poster === undefined) continue;
    if (!(await app.store.listChannelSources(channel.id)).some((s) => s.id === sourceId)) continue;
    const target = channel.settings.adminChannelId === null ? channel.ref : { ...channel.ref, channelId: channel.settings.adminChannelId };
    await poster.postAlert(target, text).catch((error: unknown) => app.logger.warn({ channel: channel.id, err: String(error) }, 'could not post admin alert'));
  }
}
