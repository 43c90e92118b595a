import { PermissionsBitField, type PermissionsString } from 'discord.js';
import { createDiscordAdapter } from '../adapters/discord/discord-adapter.ts';
import { assertValidDeclaration } from '../commands/define-command.ts';
import { digestCommand } from '../commands/digest-command.ts';
import { ConfigError } from '../src/errors.ts';
import { createSlackAdapter } from '../adapters/slack/slack-adapter.ts';
import type { CommandServices } from '../commands/services.ts';
import type { Platform } from '../src/domain/channel.ts';
import type { DigestPoster } from '../src/deliver/digest-poster.ts';
import { DigestError } from '../src/errors.ts';
import type { AppContext } from './compose.ts';

/** A started platform: its poster and how to stop it. */
export interface RunningPlatform {
  platform: Platform;
  poster: DigestPoster;
  stop(): Promise<void>;
  /** The adapter's own view of its connection, for /healthz. */
  health(): { ok: boolean; detail: string };
}

/** Starts the adapters the environment has tokens for; each serves /digest with the given services. */
export async function startPlatforms(app: AppContext, services: (platform: Platform) => CommandServices): Promise<RunningPlatform[]> {
  const { env } = app.loaded;
  const running: RunningPlatform[] = [];
  // A declaration Discord would reject should stop start-up with the reason, not fail at registration.
  assertValidDeclaration(digestCommand);
  if (env.DISCORD_TOKEN !== undefined) {
    const adminPermission = app.config.discord.adminPermission;
    try {
      PermissionsBitField.resolve(adminPermission as PermissionsString);
    } catch {
      throw new ConfigError([`discord.adminPermission: "${adminPermission}" is not a Discord permission name`], 'Use a PermissionFlagsBits name such as ManageGuild, ManageChannels or Administrator.');
    }
    const adapter = createDiscordAdapter({
      token: env.DISCORD_TOKEN,
      ...(env.DISCORD_API_URL === undefined ? {} : { apiUrl: env.DISCORD_API_URL }),
      guildIds: app.config.discord.guildIds,
      adminPermission: adminPermission as PermissionsString,
      services: services('discord'),
      editionLink: (digest) => app.archive.editionUrl(digest),
      logger: app.logger.child({ platform: 'discord' }),
    });
    await adapter.start();
    running.push({ platform: 'discord', poster: adapter.poster, stop: () => adapter.stop(), health: () => adapter.health() });
  }
  if (env.SLACK_BOT_TOKEN !== undefined) {
    const mode = app.config.slack.mode;
    if (mode === 'socket' && env.SLACK_APP_TOKEN === undefined) throw new DigestError('Slack socket mode needs SLACK_APP_TOKEN', { hint: 'Create an app-level token with connections:write (xapp-…), or set slack.mode: http with SLACK_SIGNING_SECRET.' });
    if (mode === 'http' && env.SLACK_SIGNING_SECRET === undefined) throw new DigestError('Slack HTTP mode needs SLACK_SIGNING_SECRET', { hint: 'Copy the signing secret from the app’s Basic Information page.' });
    const adapter = createSlackAdapter({
      mode,
      botToken: env.SLACK_BOT_TOKEN,
      appToken: env.SLACK_APP_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      port: app.config.slack.port,
      ...(env.SLACK_API_URL === undefined ? {} : { clientOptions: { slackApiUrl: env.SLACK_API_URL.endsWith('/') ? env.SLACK_API_URL : `${env.SLACK_API_URL}/` } }),
      admins: app.config.slack.admins,
      services: services('slack'),
      editionLink: (digest) => app.archive.editionUrl(digest),
      logger: app.logger.child({ platform: 'slack' }),
    });
    await adapter.start();
    running.push({ platform: 'slack', poster: adapter.poster, stop: () => adapter.stop(), health: () => adapter.health() });
  }
  return running;
}
