import { createHash, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, SocketModeReceiver, webApi } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import { dispatchText } from '../../commands/dispatch.ts';
import type { CommandServices } from '../../commands/services.ts';
import type { EditionLink } from '../../src/archive/archive-service.ts';
import type { DigestPoster } from '../../src/deliver/digest-poster.ts';
import { DigestError } from '../../src/errors.ts';
import type { Logger } from '../../src/log/logger.ts';
import { toBoltLogger } from './bolt-logger.ts';
import { ADMIN_LOOKUP_TIMEOUT_MS, createSlackAdminCheck } from './check-slack-admin.ts';
import { createRetryGuard } from './dedupe-retries.ts';
import { createSlashCommandHandler, type TextDispatcher } from './handle-slash-command.ts';
import { checkSlackBotToken, slackConnectError } from './check-slack-token.ts';
import { slackErrorCode } from './map-slack-error.ts';
import { describeNetworkError, PlatformConnectError } from '../../src/connect/platform-error.ts';
import { createSlackPoster } from './slack-poster.ts';
import { createStrictHttpReceiver } from './strict-http-receiver.ts';
import { attachSlackThreadEvents } from './thread-events.ts';
import { createSlackReplyPoster } from './thread-reply-poster.ts';
import type { ThreadEvent } from '../../src/discussion/thread-events.ts';
import type { ThreadReplyPoster } from '../../src/discussion/thread-reply.ts';
import type { ObservePoster } from '../../src/deliver/poster-observation.ts';

export interface SlackAdapterOptions {
  /** Socket Mode needs `appToken` and no public URL; HTTP mode needs `signingSecret` and a port. */
  mode: 'socket' | 'http';
  /** The bot token (xoxb-…) of the one workspace the app is installed in. */
  botToken: string;
  signingSecret?: string | undefined;
  appToken?: string | undefined;
  /** HTTP mode: the port to listen on (0 → any free port). */
  port: number;
  /** HTTP mode: the interface to listen on; all interfaces by default. */
  host?: string;
  /** User ids treated as admins in addition to workspace admins and owners. */
  admins: readonly string[];
  services: CommandServices;
  /** The web archive page of an edition, linked from its header (`web.publicUrl`). */
  editionLink?: EditionLink;
  logger: Logger;
  /** Told what the poster learns about channels while posting (whether it can read their history). */
  observe?: ObservePoster;
  /**
   * Passed to Bolt's WebClient and, in socket mode, to the Socket Mode client's (apps.connections.open), so
   * `slackApiUrl` moves both (tests point it at a fake and shorten `retryConfig`).
   */
  clientOptions?: WebClientOptions;
  /** Replaces `dispatchText` (tests). */
  dispatch?: TextDispatcher;
  /** Reader discussion: message and reaction events (docs/slack.md, "Reader discussion") are handed on. */
  discussion?: { onEvent: (event: ThreadEvent) => Promise<unknown> };
}

export interface SlackAdapter {
  app: App;
  poster: DigestPoster;
  /** Replies under digests (discussion digests, answers) and direct messages. */
  replyPoster: ThreadReplyPoster;
  /**
   * Checks the bot token (auth.test, once), then connects (Socket Mode) or listens (HTTP). A failure to connect is a
   * PlatformConnectError naming the variable at fault (SLACK_BOT_TOKEN, SLACK_APP_TOKEN) or the outage.
   */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** HTTP mode: the port actually bound once started (useful with port 0). */
  boundPort(): number | undefined;
  /** For /healthz: started, and still connected (Socket Mode) or listening for Slack's requests (HTTP). */
  health(): { ok: boolean; detail: string };
}

/** The WebClient admin checks use: the app's options, but one try within the command's deadline (check-slack-admin.ts). */
function adminLookupClient(options: SlackAdapterOptions): webApi.WebClient {
  return new webApi.WebClient(options.botToken, {
    ...options.clientOptions,
    logger: toBoltLogger(options.logger),
    retryConfig: { retries: 0 },
    timeout: ADMIN_LOOKUP_TIMEOUT_MS,
    rejectRateLimitedCalls: true,
  });
}

/** The Slack side of the bot: one Bolt App, the digest poster and the `/digest` command handler. */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { logger } = options;
  if (options.mode === 'socket' && !options.appToken) {
    throw new DigestError('Slack socket mode needs an app-level token', { hint: 'Set SLACK_APP_TOKEN (xapp-…, scope connections:write), or use slack.mode: http.' });
  }
  if (options.mode === 'http' && !options.signingSecret) {
    throw new DigestError('Slack HTTP mode needs the signing secret', { hint: 'Set SLACK_SIGNING_SECRET from the app’s Basic Information page, or use slack.mode: socket.' });
  }
  // Our own receiver in socket mode, so the adapter can watch the connection for /healthz. Its Socket Mode client
  // calls apps.connections.open with a WebClient built from installerOptions.clientOptions, so a custom slackApiUrl
  // (SLACK_API_URL, e.g. GovSlack) goes there too. A copy of its own, because that client writes its reconnect retry
  // policy (100 retries) into the object, which must not reach the WebClients handed to listeners.
  const receiver = options.mode === 'socket'
    ? new SocketModeReceiver({ appToken: options.appToken!, logger: toBoltLogger(logger), installerOptions: { clientOptions: { ...options.clientOptions } } })
    : undefined;
  const httpReceiver = options.mode === 'http' ? createStrictHttpReceiver({ signingSecret: options.signingSecret!, logger: toBoltLogger(logger) }) : undefined;
  const app = new App({
    token: options.botToken,
    receiver: receiver ?? httpReceiver!,
    logger: toBoltLogger(logger),
    // auth.test runs in start(), where a bad token can be reported with a hint instead of an unhandled rejection.
    deferInitialization: true,
    // A copy: Bolt writes its logger into the object it is given.
    ...(options.clientOptions === undefined ? {} : { clientOptions: { ...options.clientOptions } }),
  });
  const poster = createSlackPoster({ client: app.client, logger, editionLink: options.editionLink, ...(options.observe === undefined ? {} : { observe: options.observe }) });
  const handle = createSlashCommandHandler({
    services: options.services,
    dispatch: options.dispatch ?? dispatchText,
    isAdmin: createSlackAdminCheck({ client: adminLookupClient(options), admins: options.admins, logger }),
    retryGuard: createRetryGuard({ claimShared: sharedInvocationClaim(options.services) }),
    logger,
  });
  app.command('/digest', async (args) => handle(args));
  // The workspace's address, for permalinks of replies; read once started.
  let teamUrl = 'https://slack.com/';
  if (options.discussion !== undefined) attachSlackThreadEvents(app, { onEvent: options.discussion.onEvent, teamUrl: () => teamUrl, logger });
  app.error(async (error) => {
    logger.error({ err: error }, 'slack app error');
  });

  let server: Server | undefined;
  let started = false;
  // Set once a Socket Mode connection was attempted: its client keeps retrying until stopped, even if start() failed.
  let connecting = false;
  return {
    app,
    poster,
    replyPoster: createSlackReplyPoster({ client: app.client, logger }),
    async start() {
      // Our own single call first: Bolt's init retries an unreachable Slack for half an hour, logging every attempt.
      await checkSlackBotToken({ token: options.botToken, ...(options.clientOptions?.slackApiUrl === undefined ? {} : { apiUrl: options.clientOptions.slackApiUrl }) });
      try {
        await app.init();
      } catch (error) {
        throw slackStartError(error, 'SLACK_BOT_TOKEN', 'auth.test');
      }
      if (options.mode === 'http') {
        try {
          server = (await app.start({ port: options.port, ...(options.host === undefined ? {} : { host: options.host }) })) as Server;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException | null)?.code;
          if (code !== 'EADDRINUSE' && code !== 'EACCES') throw error;
          throw new DigestError(`slack.port ${options.port} is ${code === 'EADDRINUSE' ? 'already in use' : 'not allowed for this user'}`, {
            code: 'config-invalid',
            hint: 'Set slack.port in the config to a free port (above 1023), or stop what is using it.',
            cause: error,
          });
        }
      } else {
        try {
          connecting = true;
          await app.start();
        } catch (error) {
          // apps.connections.open refused the app-level token, or could not be reached (the Socket Mode
          // client gives up at once on those; other failures it retries).
          throw slackStartError(error, 'SLACK_APP_TOKEN', 'apps.connections.open');
        }
      }
      if (options.discussion !== undefined) {
        teamUrl = await app.client.auth.test().then((r) => r.url ?? teamUrl, () => teamUrl);
      }
      started = true;
      logger.info({ mode: options.mode, port: options.mode === 'http' ? (server?.address() as AddressInfo | null)?.port : undefined }, 'slack connected');
    },
    async stop() {
      if (!started && !connecting) return;
      started = false;
      connecting = false;
      await app.stop();
      server = undefined;
    },
    boundPort() {
      const address = server?.address();
      return address && typeof address === 'object' ? address.port : undefined;
    },
    health() {
      if (!started) return { ok: false, detail: 'not started' };
      // Between a dropped socket and the client's reconnect (seconds, or longer while Slack is unreachable).
      if (receiver !== undefined) return receiver.client.websocket?.isActive() === true ? { ok: true, detail: 'socket mode connected' } : { ok: false, detail: 'socket mode reconnecting' };
      return server?.listening === true ? { ok: true, detail: `listening on port ${this.boundPort() ?? '?'}` } : { ok: false, detail: 'HTTP server not listening' };
    },
  };
}

/** What Bolt threw while starting, as a PlatformConnectError: Slack's error string when there is one, else unreachable. */
function slackStartError(error: unknown, variable: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN', method: string): PlatformConnectError {
  const code = slackErrorCode(error);
  if (code !== undefined) return slackConnectError({ error: code, variable, method, cause: error });
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number') return slackConnectError({ status, variable, method, cause: error });
  const reason = describeNetworkError(error);
  return new PlatformConnectError({ platform: 'slack', kind: 'unreachable', reason, message: `Slack is unreachable (${method}): ${reason}`, hint: 'Check this machine’s network and DNS (and SLACK_API_URL, if set), or use slack.mode: http.',
    cause: error });
}

/**
 * Claims a slash-command invocation in the shared store (a lease per invocation), so instances behind one load
 * balancer run a retried request once between them. The holder is this adapter, so only another instance loses.
 */
function sharedInvocationClaim(services: CommandServices): (key: string, ttlMs: number) => Promise<boolean> {
  const holder = `slack-adapter:${randomUUID()}`;
  return (key, ttlMs) => services.store.tryAcquireLease(`slack-invocation:${createHash('sha256').update(key).digest('base64url')}`, holder, ttlMs, services.now());
}
