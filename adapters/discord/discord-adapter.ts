import { Events, GatewayCloseCodes, PermissionFlagsBits, Status, type Client, type GatewayIntentBits, type PermissionResolvable } from 'discord.js';
import { dispatchStructured, isSlowCommand } from '../../commands/dispatch.ts';
import { digestCommand } from '../../commands/digest-command.ts';
import { toDiscordCommandJson } from '../../commands/render-discord-json.ts';
import type { CommandServices } from '../../commands/services.ts';
import type { EditionLink } from '../../src/archive/archive-service.ts';
import type { DigestPoster } from '../../src/deliver/digest-poster.ts';
import type { ThreadEvent } from '../../src/discussion/thread-events.ts';
import type { ThreadReplyPoster } from '../../src/discussion/thread-reply.ts';
import type { Logger } from '../../src/log/logger.ts';
import { checkDiscordToken } from './check-discord-token.ts';
import { createDiscordClient } from './create-discord-client.ts';
import { toDiscordConnectError } from './discord-connect-error.ts';
import { createDiscordPoster } from './discord-poster.ts';
import { createInteractionHandler, type StructuredDispatcher } from './handle-interaction.ts';
import { registerCommands, type RegistrationResult } from './register-commands.ts';
import { attachThreadEvents, DISCUSSION_INTENTS, WITHOUT_MESSAGE_CONTENT } from './thread-events.ts';
import { createDiscordReplyPoster } from './thread-reply-poster.ts';
import type { ObservePoster } from '../../src/deliver/poster-observation.ts';

export interface DiscordAdapterOptions {
  token: string;
  /** Base API URL without version (tests point it at a fake); Discord's by default. */
  apiUrl?: string;
  /** Register commands in these guilds only (instant); empty → globally. */
  guildIds?: readonly string[];
  /** Permission admin commands need; Manage Server by default. */
  adminPermission?: PermissionResolvable;
  services: CommandServices;
  /** The web archive page of an edition, linked from its header (`web.publicUrl`). */
  editionLink?: EditionLink;
  logger: Logger;
  /** Told what the poster learns about channels while posting (whether it can read their history). */
  observe?: ObservePoster;
  /** A fast command still running after this long is deferred; default 2000 ms. */
  ackAfterMs?: number;
  /** Replaces `dispatchStructured` (tests). */
  dispatch?: StructuredDispatcher;
  /**
   * Reader discussion: with it, the bot also reads messages and reactions (docs/discord.md, "Reader discussion") and
   * hands those under its digests on. Without the Message Content intent enabled in the Developer Portal, it
   * connects without it (mentions and reactions only); `onMessageContent` says which, once connected.
   */
  discussion?: {
    onEvent: (event: ThreadEvent) => Promise<unknown>;
    onMessageContent?: (available: boolean, guildIds: string[]) => void;
  };
}

export interface DiscordAdapter {
  /** The current client: a new one replaces it when Discord refuses the Message Content intent at start. */
  readonly client: Client;
  readonly poster: DigestPoster;
  /** Replies under digests (discussion digests, answers) and direct messages. */
  readonly replyPoster: ThreadReplyPoster;
  /** False when Discord refused the Message Content intent and the bot reads mentions and reactions only. */
  readonly readsMessageContent: boolean;
  /**
   * Checks the token (GET /users/@me), logs in, waits until the guilds are loaded, then registers the commands if they
   * changed. A failure to connect is a PlatformConnectError (rejected token, unreachable, 5xx, 429).
   */
  start(): Promise<{ registration: RegistrationResult[] }>;
  stop(): Promise<void>;
  /** For /healthz: whether the gateway session is up, so a silently dropped connection shows. */
  health(): { ok: boolean; detail: string };
}

/** The Discord side of the bot: one Client, the digest poster and the `/digest` interaction handler. */
export function createDiscordAdapter(options: DiscordAdapterOptions): DiscordAdapter {
  const { logger } = options;
  const handle = createInteractionHandler({
    services: options.services,
    dispatch: options.dispatch ?? dispatchStructured,
    isSlowCommand,
    adminPermission: options.adminPermission ?? PermissionFlagsBits.ManageGuild,
    ...(options.ackAfterMs === undefined ? {} : { ackAfterMs: options.ackAfterMs }),
    logger,
  });
  let sawDisallowedIntents = false;
  const connect = (intents: readonly GatewayIntentBits[] | undefined) => {
    const client = createDiscordClient({ token: options.token, ...(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl }), ...(intents === undefined ? {} : { intents }) });
    client.on(Events.InteractionCreate, (interaction) => void handle(interaction));
    // An 'error' event with no listener would crash the process.
    client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
    client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
    client.on(Events.ShardDisconnect, (event) => {
      if (event.code === GatewayCloseCodes.DisallowedIntents) sawDisallowedIntents = true;
    });
    if (options.discussion !== undefined) attachThreadEvents(client, { onEvent: options.discussion.onEvent, logger });
    return {
      client,
      poster: createDiscordPoster({ client, logger, editionLink: options.editionLink, ...(options.observe === undefined ? {} : { observe: options.observe }) }),
      replyPoster: createDiscordReplyPoster({ client, logger }),
    };
  };
  let current = connect(options.discussion === undefined ? undefined : DISCUSSION_INTENTS);
  let readsMessageContent = options.discussion !== undefined;

  /** Logs in; a refusal of the Message Content intent (close code 4014) reconnects without it, once. */
  const login = async (): Promise<Client<true>> => {
    const ready = new Promise<Client<true>>((resolve) => current.client.once(Events.ClientReady, resolve));
    try {
      await current.client.login(options.token);
      return await ready;
    } catch (error) {
      if (!readsMessageContent || !(sawDisallowedIntents || /disallowed intents/i.test(error instanceof Error ? error.message : ''))) throw error;
      logger.warn({}, 'Discord refused the Message Content intent (close code 4014): reading mentions and reactions only. Enable it under Bot → Privileged Gateway Intents (docs/discord.md).');
      await current.client.destroy();
      current = connect(WITHOUT_MESSAGE_CONTENT);
      readsMessageContent = false;
      return login();
    }
  };

  return {
    get client() {
      return current.client;
    },
    get poster() {
      return current.poster;
    },
    get replyPoster() {
      return current.replyPoster;
    },
    get readsMessageContent() {
      return readsMessageContent;
    },
    async start() {
      await checkDiscordToken({ token: options.token, ...(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl }) });
      let readyClient: Client<true>;
      try {
        readyClient = await login();
      } catch (error) {
        throw toDiscordConnectError(error);
      }
      options.discussion?.onMessageContent?.(readsMessageContent, [...readyClient.guilds.cache.keys()]);
      let registration: RegistrationResult[] = [];
      try {
        registration = await registerCommands({
          rest: readyClient.rest,
          applicationId: readyClient.application.id,
          guildIds: options.guildIds ?? [],
          commands: [toDiscordCommandJson(digestCommand)],
          logger,
        });
      } catch (error) {
        // Digests can still be delivered without slash commands, so this is not fatal.
        logger.error({ err: error, guildIds: options.guildIds ?? [] }, 'could not register the /digest command — invite the bot with the applications.commands scope');
      }
      logger.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size }, 'discord connected');
      return { registration };
    },
    async stop() {
      await current.client.destroy();
    },
    health() {
      const { client } = current;
      const reading = options.discussion === undefined ? '' : readsMessageContent ? ', reading threads' : ', mentions and reactions only (no Message Content intent)';
      if (client.isReady()) return { ok: true, detail: `gateway ready, ${client.guilds.cache.size} guilds, ping ${Math.round(client.ws.ping)} ms${reading}` };
      return { ok: false, detail: `gateway ${Status[client.ws.status] ?? 'not connected'}` };
    },
  };
}
