import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, Routes, type APIChannel, type APIMessage, type Client } from 'discord.js';
import { partKey } from '../../src/deliver/digest-poster.ts';
import type { ReplyInline, ThreadReply, ThreadReplyPoster } from '../../src/discussion/thread-reply.ts';
import type { Logger } from '../../src/log/logger.ts';
import { PLATFORM_LIMITS } from '../../src/text/platform-limits.ts';
import { splitText } from '../../src/text/split-text.ts';
import { escapeFeedText, safeLinkUrl } from './escape-discord-text.ts';
import { toDeliveryError } from './map-discord-error.ts';

/** Every text is a reader's or a commenter's until proven otherwise: escaped, links checked, nothing pings. */
function inline(parts: readonly ReplyInline[]): string {
  return parts.map((p) => {
    if (typeof p === 'string') return escapeFeedText(p);
    if ('strong' in p) return `**${escapeFeedText(p.strong)}**`;
    if ('quote' in p) return `“${escapeFeedText(p.quote)}”`;
    const url = safeLinkUrl(p.link);
    return url === undefined ? escapeFeedText(p.label) : `[${escapeFeedText(p.label)}](<${url}>)`;
  }).join('');
}

/** A reply as Discord markdown, in messages of at most 2,000 characters. */
export function renderDiscordReply(reply: ThreadReply): string[] {
  const lines = reply.blocks.map((b) => {
    switch (b.kind) {
      case 'heading':
        return `**${escapeFeedText(b.text)}**`;
      case 'line':
        return inline(b.parts);
      case 'bullet':
        return `• ${inline(b.parts)}`;
      case 'note':
        return `-# ${escapeFeedText(b.text)}`;
    }
  });
  return splitText(lines.join('\n'), PLATFORM_LIMITS.discord.content);
}

/**
 * Posts replies under a digest on Discord: in its thread (or, where no thread could be made, in the channel as a
 * reply), each message under the step's nonce so a repeated attempt within Discord's window returns the message
 * already made; a resumed step later than that first reads the target for the bot's own message with the same text.
 */
export function createDiscordReplyPoster(options: { client: Client; logger: Logger }): ThreadReplyPoster {
  const { client, logger } = options;

  const ownMessagesIn = async (targetId: string): Promise<APIMessage[]> => {
    try {
      const recent = (await client.rest.get(Routes.channelMessages(targetId), { query: new URLSearchParams({ limit: '100' }) })) as APIMessage[];
      return recent.filter((m) => m.author.id === client.user?.id);
    } catch {
      return [];
    }
  };

  return {
    platform: 'discord',
    async postReply(channel, target, reply, step) {
      const where = target.fallback ? channel.channelId : target.threadId;
      const parts = renderDiscordReply(reply);
      const already = step.resumed ? await ownMessagesIn(where) : [];
      const posted: { id: string }[] = [];
      for (const [k, content] of parts.entries()) {
        const existing = already.find((m) => m.content === content && !posted.some((p) => p.id === m.id));
        if (existing !== undefined) {
          posted.push({ id: existing.id });
          continue;
        }
        const reference = k === 0 && target.replyTo !== null ? { message_reference: { message_id: target.replyTo, fail_if_not_exists: false } } : {};
        try {
          const message = (await client.rest.post(Routes.channelMessages(where), {
            body: { content, flags: MessageFlags.SuppressEmbeds, allowed_mentions: { parse: [], replied_user: false }, nonce: partKey(step, k + 1), enforce_nonce: true, ...reference },
          })) as APIMessage;
          posted.push({ id: message.id });
        } catch (error) {
          const failure = toDeliveryError(error, channel, `channel ${channel.channelId}`, target.fallback ? 'send messages' : 'send messages in threads');
          logger.warn({ channelId: channel.channelId, permanent: failure.permanent, err: failure.message }, 'discord reply under a digest failed');
          throw failure;
        }
      }
      return posted;
    },
    async sendDirect(member, reply) {
      try {
        const dm = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: member.userId } })) as APIChannel;
        for (const content of renderDiscordReply(reply)) {
          await client.rest.post(Routes.channelMessages(dm.id), { body: { content, flags: MessageFlags.SuppressEmbeds, allowed_mentions: { parse: [] } } });
        }
        return 'sent';
      } catch (error) {
        if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) return 'not-allowed';
        throw error;
      }
    },
  };
}
