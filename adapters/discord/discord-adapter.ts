import { Events, PermissionFlagsBits, Status, type Client, type PermissionResolvable } from 'discord.js';
import { dispatchStructured, isSlowCommand } from '../../commands/dispatch.ts';
import { digestCommand } from '../../commands/digest-command.ts';
import { toDiscordCommandJson } from '../../commands/render-discord-json.ts';
import type { CommandServices } from '../../commands/services.ts';
import type { EditionLink } from '../../src/archive/archive-service.ts';
import type { DigestPoster } from '../../src/deliver/digest-poster.ts';
import type { Logger } from '../../src/log/logger.ts';
import { checkDiscordToken } from './check-discord-token.ts';
import { createDiscordClient } from './create-discord-client.ts';
import { toDiscordConnectError } from './discord-connect-error.ts';
import { createDiscordPoster } from './discord-poster.ts';
import { createInteractionHandler, type StructuredDispatcher } from './handle-interaction.ts';
import { registerCommands, type RegistrationResult } from './register-commands.ts';

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
  /** A fast command still running after this long is deferred; default 2000 ms. */
  ackAfterMs?: number;
  /** Replaces `dispatchStructured` (tests). */
  dispatch?: StructuredDispatcher;
}

export interface DiscordAdapter {
  client: Client;
  poster: DigestPoster;
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
  const client = createDiscordClient({ token: options.token, ...(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl }) });
  const poster = createDiscordPoster({ client, logger, editionLink: options.editionLink });
  const handle = createInteractionHandler({
    services: options.services,
    dispatch: options.dispatch ?? dispatchStructured,
    isSlowCommand,
    adminPermission: options.adminPermission ?? PermissionFlagsBits.ManageGuild,
    ...(options.ackAfterMs === undefined ? {} : { ackAfterMs: options.ackAfterMs }),
    logger,
  });
  client.on(Events.InteractionCreate, (interaction) => void handle(interaction));
  // An 'error' event with no listener would crash the process.
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));

  return {
    client,
    poster,
    async start() {
      await checkDiscordToken({ token: options.token, ...(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl }) });
      const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
      try {
        await client.login(options.token);
      } catch (error) {
        throw toDiscordConnectError(error);
      }
      const readyClient = await ready;
      let registration: RegistrationResult[] = [];
      try {
        registration = await registerCommands({
          rest: client.rest,
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
      await client.destroy();
    },
    health() {
      if (client.isReady()) return { ok: true, detail: `gateway ready, ${client.guilds.cache.size} guilds, ping ${Math.round(client.ws.ping)} ms` };
      return { ok: false, detail: `gateway ${Status[client.ws.status] ?? 'not connected'}` };
    },
  };
}
