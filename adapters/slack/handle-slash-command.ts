import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { CommandContext } from '../../commands/invocation.ts';
import type { Reply } from '../../commands/reply.ts';
import type { CommandServices } from '../../commands/services.ts';
import type { Logger } from '../../src/log/logger.ts';
import { slashCommandKey, type RetryGuard } from './dedupe-retries.ts';
import { renderReply } from './render-reply.ts';

/** The command runner the handler calls; `dispatchText` from commands/dispatch.ts in the app. */
export type TextDispatcher = (text: string, ctx: CommandContext) => Promise<Reply>;

export interface SlashCommandHandlerOptions {
  services: CommandServices;
  dispatch: TextDispatcher;
  /** Whether a user is an admin; asked only when an admin command runs. */
  isAdmin(userId: string): Promise<boolean>;
  retryGuard: RetryGuard;
  logger: Logger;
}

/** The arguments Bolt passes a command listener. */
export type SlashCommandArgs = SlackCommandMiddlewareArgs & Pick<AllMiddlewareArgs, 'context' | 'client'>;

/**
 * Answers `/digest …`: acks at once (Slack allows 3 s, and `ask` or `post` take longer), runs each invocation
 * once however often Slack retries it, runs the platform-neutral command and answers through response_url. Never throws: a failure
 * is logged and reported to the user privately when possible.
 */
export function createSlashCommandHandler(options: SlashCommandHandlerOptions): (args: SlashCommandArgs) => Promise<void> {
  const { logger } = options;
  return async ({ command, ack, respond, context, client }) => {
    try {
      await ack();
    } catch (error) {
      logger.error({ err: error, channelId: command.channel_id }, 'could not ack a slack command');
      return;
    }
    const retryNum = typeof context.retryNum === 'number' ? context.retryNum : undefined;
    let first: boolean;
    try {
      first = await options.retryGuard.firstDelivery({ retryNum, key: slashCommandKey(command) });
    } catch (error) {
      // The shared claim could not be checked (database down): running the command beats losing it.
      logger.warn({ err: error, channelId: command.channel_id }, 'could not check whether a slack command was already received; running it');
      first = true;
    }
    if (!first) {
      logger.info({ channelId: command.channel_id, retryNum, retryReason: context.retryReason }, 'ignoring a repeated slack command request');
      return;
    }
    try {
      let admin: Promise<boolean> | undefined;
      const ctx: CommandContext = {
        channel: { platform: 'slack', workspaceId: command.team_id, channelId: command.channel_id },
        // Direct messages with the bot (D…) and group DMs: member commands there make no channel row.
        direct: command.channel_id.startsWith('D') || command.channel_name === 'directmessage' || (command.channel_name ?? '').startsWith('mpdm-'),
        user: {
          id: command.user_id,
          name: command.user_name,
          // Looked up once per command, and only if the command needs it.
          isAdmin: () => (admin ??= options.isAdmin(command.user_id)),
        },
        services: options.services,
      };
      const reply = renderReply(await options.dispatch(command.text ?? '', ctx));
      try {
        await respond(reply);
      } catch (error) {
        // A response_url lasts 30 minutes and 5 uses; a slow `ask` or `post` can outlive it.
        logger.warn({ err: error, channelId: command.channel_id }, 'response_url refused the answer; posting it with the Web API instead');
        const { response_type: visibility, ...content } = reply;
        if (visibility === 'ephemeral') await client.chat.postEphemeral({ channel: command.channel_id, user: command.user_id, ...content });
        else await client.chat.postMessage({ channel: command.channel_id, ...content, unfurl_links: false, unfurl_media: false });
      }
    } catch (error) {
      logger.error({ err: error, channelId: command.channel_id, text: command.text }, 'slack command failed');
      try {
        await respond({ response_type: 'ephemeral', text: 'Something went wrong running that command; the error is in the bot log.' });
      } catch (respondError) {
        logger.warn({ err: respondError, channelId: command.channel_id }, 'could not tell the user a command failed');
      }
    }
  };
}
