import { resolveAdminPermission } from '../adapters/discord/admin-permission.ts';
import { createDiscordAdapter } from '../adapters/discord/discord-adapter.ts';
import { assertValidDeclaration } from '../commands/define-command.ts';
import { digestCommand } from '../commands/digest-command.ts';
import { createSlackAdapter } from '../adapters/slack/slack-adapter.ts';
import type { CommandServices } from '../commands/services.ts';
import type { Platform } from '../src/domain/channel.ts';
import type { RunningPlatform } from '../src/bot/runtime/runtime-ports.ts';
import type { DigestPoster } from '../src/deliver/digest-poster.ts';
import type { ObservePoster } from '../src/deliver/poster-observation.ts';
import { DigestError } from '../src/errors.ts';
import { connectWithRetry } from '../src/connect/connect-with-retry.ts';
import type { StatusRegistry } from '../src/health/status-registry.ts';
import { watchConnection } from '../src/health/watch-connection.ts';
import type { DiscussionExtension } from '../src/bot/runtime/discussion-extension.ts';
import type { ThreadReplyPoster } from '../src/discussion/thread-reply.ts';
import type { AppContext } from './compose.ts';

export type { RunningPlatform } from '../src/bot/runtime/runtime-ports.ts';

/** How the runtime watches the platforms connect: their state goes to /healthz; aborting stops the retries. */
export interface PlatformStartOptions {
  registry: StatusRegistry;
  signal?: AbortSignal;
  /** Told what the posters learn about channels while posting (the runtime's admin alerts). */
  observe?: ObservePoster;
  /** Tests shorten the backoff; the default is CONNECT_BACKOFF. */
  connect?: Pick<Parameters<typeof connectWithRetry>[0], 'policy' | 'sleep'>;
  /** Reader discussion: adapters read thread messages and reactions and hand them here. */
  discussion?: DiscussionExtension['adapterHooks'];
}

interface Startable {
  start(): Promise<unknown>;
  stop(): Promise<void>;
  poster: DigestPoster;
  replyPoster: ThreadReplyPoster;
  health(): { ok: boolean; detail: string };
}

/**
 * Starts the adapters the environment has tokens for, each serving /digest with the given services. Each connects
 * with capped exponential backoff while Discord or Slack is unreachable or failing (a fresh adapter per attempt),
 * reporting its state in the registry; a rejected token stops start-up with a PlatformConnectError (exit 2).
 */
export async function startPlatforms(app: AppContext, services: (platform: Platform) => CommandServices, options: PlatformStartOptions): Promise<RunningPlatform[]> {
  const { env } = app.loaded;
  const starters: { platform: Platform; label: string; create: () => Startable }[] = [];
  // A declaration Discord would reject should stop start-up with the reason, not fail at registration.
  assertValidDeclaration(digestCommand);
  if (env.DISCORD_TOKEN !== undefined) {
    const token = env.DISCORD_TOKEN;
    const adminPermission = resolveAdminPermission(app.config.discord.adminPermission);
    starters.push({ platform: 'discord', label: 'Discord', create: () =>
      createDiscordAdapter({
        token,
        ...(env.DISCORD_API_URL === undefined ? {} : { apiUrl: env.DISCORD_API_URL }),
        guildIds: app.config.discord.guildIds,
        adminPermission,
        services: services('discord'),
        ...(options.observe === undefined ? {} : { observe: options.observe }),
        editionLink: (digest) => app.archive.editionUrl(digest),
        logger: app.logger.child({ platform: 'discord' }),
        ...(options.discussion === undefined ? {} : { discussion: options.discussion }),
      }) });
  }
  if (env.SLACK_BOT_TOKEN !== undefined) {
    const botToken = env.SLACK_BOT_TOKEN;
    const mode = app.config.slack.mode;
    if (mode === 'socket' && env.SLACK_APP_TOKEN === undefined) {
      throw new DigestError('Slack socket mode needs SLACK_APP_TOKEN', { hint: 'Create an app-level token with connections:write (xapp-…), or set slack.mode: http with SLACK_SIGNING_SECRET.' });
    }
    if (mode === 'http' && env.SLACK_SIGNING_SECRET === undefined) throw new DigestError('Slack HTTP mode needs SLACK_SIGNING_SECRET', { hint: 'Copy the signing secret from the app’s Basic Information page.' });
    starters.push({ platform: 'slack', label: 'Slack', create: () =>
      createSlackAdapter({
        mode,
        botToken,
        appToken: env.SLACK_APP_TOKEN,
        signingSecret: env.SLACK_SIGNING_SECRET,
        port: app.config.slack.port,
        ...(env.SLACK_API_URL === undefined ? {} : { clientOptions: { slackApiUrl: env.SLACK_API_URL.endsWith('/') ? env.SLACK_API_URL : `${env.SLACK_API_URL}/` } }),
        admins: app.config.slack.admins,
        services: services('slack'),
        ...(options.observe === undefined ? {} : { observe: options.observe }),
        editionLink: (digest) => app.archive.editionUrl(digest),
        logger: app.logger.child({ platform: 'slack' }),
        ...(options.discussion === undefined ? {} : { discussion: { onEvent: options.discussion.onEvent } }),
      }) });
  }

  // One platform's rejected token stops the others' retries too: start-up fails as a whole.
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const running: RunningPlatform[] = [];
  try {
    await Promise.all(starters.map(async ({ platform, label, create }) => {
      const adapter = await connectWithRetry({
        label,
        logger: app.logger.child({ platform }),
        signal: abort.signal,
        ...options.connect,
        onStatus: (status) => options.registry.set(platform, status),
        async connect() {
          const attempt = create();
          try {
            await attempt.start();
            return attempt;
          } catch (error) {
            await attempt.stop().catch(() => undefined);
            throw error;
          }
        },
      }).catch((error: unknown) => {
        abort.abort(error);
        throw error;
      });
      options.registry.probe(platform, () => adapter.health());
      const unwatch = watchConnection({ label, read: () => adapter.health(), logger: app.logger.child({ platform }) });
      running.push({ platform, poster: adapter.poster, replyPoster: adapter.replyPoster, stop: async () => {
        unwatch();
        await adapter.stop();
      }, health: () => adapter.health() });
    }));
  } catch (error) {
    await Promise.allSettled(running.map((p) => p.stop()));
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
  return running;
}
