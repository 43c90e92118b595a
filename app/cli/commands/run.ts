import { renderDigest } from '../../../adapters/console/render-digest.ts';
import type { CommandServices } from '../../../commands/services.ts';
import { processSignals, realTimers } from '../../../src/bot/runtime/real-runtime-io.ts';
import { createBotRuntime } from '../../../src/bot/runtime/bot-runtime.ts';
import { createDiscussionExtension } from '../../../src/bot/runtime/discussion-extension.ts';
import type { RuntimeService } from '../../../src/bot/runtime/runtime-ports.ts';
import { createRateLimiter, perChannelLimiters, rateLimitPoster } from '../../../src/deliver/rate-limit.ts';
import { startHealthServer, type HealthServer } from '../../../src/health/health-server.ts';
import { createAppContext, buildDigestFor, type AppContext } from '../../compose.ts';
import { consoleChannel } from '../../console-channel.ts';
import { configuredPlatforms } from '../../configured-platforms.ts';
import { consoleAlerts } from '../console-alerts.ts';
import { deliverToConsole } from '../deliver-to-console.ts';
import { EXIT, parseCommandArgs, writeLine, type CliCommandHandler, type CliIo } from '../cli-io.ts';
import { quietIngestLogger, reportUnreadableSources } from '../ingest-report.ts';
import { stdoutTerminal } from '../terminal.ts';

export const CONNECT_HINT =
  'To post digests in a channel, set DISCORD_TOKEN (Discord) or SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Slack); for "Why it matters" and "What you can build with this", set LLM_BASE_URL or OPENAI_API_KEY. See README.md.';

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

/**
 * The embedded default: ingest, build, store and print one digest for the console channel. With --all it shows the
 * latest pieces again, delivered or not, without storing anything: a re-show is not a new edition.
 */
async function runOnceInConsole(app: AppContext, io: CliIo, showAgain: boolean): Promise<number> {
  const channel = await consoleChannel(app);
  const reports = await app.ingest(await app.store.listChannelSources(channel.id), { logger: quietIngestLogger(app.logger) });
  reportUnreadableSources(io, reports);
  const alerts = consoleAlerts(app, io);
  await alerts.afterIngest(reports);
  if (showAgain) {
    const digest = await buildDigestFor(app, channel, { edition: `preview:${app.now().toISOString()}`, includeDelivered: true });
    if (digest === null) writeLine(io.stdout, `No pieces in the last ${app.config.selection.lookbackDays} days (${reports.length} sources checked).`);
    else io.stdout.write(renderDigest(digest, stdoutTerminal(io)));
  } else {
    const result = await deliverToConsole(app, io, channel);
    if (result.delivered) {
      await alerts.afterBuild(channel, result.digest);
      await alerts.afterDelivery(channel.ref, result.edition, result.outcome);
    }
    if (!result.delivered) {
      writeLine(io.stdout, `Nothing new since the last digest (${reports.length} sources checked). Run with --all to show the latest pieces again.`);
    } else if (result.outcome.status === 'failed') {
      writeLine(io.stderr, `The digest could not be printed: ${result.outcome.error}`);
      return EXIT.failed;
    }
  }
  writeLine(io.stdout);
  writeLine(io.stdout, CONNECT_HINT);
  return EXIT.ok;
}

/** The servers that run beside the bot: /healthz (health.port) and the web archive (web.port). */
function runtimeServices(app: AppContext): RuntimeService[] {
  const services: RuntimeService[] = [];
  const healthPort = app.config.health.port;
  if (healthPort !== null) {
    let server: HealthServer | undefined;
    services.push({
      name: 'health',
      async start() {
        server = await startHealthServer({ port: healthPort, logger: app.logger, registry: app.health.registry });
      },
      stop: async () => server?.close(),
    });
  }
  const webPort = app.config.web.port;
  if (webPort !== null) {
    let web: { close(): Promise<void> } | undefined;
    services.push({
      name: 'web archive',
      async start() {
        web = await (await import('../../web-archive.ts')).startWebArchive(app, { port: webPort });
      },
      stop: async () => web?.close(),
    });
  }
  return services;
}

/** Long-running: the runtime (src/bot/runtime) with this process's timers and signals, the platforms, /healthz and the archive. */
async function runPlatforms(app: AppContext, io: CliIo): Promise<number> {
  let services: CommandServices | undefined = undefined;
  // Reader discussion: adapters hand it thread events; once the platforms are up it sweeps for due discussion digests.
  const discussion = createDiscussionExtension({ service: app.discussion, store: app.store, now: app.now, logger: app.logger, everyMs: app.config.discussion.checkEveryMinutes * 60_000 });
  const runtime = createBotRuntime({
    store: app.store,
    config: app.config,
    logger: app.logger,
    now: app.now,
    holder: app.instanceId,
    registry: app.health.registry,
    buildDigest: (channel, options) => buildDigestFor(app, channel, options),
    ingest: (sources, lease) => app.ingest(sources, { lease }),
    llmConfigured: app.llmConfigured,
    budget: app.budget,
    async startPlatforms(signal, hooks) {
      // Loaded only here, so the console path never loads discord.js or Bolt.
      const { startPlatforms } = await import('../../platforms.ts');
      const platforms = await startPlatforms(app, () => {
        if (services === undefined) throw new Error('command services are wired before the platforms start');
        return services;
      }, { registry: app.health.registry, signal, discussion: discussion.adapterHooks, observe: hooks.observe });
      // discord.js paces Discord's routes and global limit itself; Slack's ~1 message/s per channel is paced here to avoid 429s.
      const slackPacing = perChannelLimiters(() => createRateLimiter({ limit: 1, windowMs: 1_000 }));
      return platforms.map((p) => (p.platform === 'slack' ? { ...p, poster: rateLimitPoster(p.poster, { perChannel: slackPacing, threadIsRequest: false }) } : p));
    },
    timers: realTimers,
    signals: processSignals,
    exit(code) {
      writeLine(io.stderr, 'Second signal: exiting now; unfinished deliveries resume on the next start.');
      process.exit(code);
    },
    services: runtimeServices(app),
    extensions: [discussion],
  });
  services = app.commandServices(app.bot(runtime));
  if ((await runtime.start()) === 'stopped') return EXIT.ok;
  await runtime.done;
  return EXIT.ok;
}
