import type { Channel, Platform } from '../../../src/domain/channel.ts';
import { deliverDigest } from '../../../src/deliver/deliver-digest.ts';
import type { DigestPoster } from '../../../src/deliver/digest-poster.ts';
import { createChannelScheduler } from '../../../src/schedule/channel-scheduler.ts';
import { createAppContext, buildDigestFor, type AppContext } from '../../compose.ts';
import { consoleChannel } from '../../console-channel.ts';
import { configuredPlatforms } from '../../configured-platforms.ts';
import { deliverToConsole } from '../deliver-to-console.ts';
import { EXIT, parseCommandArgs, writeLine, type CliCommand, type CliIo } from '../cli-io.ts';

export const CONNECT_HINT = 'To post digests in a channel, set DISCORD_TOKEN (Discord) or SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Slack); for "Why it matters" and "What you can build with this", set LLM_BASE_URL or OPENAI_API_KEY. See README.md.';

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'Run the bot: ingest on an interval and post digests on each channel’s schedule. Without Discord or Slack tokens, print one digest to the console and exit',
  usage: 'digest run [--all] [--config FILE]',
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

/** Long-running: adapters, schedules, interval ingest, graceful shutdown. */
async function runPlatforms(app: AppContext, io: CliIo): Promise<number> {
  const { store, logger } = app;
  const posters = new Map<Platform, DigestPoster>();
  const deliver = async (channel: Channel, edition: string): Promise<{ posted: true; digest: NonNullable<Awaited<ReturnType<typeof buildDigestFor>>> } | { posted: false; reason: string }> => {
    const poster = posters.get(channel.ref.platform);
    if (poster === undefined) return { posted: false, reason: `${channel.ref.platform} is not connected` };
    const fresh = (await store.getChannel(channel.id)) ?? channel;
    const digest = await buildDigestFor(app, fresh, { edition });
    if (digest === null) return { posted: false, reason: 'nothing new since the last digest' };
    const outcome = await deliverDigest({ store, poster, channel: fresh, digest, holder: app.instanceId, now: app.now, logger });
    if (outcome.status === 'delivered') return { posted: true, digest };
    return { posted: false, reason: outcome.status === 'failed' ? outcome.error : 'this edition was already delivered' };
  };

  const scheduler = createChannelScheduler({ logger, onSlot: async (channel, slot) => { await deliver(channel, slot.toISOString()); } });
  // Loaded only here so the console path never pays for discord.js and Bolt.
  const { startPlatforms } = await import('../../platforms.ts');
  const platforms = await startPlatforms(app, () => app.commandServices(
    (channel) => deliver(channel, `manual:${app.now().toISOString()}`),
    (channel) => scheduler.update(channel),
  ));
  for (const p of platforms) posters.set(p.platform, p.poster);
  const schedulable = (await store.listChannels()).filter((c) => posters.has(c.ref.platform));
  scheduler.sync(schedulable);
  logger.info({ platforms: platforms.map((p) => p.platform), channels: schedulable.length }, 'digest bot running');

  const ingestAll = () => app.ingest(undefined, (alert) => {
    void notifyAdmins(app, posters, alert.source.id, alert.kind === 'source-failing'
      ? `Source "${alert.source.name}" is failing: ${alert.error ?? 'unknown error'}. Check it with /digest sources list.`
      : `Source "${alert.source.name}" is working again.`);
  }).catch((error: unknown) => logger.error({ err: String(error) }, 'ingest cycle failed'));
  await ingestAll();
  const timer = setInterval(() => void ingestAll(), app.config.ingest.intervalMinutes * 60_000);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) {
        writeLine(io.stderr, `${signal} again: exiting now.`);
        process.exit(EXIT.failed);
      }
      stopping = true;
      logger.info({ signal }, 'shutting down: no new deliveries; finishing the current ones');
      clearInterval(timer);
      await scheduler.stop();
      await Promise.allSettled(platforms.map((p) => p.stop()));
      await app.close();
      resolve(EXIT.ok);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  });
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
